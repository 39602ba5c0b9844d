/**
 * Kandy's actions are fire-and-forget Redux dispatches. An operation here starts one and waits for the
 * matching `call:operation` FINISH (or its error), with a timeout, so every action resolves or rejects.
 */
import { CallError } from '../../core/errors.js';
import type { KandyClient, KandyError, KandyEventMap, KandyOperation } from './kandy-sdk.js';
import { toCallError } from './mapping.js';

interface Waiter {
  readonly callId: string;
  readonly operation: KandyOperation;
  readonly resolve: () => void;
  readonly reject: (error: CallError) => void;
}

export class KandyOperations {
  readonly #timeout: () => number;
  readonly #waiters = new Set<Waiter>();
  /** Pending `untilState` waits, each able to remove its listener and timer and reject. */
  readonly #stateWaits = new Set<(error: CallError) => void>();

  /** `timeout`: how long one operation may take, read when it starts. */
  constructor(timeout: () => number) {
    this.#timeout = timeout;
  }

  /** Runs one SDK action and waits for its `call:operation` FINISH. */
  run(client: KandyClient, callId: string, operation: KandyOperation, start: (client: KandyClient) => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new CallError('timeout', `Kandy did not finish ${operation.toLowerCase()} in time`, { callId }));
      }, this.#timeout());
      const waiter: Waiter = {
        callId,
        operation,
        resolve: () => (clearTimeout(timer), resolve()),
        reject: (e) => (clearTimeout(timer), reject(e)),
      };
      this.#waiters.add(waiter);
      try {
        start(client);
      } catch (error) {
        this.#waiters.delete(waiter);
        waiter.reject(CallError.from(error, 'provider-error', { callId }));
      }
    });
  }

  /** Settles the waiter for `operation` on `callId`; returns whether there was one. */
  settle(callId: string, operation: KandyOperation, error?: KandyError): boolean {
    for (const waiter of this.#waiters) {
      if (waiter.callId === callId && waiter.operation === operation) {
        this.#waiters.delete(waiter);
        if (error) waiter.reject(toCallError(error, operation.toLowerCase(), callId));
        else waiter.resolve();
        return true;
      }
    }
    return false;
  }

  /**
   * One `call:operation` event. A FINISH (or an error) of this side settles the action waiting for it; the
   * far side's hold or unhold finishing (CALL_REMOTE_HOLD_FINISH, `isLocal: false`, kandy.js:24291) never
   * does, though it has the same operation name. Returns the error nobody was waiting for, to be reported.
   */
  onOperationEvent(event: KandyEventMap['call:operation']): KandyError | null {
    const { callId, operation, transition, error, isLocal } = event;
    const ours = isLocal !== false;
    if (error) return ours && this.settle(callId, operation, error) ? null : error;
    if (transition === 'FINISH' && ours) this.settle(callId, operation);
    return null;
  }

  /** Resolves once the Kandy call's state passes `predicate` (now or on a later `call:stateChange`). */
  untilState(client: KandyClient, callId: string, predicate: (state: string) => boolean, current: string): Promise<void> {
    if (predicate(current)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const finish = (error?: CallError): void => {
        client.off('call:stateChange', onChange);
        clearTimeout(timer);
        this.#stateWaits.delete(finish);
        if (error) reject(error);
        else resolve();
      };
      const onChange = ({ callId: id }: { callId: string }): void => {
        const state = client.call.getById(callId)?.state;
        if (id === callId && state !== undefined && predicate(state)) finish();
      };
      const timer = setTimeout(() => finish(new CallError('timeout', 'The Kandy call did not start ringing', { callId })), this.#timeout());
      this.#stateWaits.add(finish);
      client.on('call:stateChange', onChange);
    });
  }

  /** The session closed: every waiting action and state wait rejects with `disposed`, its timer and listener gone. */
  rejectAll(): void {
    const closed = (): CallError => new CallError('disposed', 'The Kandy session was closed');
    for (const waiter of this.#waiters) waiter.reject(closed());
    this.#waiters.clear();
    for (const finish of [...this.#stateWaits]) finish(closed());
  }
}

/** Subscribes to the call service over the websocket channel; resolves on `subscription:change` with `call` subscribed. */
export function subscribeToCalls(client: KandyClient, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const done = (error?: CallError): void => {
      clearTimeout(timer);
      client.off('subscription:change', onChange);
      client.off('subscription:error', onError);
      if (error) reject(error);
      else resolve();
    };
    const onChange = (): void => {
      if (client.services.getSubscriptions().subscribed.includes('call')) done();
    };
    const onError = ({ error }: { error: KandyError }): void => done(toCallError(error, 'connect'));
    const timer = setTimeout(
      () => done(new CallError('timeout', 'Kandy did not confirm the call subscription', { action: 'connect' })),
      timeoutMs,
    );
    client.on('subscription:change', onChange);
    client.on('subscription:error', onError);
    client.services.subscribe(['call'], 'websocket');
  });
}

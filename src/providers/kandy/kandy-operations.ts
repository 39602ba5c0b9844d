/**
 * Kandy's actions are fire-and-forget Redux dispatches. An operation here starts one and waits for the
 * matching `call:operation` FINISH (or its error), with a timeout, so every action resolves or rejects.
 */
import { CallError } from '../../core/errors.js';
import type { KandyClient, KandyError, KandyOperation } from './kandy-sdk.js';
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

  /** Resolves once the Kandy call's state passes `predicate` (now or on a later `call:stateChange`). */
  untilState(client: KandyClient, callId: string, predicate: (state: string) => boolean, current: string): Promise<void> {
    if (predicate(current)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const onChange = ({ callId: id }: { callId: string }): void => {
        const state = client.call.getById(callId)?.state;
        if (id !== callId || state === undefined || !predicate(state)) return;
        client.off('call:stateChange', onChange);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        client.off('call:stateChange', onChange);
        reject(new CallError('timeout', 'The Kandy call did not start ringing', { callId }));
      }, this.#timeout());
      client.on('call:stateChange', onChange);
    });
  }

  /** The session closed: every waiting action rejects with `disposed`. */
  rejectAll(): void {
    for (const waiter of this.#waiters) waiter.reject(new CallError('disposed', 'The Kandy session was closed'));
    this.#waiters.clear();
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

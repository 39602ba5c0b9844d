/**
 * CallController: owns the normalized snapshot, applies provider updates with structural sharing,
 * notifies subscribers at most once per microtask, validates every action, and turns every failure into
 * a CallError that is both put into the snapshot and dispatched as `call-error`.
 */
import { ACTIONS, participantActionName, type ActionName } from './actions.js';
import type { PlanContext, Prepared } from './action-plans.js';
import { CallError, type CallErrorCode, type CallErrorOptions } from './errors.js';
import type { MediaView, ViewOptions } from './view.js';
import { defaultViewOptions } from './view.js';
import { revocableSink, type CallProvider, type JoinLocator, type ParticipantAction, type PermissionRequest, type ProviderSink, type TransferTarget, type WrapUpSubmission } from './provider.js';
import { reconcile } from './reconcile.js';
import type { Call, CallSnapshot, CallState, DestinationKind, DeviceKind, PendingAction, StreamRef } from './state.js';
import { initialSnapshot } from './state.js';

export type SnapshotListener = (snapshot: CallSnapshot) => void;

export interface CallStateChangeDetail {
  readonly call: Call;
  readonly previousState: CallState | null;
}
export interface CallIncomingDetail {
  readonly call: Call;
}
export interface CallEndedDetail {
  readonly call: Call;
}
export interface CallErrorDetail {
  readonly error: CallError;
}
export interface CallConnectionChangeDetail {
  readonly state: CallSnapshot['connection'];
}

/** Events the controller dispatches (and `<call-session>` re-dispatches, bubbling and composed). */
export interface CallEventMap {
  'call-state-change': CustomEvent<CallStateChangeDetail>;
  'call-incoming': CustomEvent<CallIncomingDetail>;
  'call-ended': CustomEvent<CallEndedDetail>;
  'call-error': CustomEvent<CallErrorDetail>;
  'call-connection-change': CustomEvent<CallConnectionChangeDetail>;
}
export const CALL_EVENTS = [
  'call-state-change',
  'call-incoming',
  'call-ended',
  'call-error',
  'call-connection-change',
] as const satisfies readonly (keyof CallEventMap)[];

const removed = (): CallError => new CallError('disposed', 'This call session has been removed');

type Plans = typeof import('./action-plans.js');
type PlanName = Exclude<keyof Plans, 'participantAction'> & keyof typeof ACTIONS;

let pendingSeq = 0;

/** A call in after-call work stopped talking when it entered it: `endedAt` is the platform's, else that moment. */
function stampWrapUpEnd(prev: CallSnapshot, next: CallSnapshot): CallSnapshot {
  const open = (c: Call) => c.state === 'wrap-up' && c.endedAt === null;
  return next.calls.some(open)
    ? { ...next, calls: next.calls.map((c) => (open(c) ? { ...c, endedAt: prev.calls.find((p) => p.id === c.id)?.endedAt ?? Date.now() } : c)) }
    : next;
}

/** Typed `call-*` listeners, by declaration merging: types only, no runtime override. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- only narrows EventTarget's own methods
export interface CallController {
  addEventListener<K extends keyof CallEventMap>(
    type: K,
    listener: ((event: CallEventMap[K]) => void) | null,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof CallEventMap>(
    type: K,
    listener: ((event: CallEventMap[K]) => void) | null,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}


// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
export class CallController extends EventTarget {
  readonly provider: CallProvider;
  #snapshot: CallSnapshot;
  #notified: CallSnapshot;
  #listeners = new Set<SnapshotListener>();
  #brokenListeners = new WeakSet<SnapshotListener>();
  #flushQueued = false;
  #views = new Set<MediaView>();
  #connecting: Promise<void> | null = null;
  #disposed = false;
  #planModule: Promise<Plans> | undefined;
  #endedSinceFlush: { call: Call; previousState: CallState | null }[] = [];
  #planned: Plans | undefined;
  readonly #context: PlanContext = { controller: this, update: (recipe) => this.#update(recipe) };

  constructor(provider: CallProvider) {
    super();
    this.provider = provider;
    this.#snapshot = initialSnapshot(provider.kind);
    this.#notified = this.#snapshot;
  }

  get snapshot(): CallSnapshot {
    return this.#snapshot;
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  /** Subscribers currently registered; 0 after every element has let go. */
  get subscriberCount(): number {
    return this.#listeners.size;
  }

  /** MediaViews created through this controller and not yet disposed. */
  get viewCount(): number {
    this.#pruneViews();
    return this.#views.size;
  }

  #pruneViews(): void {
    for (const view of this.#views) if (view.disposed) this.#views.delete(view);
  }

  subscribe(listener: SnapshotListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  // ---- state plumbing ---------------------------------------------------------------------------

  #connection: { readonly sink: ProviderSink; revoke(): void } | null = null;

  /** The sink of the current (or next) connection: the one the provider writes through. */
  get sink(): ProviderSink {
    this.#connection ??= this.#openSink();
    return this.#connection.sink;
  }

  #openSink(): { readonly sink: ProviderSink; revoke(): void } {
    const read = (): CallSnapshot => this.#snapshot;
    return revocableSink({
      get snapshot() {
        return read();
      },
      update: (recipe) => this.#update(recipe),
      fail: (error, fallback, options) => this.#fail(error, fallback, options),
    });
  }

  /** The provider's writes through the current sink stop here; the next connect gets a new one. */
  #revokeSink(): void {
    this.#connection?.revoke();
    this.#connection = null;
  }

  #update(recipe: (snapshot: CallSnapshot) => CallSnapshot): void {
    if (this.#disposed) return;
    const next = reconcile(this.#snapshot, stampWrapUpEnd(this.#snapshot, recipe(this.#snapshot)));
    if (next === this.#snapshot) return;
    // Several calls may end before subscribers hear of it; each gets its own call-ended at the flush.
    const ended = next.lastEndedCall;
    if (ended && ended !== this.#snapshot.lastEndedCall && this.#snapshot.lastEndedCall?.id !== ended.id) {
      this.#endedSinceFlush.push({ call: ended, previousState: this.#snapshot.calls.find((c) => c.id === ended.id)?.state ?? null });
    }
    this.#snapshot = next;
    if (!this.#flushQueued) {
      this.#flushQueued = true;
      queueMicrotask(() => this.#flush());
    }
  }

  #flush(): void {
    this.#flushQueued = false;
    if (this.#disposed) return;
    const prev = this.#notified;
    const next = this.#snapshot;
    if (prev === next) return;
    this.#notified = next;
    for (const listener of [...this.#listeners]) {
      try {
        listener(next);
      } catch (error) {
        // A broken subscriber must not starve the others. Reported once per subscriber, as an event only:
        // putting it into the snapshot would notify the same subscriber again, and again.
        if (!this.#brokenListeners.has(listener)) {
          this.#brokenListeners.add(listener);
          this.#emit('call-error', { error: CallError.from(error, 'internal', { action: ACTIONS.subscribe }) });
        }
      }
    }
    this.#dispatchChanges(prev, next);
  }

  #emit<K extends keyof CallEventMap>(type: K, detail: CallEventMap[K]['detail']): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  #dispatchChanges(prev: CallSnapshot, next: CallSnapshot): void {
    if (prev.connection !== next.connection) this.#emit('call-connection-change', { state: next.connection });
    if (prev.calls !== next.calls) {
      const before = new Map(prev.calls.map((c) => [c.id, c]));
      for (const call of next.calls) {
        const old = before.get(call.id);
        if (!old && call.direction === 'incoming' && call.state === 'ringing') this.#emit('call-incoming', { call });
        if (!old || old.state !== call.state) this.#emit('call-state-change', { call, previousState: old?.state ?? null });
      }
    }
    const endings = this.#endedSinceFlush.splice(0);
    for (const { call, previousState } of endings) {
      // A call that began and ended between two flushes was never announced; its ending still is.
      const old = prev.calls.find((c) => c.id === call.id);
      this.#emit('call-state-change', { call, previousState: old?.state ?? previousState });
      this.#emit('call-ended', { call });
    }
  }

  #fail(error: unknown, fallback: CallErrorCode = 'provider-error', options: CallErrorOptions = {}): CallError {
    const callError = CallError.from(error, fallback, options);
    if (this.#disposed) return callError;
    this.#update((s) => ({ ...s, error: callError }));
    this.#emit('call-error', { error: callError });
    return callError;
  }

  /** Forget the last error (the UI's dismiss button). */
  clearError(): void {
    this.#update((s) => (s.error ? { ...s, error: null } : s));
  }

  /** The action module: fetched at connect, so a user's first click does not wait for it. */
  #plans(): Promise<Plans> {
    return (this.#planModule ??= import('./action-plans.js').then((m) => (this.#planned = m)));
  }

  /** An action whose checks and run live in action-plans.ts under the action's own name. */
  #plan<T>(name: PlanName, ...args: unknown[]): Promise<T> {
    const prepare = (m: Plans) => (m[name] as unknown as (ctx: PlanContext, ...a: unknown[]) => Prepared<T>)(this.#context, ...args);
    return this.#act(ACTIONS[name], (m) => prepare(m));
  }

  /** Runs an action: its plan (checks) first, then marks it pending, runs it and reports any failure. Once
   * the action module is loaded all of this up to the provider call happens synchronously, as a click expects. */
  async #act<T>(action: ActionName, prepare: (plans: Plans) => Prepared<T>): Promise<T> {
    let prepared: Prepared<T>;
    try {
      if (this.#disposed) throw removed();
      prepared = prepare(this.#planned ?? (await this.#plans()));
    } catch (error) {
      throw this.#fail(error, 'internal', { action });
    }
    const entry: PendingAction & { id: number } = {
      id: ++pendingSeq,
      action,
      callId: prepared.callId ?? null,
      participantId: prepared.participantId ?? null,
    };
    this.#update((s) => ({ ...s, pending: [...s.pending, entry] }));
    try {
      const result = await prepared.run();
      prepared.after?.(result);
      return result;
    } catch (error) {
      throw this.#fail(error, 'provider-error', { action, callId: prepared.callId ?? undefined });
    } finally {
      this.#update((s) => ({ ...s, pending: s.pending.filter((p) => (p as { id?: number }).id !== entry.id) }));
    }
  }

  // ---- lifecycle ---------------------------------------------------------------------------------

  /** Connect the provider. Idempotent; a failure leaves `connection: 'failed'` and rejects. */
  connect(): Promise<void> {
    if (this.#disposed) return Promise.reject(this.#fail(removed()));
    if (this.#connecting) return this.#connecting;
    this.#update((s) => ({ ...s, connection: s.connection === 'connected' ? s.connection : 'connecting' }));
    const sink = this.sink;
    // Connected means ready to act: the action module loads beside the provider, so no click waits for it.
    this.#connecting = Promise.all([this.provider.connect(sink), this.#plans()]).then(
      () => {
        if (!sink.revoked) this.#update((s) => (s.connection === 'connecting' ? { ...s, connection: 'connected' } : s));
      },
      (error: unknown) => {
        // A failed attempt's late events must not reach the state of the next one.
        if (this.#connection?.sink === sink) this.#revokeSink();
        this.#connecting = null;
        this.#update((s) => ({ ...s, connection: 'failed' }));
        throw this.#fail(error, 'network', { action: ACTIONS.connect });
      },
    );
    return this.#connecting;
  }

  /** Disconnect from the platform but keep the controller usable (connect again later). */
  async disconnect(): Promise<void> {
    this.#connecting = null;
    this.#revokeSink();
    try {
      await this.provider.disconnect();
    } catch (error) {
      throw this.#fail(error, 'provider-error', { action: ACTIONS.disconnect });
    } finally {
      this.#update((s) => ({ ...s, connection: 'disconnected', calls: [], activeCallId: null, pending: [] }));
    }
  }

  /** Tear down for good: provider disconnected, every view disposed, every subscriber dropped. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    for (const view of this.#views) view.dispose();
    this.#views.clear();
    this.#revokeSink();
    try {
      await this.provider.disconnect();
    } catch (error) {
      this.#fail(error, 'provider-error', { action: ACTIONS.dispose });
    }
    this.#disposed = true;
    this.#listeners.clear();
    this.#snapshot = { ...this.#snapshot, connection: 'disconnected', calls: [], activeCallId: null, pending: [] };
  }

  // ---- media ---------------------------------------------------------------------------------------

  /**
   * A MediaView for a stream. Throws a CallError (also reported) when the stream is not valid or the
   * provider cannot render it. The controller disposes every view still alive when it is disposed.
   */
  createView(stream: StreamRef, options: Partial<ViewOptions> = {}): MediaView {
    try {
      if (this.#disposed) throw removed();
      if (!stream || typeof stream !== 'object' || typeof stream.id !== 'string' || !stream.id) {
        throw new CallError('invalid-argument', 'createView needs a stream reference with an id');
      }
      const view = this.provider.createView(stream, { ...defaultViewOptions, ...options });
      this.#pruneViews();
      this.#views.add(view);
      view.ready.catch((error: unknown) => this.#fail(error, 'provider-error', { action: ACTIONS.createView }));
      return view;
    } catch (error) {
      throw this.#fail(error, 'provider-error', { action: ACTIONS.createView });
    }
  }

  // ---- actions ---------------------------------------------------------------------------------

  /** Make `callId` the call the controls act on. */
  setActiveCall(callId: string): void {
    const call = this.#snapshot.calls.find((c) => c.id === callId);
    if (!call) {
      this.#fail(new CallError('not-found', `No call with id ${String(callId)}`), 'not-found', { action: ACTIONS.setActiveCall });
      return;
    }
    this.#update((s) => ({ ...s, activeCallId: callId }));
  }

  startCall(to: string | readonly string[], options: { video?: boolean; kind?: DestinationKind } = {}): Promise<string> {
    return this.#plan('startCall', to, options);
  }

  join(locator: JoinLocator, options: { video?: boolean } = {}): Promise<string> {
    return this.#plan('join', locator, options);
  }

  accept(callId: string, options: { video?: boolean } = {}): Promise<void> {
    return this.#plan('accept', callId, options);
  }

  reject(callId: string): Promise<void> {
    return this.#plan('reject', callId);
  }

  hangUp(callId?: string, options: { forEveryone?: boolean } = {}): Promise<void> {
    return this.#plan('hangUp', callId, options);
  }

  setMuted(muted: boolean, callId?: string): Promise<void> {
    return this.#plan('setMuted', muted, callId);
  }

  setVideo(on: boolean, callId?: string): Promise<void> {
    return this.#plan('setVideo', on, callId);
  }

  setScreenShare(on: boolean, callId?: string): Promise<void> {
    return this.#plan('setScreenShare', on, callId);
  }

  hold(callId?: string): Promise<void> {
    return this.#plan('hold', callId);
  }

  resume(callId?: string): Promise<void> {
    return this.#plan('resume', callId);
  }

  sendDtmf(digits: string, callId?: string): Promise<void> {
    return this.#plan('sendDtmf', digits, callId);
  }

  addParticipant(target: string, callId?: string): Promise<void> {
    return this.#plan('addParticipant', target, callId);
  }

  removeParticipant(participantId: string, callId?: string): Promise<void> {
    return this.#plan('removeParticipant', participantId, callId);
  }

  participantAction(participantId: string, action: ParticipantAction, callId?: string): Promise<void> {
    // An unknown action still gets a name for the error it produces; it never reaches a provider.
    const type = (action as { type?: unknown } | null)?.type;
    const name = (typeof type === 'string' && participantActionName(type as ParticipantAction['type'])) || (`participant-${String(type)}` as ActionName);
    return this.#act(name, (m) => m.participantAction(this.#context, participantId, action, callId));
  }

  setRecording(on: boolean, callId?: string): Promise<void> {
    return this.#plan('setRecording', on, callId);
  }

  /** Pause (true) or resume (false) the call's recording. */
  setRecordingPaused(paused: boolean, callId?: string): Promise<void> {
    return this.#plan('setRecordingPaused', paused, callId);
  }

  /** Blind transfer to a destination, or consultative transfer onto another call with `{ callId }`. */
  transfer(target: string | TransferTarget, callId?: string): Promise<void> {
    return this.#plan('transfer', target, callId);
  }

  /** Join another call of this user into this one. */
  mergeCalls(otherCallId: string, callId?: string): Promise<void> {
    return this.#plan('mergeCalls', otherCallId, callId);
  }

  /** Submit after-call work for a call in `wrap-up`. */
  submitWrapUp(wrapUp: WrapUpSubmission, callId?: string): Promise<void> {
    return this.#plan('submitWrapUp', wrapUp, callId);
  }

  /** Leave after-call work without a code, where the call's wrap-up is optional. */
  skipWrapUp(callId?: string): Promise<void> {
    return this.#plan('skipWrapUp', callId);
  }

  redirect(url: string, callId?: string): Promise<void> {
    return this.#plan('redirect', url, callId);
  }

  selectDevice(kind: DeviceKind, deviceId: string): Promise<void> {
    return this.#plan('selectDevice', kind, deviceId);
  }

  requestPermissions(request: Partial<PermissionRequest> = {}): Promise<void> {
    return this.#plan('requestPermissions', request);
  }

  refresh(): Promise<void> {
    return this.#plan('refresh');
  }
}

/**
 * CallController: owns the normalized snapshot, applies provider updates with structural sharing,
 * notifies subscribers at most once per microtask, validates every action, and turns every failure into
 * a CallError that is both put into the snapshot and dispatched as `call-error`.
 */
import { ACTIONS, participantActionName, type ActionName } from './actions.js';
import { CallError, type CallErrorCode, type CallErrorOptions } from './errors.js';
import type { MediaView, ViewOptions } from './view.js';
import { defaultViewOptions } from './view.js';
import { revocableSink, type CallProvider, type JoinLocator, type ParticipantAction, type PermissionRequest, type ProviderSink } from './provider.js';
import { reconcile } from './reconcile.js';
import type { Call, CallSnapshot, CallState, Capability, DestinationKind, DeviceKind, PendingAction, StreamRef } from './state.js';
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

const MAX_TEXT = 512;
const DTMF = /^[0-9A-D*#,]{1,64}$/;
const DEVICE_KINDS: readonly DeviceKind[] = ['microphone', 'camera', 'speaker'];
const PARTICIPANT_CAPABILITY: Record<ParticipantAction['type'], Capability> = {
  mute: 'participant-mute',
  hold: 'participant-hold',
  record: 'record',
  whisper: 'whisper',
  listen: 'listen-pause',
};

function invalid(message: string): CallError {
  return new CallError('invalid-argument', message);
}

const removed = (): CallError => new CallError('disposed', 'This call session has been removed');

function expectBoolean(value: unknown, name: string): asserts value is boolean {
  if (typeof value !== 'boolean') throw invalid(`${name} must be true or false, got ${typeof value}`);
}

function expectText(value: unknown, name: string, max = MAX_TEXT): string {
  if (typeof value !== 'string') throw invalid(`${name} must be a string, got ${typeof value}`);
  const text = value.trim();
  if (!text) throw invalid(`${name} must not be empty`);
  if (text.length > max) throw invalid(`${name} is longer than ${max} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) throw invalid(`${name} contains control characters`);
  return text;
}

function expectOptionalId(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  return expectText(value, name);
}

interface Prepared<T> {
  callId?: string | null;
  participantId?: string | null;
  run: () => Promise<T>;
  after?: (result: T) => void;
}

let pendingSeq = 0;

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

type CallMethod = typeof ACTIONS.setMuted | typeof ACTIONS.setVideo | typeof ACTIONS.setScreenShare | typeof ACTIONS.hold | typeof ACTIONS.resume | typeof ACTIONS.setRecording;

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
    const next = reconcile(this.#snapshot, recipe(this.#snapshot));
    if (next === this.#snapshot) return;
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
    const ended = next.lastEndedCall;
    if (ended && ended !== prev.lastEndedCall && prev.lastEndedCall?.id !== ended.id) {
      const old = prev.calls.find((c) => c.id === ended.id);
      this.#emit('call-state-change', { call: ended, previousState: old?.state ?? null });
      this.#emit('call-ended', { call: ended });
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

  async #act<T>(action: ActionName, prepare: () => Prepared<T>): Promise<T> {
    let prepared: Prepared<T>;
    try {
      if (this.#disposed) throw removed();
      prepared = prepare();
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

  #method<K extends keyof CallProvider>(name: K): NonNullable<CallProvider[K]> {
    const fn = this.provider[name];
    if (typeof fn !== 'function') {
      throw this.#unsupported(String(name));
    }
    return (fn as (...args: unknown[]) => unknown).bind(this.provider) as NonNullable<CallProvider[K]>;
  }

  #unsupported(what: string): CallError {
    return new CallError('unsupported', `The ${this.provider.kind} provider does not support ${what}`);
  }

  #requireConnected(): void {
    if (this.#snapshot.connection !== 'connected' && this.#snapshot.connection !== 'reconnecting') {
      throw new CallError('not-connected', 'Not connected to the calling service yet');
    }
  }

  #requirePlatform(capability: Capability): void {
    if (!this.#snapshot.platform.capabilities.includes(capability)) {
      throw this.#unsupported(capability);
    }
  }

  /** The call an action targets: the given id, or the active call; checks it has the capability. */
  #call(callId: unknown, capability?: Capability): Call {
    const id = expectOptionalId(callId, 'callId') ?? this.#snapshot.activeCallId;
    if (!id) throw new CallError('invalid-state', 'There is no active call');
    const call = this.#snapshot.calls.find((c) => c.id === id);
    if (!call) throw new CallError('not-found', `No call with id ${id}`);
    if (capability && !call.capabilities.includes(capability)) {
      throw new CallError('unsupported', `This call does not support ${capability}`);
    }
    return call;
  }

  // ---- lifecycle ---------------------------------------------------------------------------------

  /** Connect the provider. Idempotent; a failure leaves `connection: 'failed'` and rejects. */
  connect(): Promise<void> {
    if (this.#disposed) return Promise.reject(this.#fail(removed()));
    if (this.#connecting) return this.#connecting;
    this.#update((s) => ({ ...s, connection: s.connection === 'connected' ? s.connection : 'connecting' }));
    const sink = this.sink;
    this.#connecting = this.provider.connect(sink).then(
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
        throw invalid('createView needs a stream reference with an id');
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
    return this.#act(ACTIONS.startCall, () => {
      const list = typeof to === 'string' ? [to] : to;
      if (!Array.isArray(list) || list.length === 0) throw invalid('startCall needs at least one destination');
      const targets = list.map((t, i) => expectText(t, `destination ${i + 1}`));
      const video = options.video ?? false;
      expectBoolean(video, 'video');
      const kinds = this.#snapshot.platform.destinations;
      if (options.kind !== undefined && !kinds.includes(options.kind)) {
        throw this.#unsupported(`dialling a ${String(options.kind)}`);
      }
      this.#requireConnected();
      this.#requirePlatform('outgoing');
      const startCall = this.#method('startCall');
      return {
        run: () => startCall(targets, { video, ...(options.kind ? { kind: options.kind } : {}) }),
        after: (callId) => {
          if (this.#snapshot.calls.some((c) => c.id === callId)) this.#update((s) => ({ ...s, activeCallId: callId }));
        },
      };
    });
  }

  join(locator: JoinLocator, options: { video?: boolean } = {}): Promise<string> {
    return this.#act(ACTIONS.join, () => {
      if (!locator || typeof locator !== 'object') throw invalid('join needs a locator such as { room: "name" }');
      const keys = Object.keys(locator);
      const known = ['room', 'groupId', 'meetingLink', 'meetingId', 'passcode', 'roomId'];
      if (keys.length === 0 || keys.some((k) => !known.includes(k))) throw invalid(`Unknown join locator: ${keys.join(', ')}`);
      for (const key of keys) expectText((locator as unknown as Record<string, unknown>)[key], key, 2048);
      const video = options.video ?? false;
      expectBoolean(video, 'video');
      this.#requireConnected();
      this.#requirePlatform('group-join');
      const join = this.#method('join');
      return {
        run: () => join(locator, { video }),
        after: (callId) => {
          if (this.#snapshot.calls.some((c) => c.id === callId)) this.#update((s) => ({ ...s, activeCallId: callId }));
        },
      };
    });
  }

  accept(callId: string, options: { video?: boolean } = {}): Promise<void> {
    return this.#act(ACTIONS.accept, () => {
      const call = this.#call(expectText(callId, 'callId'));
      if (call.direction !== 'incoming' || call.state !== 'ringing') {
        throw new CallError('invalid-state', 'Only a ringing incoming call can be accepted');
      }
      const video = options.video ?? false;
      expectBoolean(video, 'video');
      if (video && !call.capabilities.includes('video')) throw new CallError('unsupported', 'This call does not support video');
      const accept = this.#method('accept');
      return {
        callId: call.id,
        run: () => accept(call.id, { video }),
        after: () => this.#update((s) => (s.calls.some((c) => c.id === call.id) ? { ...s, activeCallId: call.id } : s)),
      };
    });
  }

  reject(callId: string): Promise<void> {
    return this.#act(ACTIONS.reject, () => {
      const call = this.#call(expectText(callId, 'callId'));
      if (call.direction !== 'incoming' || call.state !== 'ringing') {
        throw new CallError('invalid-state', 'Only a ringing incoming call can be declined');
      }
      const reject = this.#method('reject');
      return { callId: call.id, run: () => reject(call.id) };
    });
  }

  hangUp(callId?: string, options: { forEveryone?: boolean } = {}): Promise<void> {
    return this.#act(ACTIONS.hangUp, () => {
      const call = this.#call(callId);
      const forEveryone = options.forEveryone ?? false;
      expectBoolean(forEveryone, 'forEveryone');
      if (forEveryone && !call.capabilities.includes('hang-up-for-everyone')) {
        throw new CallError('unsupported', 'This call cannot be ended for everyone');
      }
      const hangUp = this.#method('hangUp');
      return { callId: call.id, run: () => hangUp(call.id, { forEveryone }) };
    });
  }

  setMuted(muted: boolean, callId?: string): Promise<void> {
    return this.#callAction(ACTIONS.setMuted, 'mute', callId, muted, 'muted');
  }

  setVideo(on: boolean, callId?: string): Promise<void> {
    return this.#callAction(ACTIONS.setVideo, 'video', callId, on, 'on');
  }

  setScreenShare(on: boolean, callId?: string): Promise<void> {
    return this.#callAction(ACTIONS.setScreenShare, 'screen-share', callId, on, 'on');
  }

  hold(callId?: string): Promise<void> {
    return this.#callAction(ACTIONS.hold, 'hold', callId);
  }

  resume(callId?: string): Promise<void> {
    return this.#callAction(ACTIONS.resume, 'hold', callId);
  }

  /** The shape most call actions share: an optional flag, a capability, a provider method of the same name. */
  #callAction(method: CallMethod, capability: Capability, callId: unknown, flag?: unknown, flagName?: string): Promise<void> {
    return this.#act(method, () => {
      if (flagName) expectBoolean(flag, flagName);
      const call = this.#call(callId, capability);
      const fn = this.#method(method) as (callId: string, flag?: unknown) => Promise<void>;
      return { callId: call.id, run: () => (flagName ? fn(call.id, flag) : fn(call.id)) };
    });
  }

  /** Actions that take one destination or URL for a call. */
  #targetAction(method: typeof ACTIONS.addParticipant | typeof ACTIONS.transfer | typeof ACTIONS.redirect, capability: Capability, target: unknown, callId: unknown): Promise<void> {
    return this.#act(method, () => {
      const to = method === ACTIONS.redirect ? expectUrl(target, 'url') : expectText(target, 'target');
      const call = this.#call(callId, capability);
      const fn = this.#method(method) as (callId: string, target: string) => Promise<void>;
      return { callId: call.id, run: () => fn(call.id, to) };
    });
  }

  sendDtmf(digits: string, callId?: string): Promise<void> {
    return this.#act(ACTIONS.sendDtmf, () => {
      if (typeof digits !== 'string' || !DTMF.test(digits.toUpperCase())) {
        throw invalid('DTMF digits must be 1–64 of 0-9, *, #, A-D or a comma');
      }
      const tones = digits.toUpperCase();
      const call = this.#call(callId, 'dtmf');
      const sendDtmf = this.#method('sendDtmf');
      return {
        callId: call.id,
        run: () => sendDtmf(call.id, tones),
        after: () => this.#update((s) => ({ ...s, calls: s.calls.map((c) => (c.id === call.id ? { ...c, dtmf: c.dtmf + tones } : c)) })),
      };
    });
  }

  addParticipant(target: string, callId?: string): Promise<void> {
    return this.#targetAction(ACTIONS.addParticipant, 'add-participant', target, callId);
  }

  removeParticipant(participantId: string, callId?: string): Promise<void> {
    return this.#act(ACTIONS.removeParticipant, () => {
      const pid = expectText(participantId, 'participantId');
      const call = this.#call(callId, 'remove-participant');
      if (!call.participants.some((p) => p.id === pid)) throw new CallError('not-found', `No participant with id ${pid}`);
      const removeParticipant = this.#method('removeParticipant');
      return { callId: call.id, participantId: pid, run: () => removeParticipant(call.id, pid) };
    });
  }

  participantAction(participantId: string, action: ParticipantAction, callId?: string): Promise<void> {
    const known = !!action && typeof action === 'object' && action.type in PARTICIPANT_CAPABILITY;
    // An unknown action still gets a name for the error it produces; it never reaches a provider.
    const name = known ? participantActionName(action.type) : (`participant-${String((action as { type?: unknown } | null)?.type)}` as ActionName);
    return this.#act(name, () => {
      const pid = expectText(participantId, 'participantId');
      if (!known) throw invalid('participantAction needs an action of type mute, hold, record, whisper or listen');
      if (action.type === 'mute') expectBoolean(action.muted, 'muted');
      if (action.type === 'hold') expectBoolean(action.held, 'held');
      if (action.type === 'record') expectBoolean(action.recording, 'recording');
      if (action.type === 'listen' && !['active', 'paused', 'silenced'].includes(action.status)) {
        throw invalid('listen status must be active, paused or silenced');
      }
      if (action.type === 'whisper') {
        if (action.text === undefined && action.url === undefined) throw invalid('whisper needs a text or a url');
        if (action.text !== undefined) expectText(action.text, 'text', 1000);
        if (action.url !== undefined) expectUrl(action.url, 'url');
      }
      const call = this.#call(callId, PARTICIPANT_CAPABILITY[action.type]);
      if (!call.participants.some((p) => p.id === pid)) throw new CallError('not-found', `No participant with id ${pid}`);
      const participantAction = this.#method('participantAction');
      return { callId: call.id, participantId: pid, run: () => participantAction(call.id, pid, action) };
    });
  }

  setRecording(on: boolean, callId?: string): Promise<void> {
    return this.#callAction(ACTIONS.setRecording, 'record', callId, on, 'on');
  }

  transfer(target: string, callId?: string): Promise<void> {
    return this.#targetAction(ACTIONS.transfer, 'transfer', target, callId);
  }

  redirect(url: string, callId?: string): Promise<void> {
    return this.#targetAction(ACTIONS.redirect, 'redirect', url, callId);
  }

  selectDevice(kind: DeviceKind, deviceId: string): Promise<void> {
    return this.#act(ACTIONS.selectDevice, () => {
      if (!DEVICE_KINDS.includes(kind)) throw invalid('Device kind must be microphone, camera or speaker');
      const id = expectText(deviceId, 'deviceId');
      this.#requirePlatform(kind === 'speaker' ? 'speaker-select' : 'device-select');
      const list = this.#snapshot.devices[kind === 'microphone' ? 'microphones' : kind === 'camera' ? 'cameras' : 'speakers'];
      if (!list.some((d) => d.id === id)) throw new CallError('device-not-found', `No ${kind} with id ${id}`);
      const selectDevice = this.#method('selectDevice');
      return { run: () => selectDevice(kind, id) };
    });
  }

  requestPermissions(request: Partial<PermissionRequest> = {}): Promise<void> {
    return this.#act(ACTIONS.requestPermissions, () => {
      const audio = request.audio ?? true;
      const video = request.video ?? true;
      expectBoolean(audio, 'audio');
      expectBoolean(video, 'video');
      if (!audio && !video) throw invalid('Ask for the microphone, the camera, or both');
      const requestPermissions = this.#method('requestPermissions');
      return { run: () => requestPermissions({ audio, video }) };
    });
  }

  refresh(): Promise<void> {
    return this.#act(ACTIONS.refresh, () => {
      const refresh = this.#method('refresh');
      return { run: () => refresh() };
    });
  }
}

function expectUrl(value: unknown, name: string): string {
  const text = expectText(value, name, 2048);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(`${name} must be an absolute URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:' && url.protocol !== 'wss:' && url.protocol !== 'ws:') {
    throw invalid(`${name} must be an http(s) or ws(s) URL`);
  }
  return text;
}

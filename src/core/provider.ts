/**
 * The contract a platform adapter implements. Actions are optional: a provider without one makes the
 * controller reject that action with `unsupported`. Providers report state only through the sink.
 */
import { CallError, type CallErrorCode, type CallErrorOptions } from './errors.js';
import type { MediaView, ViewOptions } from './view.js';
import type { CallSnapshot, DestinationKind, DeviceKind, StreamRef } from './state.js';

/**
 * Where a provider reports state. Each `connect` gets a fresh sink; once the session disconnects that sink
 * is revoked: `update` does nothing and `fail` only builds the error, so a late SDK event, timer or
 * response of an old connection cannot touch the state. Providers need no guards of their own for that.
 */
export interface ProviderSink {
  /** The latest state, including updates not yet notified. */
  readonly snapshot: CallSnapshot;
  /** True once the connection this sink belongs to is over; writes are then dropped. */
  readonly revoked: boolean;
  /** Replace the state with a function of it; identity of unchanged parts is restored by the controller. */
  update(recipe: (snapshot: CallSnapshot) => CallSnapshot): void;
  /** Report a failure that no action awaits (a dropped socket, an SDK error event). */
  fail(error: unknown, fallback?: CallErrorCode, options?: CallErrorOptions): CallError;
}

/** A sink over `target` that can be cut off: after `revoke()` it reads but no longer writes. */
export function revocableSink(target: Omit<ProviderSink, 'revoked'>): { readonly sink: ProviderSink; revoke(): void } {
  let revoked = false;
  const sink: ProviderSink = {
    get snapshot() {
      return target.snapshot;
    },
    get revoked() {
      return revoked;
    },
    update(recipe) {
      if (!revoked) target.update(recipe);
    },
    fail(error, fallback, options) {
      return revoked ? CallError.from(error, fallback, options) : target.fail(error, fallback, options);
    },
  };
  return {
    sink,
    revoke: () => {
      revoked = true;
    },
  };
}

export interface StartCallOptions {
  readonly video: boolean;
  /** The kind of destination, when the caller knows it (the dialer does). */
  readonly kind?: DestinationKind;
}

/** Where to join: a local room, an ACS group, a Teams meeting, an ACS Rooms room. */
export type JoinLocator =
  | { readonly room: string }
  | { readonly groupId: string }
  | { readonly meetingLink: string }
  | { readonly meetingId: string; readonly passcode?: string }
  | { readonly roomId: string };

export type ParticipantAction =
  | { readonly type: 'mute'; readonly muted: boolean }
  | { readonly type: 'hold'; readonly held: boolean }
  | { readonly type: 'record'; readonly recording: boolean }
  | { readonly type: 'whisper'; readonly text?: string; readonly url?: string }
  | { readonly type: 'listen'; readonly status: 'active' | 'paused' | 'silenced' };

/** Where a transfer goes: a destination (blind transfer, or forward when the call still rings), or another call. */
export type TransferTarget =
  | { readonly to: string; readonly kind?: DestinationKind }
  /** Consultative (attended) transfer: join this call's far end with the far end of `callId`. */
  | { readonly callId: string };

/** After-call work the user submits for a call in `wrap-up`. */
export interface WrapUpSubmission {
  readonly codeId: string;
  readonly notes?: string;
}

export interface PermissionRequest {
  readonly audio: boolean;
  readonly video: boolean;
}

export interface CallProvider {
  readonly kind: string;
  /** Start talking to the platform; report state through the sink. Resolves when usable. */
  connect(sink: ProviderSink): Promise<void>;
  /** Stop everything: calls, media, sockets, timers. Called once when the session goes away. */
  disconnect(): Promise<void>;
  /** A view for a stream; the element is returned at once, media attaches when ready. */
  createView(stream: StreamRef, options: ViewOptions): MediaView;

  startCall?(to: readonly string[], options: StartCallOptions): Promise<string>;
  join?(locator: JoinLocator, options: { readonly video: boolean }): Promise<string>;
  accept?(callId: string, options: { readonly video: boolean }): Promise<void>;
  reject?(callId: string): Promise<void>;
  hangUp?(callId: string, options: { readonly forEveryone: boolean }): Promise<void>;
  setMuted?(callId: string, muted: boolean): Promise<void>;
  setVideo?(callId: string, on: boolean): Promise<void>;
  setScreenShare?(callId: string, on: boolean): Promise<void>;
  hold?(callId: string): Promise<void>;
  resume?(callId: string): Promise<void>;
  sendDtmf?(callId: string, digits: string): Promise<void>;
  addParticipant?(callId: string, target: string): Promise<void>;
  removeParticipant?(callId: string, participantId: string): Promise<void>;
  participantAction?(callId: string, participantId: string, action: ParticipantAction): Promise<void>;
  setRecording?(callId: string, on: boolean): Promise<void>;
  /** Pause (true) or resume (false) a running recording; capability `record-pause`. */
  setRecordingPaused?(callId: string, paused: boolean): Promise<void>;
  /** Capability `transfer` for `{ to }`, `consult-transfer` for `{ callId }`. */
  transfer?(callId: string, target: TransferTarget): Promise<void>;
  /** Join `callId` and `otherCallId` into one call; capability `merge`. */
  mergeCalls?(callId: string, otherCallId: string): Promise<void>;
  /** Submit after-call work for a call in `wrap-up`; capability `wrap-up`. The call leaves the list after. */
  submitWrapUp?(callId: string, wrapUp: WrapUpSubmission): Promise<void>;
  /** Leave wrap-up without a code, where the call's wrap-up is not `required`; the call leaves the list after. */
  skipWrapUp?(callId: string): Promise<void>;
  redirect?(callId: string, url: string): Promise<void>;
  selectDevice?(kind: DeviceKind, deviceId: string): Promise<void>;
  requestPermissions?(request: PermissionRequest): Promise<void>;
  /** Re-read the platform's calls now (call-control platforms). */
  refresh?(): Promise<void>;
}

/** What `<call-session>` hands a provider factory: its attributes plus `providerOptions`. */
export interface ProviderConfig {
  readonly displayName?: string;
  readonly scenario?: string;
  readonly participants?: number;
  readonly server?: string;
  readonly user?: string;
  /** `providerOptions`: secrets, callbacks and platform settings. Never read from attributes. */
  readonly options: Readonly<Record<string, unknown>>;
}

export type ProviderFactory = (config: ProviderConfig) => CallProvider | Promise<CallProvider>;

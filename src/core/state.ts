/**
 * The normalized call vocabulary. Plain, readonly data: every platform is translated into this, and
 * elements render only from it. Unchanged parts keep their object identity between snapshots.
 */
import type { ActionName } from './actions.js';
import type { CallError } from './errors.js';

export type ConnectionState = 'disconnected' | 'connecting' | 'connected' | 'reconnecting' | 'failed';

export type CallState =
  | 'idle'
  | 'connecting'
  | 'ringing'
  | 'early-media'
  | 'connected'
  | 'on-hold'
  | 'remote-hold'
  | 'in-lobby'
  | 'disconnecting'
  /** The conversation is over but the platform wants after-call work (a wrap-up code) before it goes. */
  | 'wrap-up'
  | 'ended';

export type ParticipantState =
  | 'idle'
  | 'connecting'
  | 'ringing'
  | 'early-media'
  | 'connected'
  | 'on-hold'
  | 'in-lobby'
  | 'disconnected';

/** Actions a platform supports, on a call right now or on the platform as a whole. */
export type Capability =
  | 'mute'
  | 'video'
  | 'screen-share'
  | 'hold'
  | 'dtmf'
  | 'add-participant'
  | 'remove-participant'
  | 'participant-mute'
  | 'participant-hold'
  | 'record'
  /** Pause and resume a running recording (secure pause while a card number is read, …). */
  | 'record-pause'
  | 'whisper'
  | 'listen-pause'
  | 'transfer'
  /** Transfer onto another call of this user (consultative / attended transfer). */
  | 'consult-transfer'
  /** Join this call and another call of this user into one. */
  | 'merge'
  /** Submit after-call work (a wrap-up code and notes) for a call in `wrap-up`. */
  | 'wrap-up'
  | 'redirect'
  | 'hang-up-for-everyone'
  | 'group-join'
  | 'outgoing'
  | 'incoming'
  | 'device-select'
  | 'speaker-select';

/** Kinds of destination a platform can dial. The dialer accepts only what the platform declares. */
export type DestinationKind = 'phone' | 'user' | 'sip' | 'acs' | 'teams' | 'queue' | 'email';

export type Direction = 'incoming' | 'outgoing';

/** Why a call ended, normalized; `platformCode` keeps the platform's own code for support. */
export type EndReasonCode =
  | 'hung-up'
  | 'remote-hung-up'
  | 'busy'
  | 'no-answer'
  | 'declined'
  | 'cancelled'
  | 'answered-elsewhere'
  | 'unavailable'
  | 'forbidden'
  | 'network'
  /** Handed to someone else by this user (a blind or consultative transfer). */
  | 'transferred'
  | 'failed';

export interface EndReason {
  readonly code: EndReasonCode;
  readonly message?: string;
  readonly platformCode?: string;
}

export type StreamKind = 'camera' | 'screen';

/** A reference to a video stream; the provider turns it into a MediaView on request. */
export interface StreamRef {
  readonly id: string;
  readonly participantId: string;
  readonly kind: StreamKind;
  /** False while the stream exists but carries no video (camera off, not yet received). */
  readonly available: boolean;
  /** True for the local user's own camera or screen. */
  readonly local: boolean;
}

export interface Party {
  readonly displayName: string;
  readonly address: string;
}

export interface Participant {
  readonly id: string;
  readonly displayName: string;
  readonly address: string;
  readonly state: ParticipantState;
  readonly muted: boolean;
  readonly speaking: boolean;
  readonly held: boolean;
  readonly recording: boolean;
  readonly video: readonly StreamRef[];
  /** The platform's role for this party: `agent`, `customer`, `external`, `acd`, `ivr`, `host`, … */
  readonly role?: string;
  /** Set where the platform can pause, silence or resume this party's listen stream. */
  readonly listen?: 'active' | 'paused' | 'silenced';
}

export interface LocalMedia {
  readonly muted: boolean;
  readonly video: boolean;
  readonly screenSharing: boolean;
  readonly held: boolean;
  /** The local camera and screen streams, for self-view tiles. */
  readonly streams: readonly StreamRef[];
}

export interface Call {
  readonly id: string;
  readonly direction: Direction;
  readonly state: CallState;
  readonly remoteParties: readonly Party[];
  readonly participants: readonly Participant[];
  /** Epoch ms when the call was created (rang or was dialled). */
  readonly createdAt: number;
  /** Epoch ms when the call first connected; null before. */
  readonly startedAt: number | null;
  /** Epoch ms when the call ended, or when its conversation ended and after-call work (`wrap-up`) began. */
  readonly endedAt: number | null;
  readonly endReason: EndReason | null;
  readonly capabilities: readonly Capability[];
  readonly local: LocalMedia;
  /** Whether media is offered with video (an incoming video call, an outgoing video call). */
  readonly video: boolean;
  readonly recording: boolean;
  /** True while a running recording is paused; absent where the platform cannot pause. */
  readonly recordingPaused?: boolean;
  /** What after-call work the platform asks for; set while the call is in `wrap-up` (and may be set before). */
  readonly wrapUp?: WrapUp | null;
  readonly dominantSpeakerId: string | null;
  /** DTMF digits sent on this call, in order. */
  readonly dtmf: string;
  /** Platform details worth showing (queue name, tag, conversation id …). */
  readonly meta: Readonly<Record<string, string>>;
}

export interface WrapUpCode {
  readonly id: string;
  readonly name: string;
}

/** After-call work a platform asks for once the conversation is over. */
export interface WrapUp {
  /** The codes the agent may pick from, in the platform's order. */
  readonly codes: readonly WrapUpCode[];
  /** True when a code must be submitted; false when it is optional (the call may be left without one). */
  readonly required: boolean;
  /** Epoch ms at which the platform ends wrap-up by itself; null when there is no limit. */
  readonly deadline: number | null;
}

export type DeviceKind = 'microphone' | 'camera' | 'speaker';

export interface DeviceInfo {
  readonly id: string;
  readonly label: string;
  readonly kind: DeviceKind;
}

export interface Devices {
  readonly microphones: readonly DeviceInfo[];
  readonly cameras: readonly DeviceInfo[];
  readonly speakers: readonly DeviceInfo[];
  readonly selected: {
    readonly microphone: string | null;
    readonly camera: string | null;
    readonly speaker: string | null;
  };
}

export type PermissionState = 'unknown' | 'prompt' | 'granted' | 'denied';

export interface Permissions {
  readonly camera: PermissionState;
  readonly microphone: PermissionState;
}

export interface Self {
  readonly id: string;
  readonly displayName: string;
  readonly address: string;
}

/** What the platform as a whole is and can do, independent of any one call. */
export interface Platform {
  readonly kind: string;
  /** `media`: the browser is in the call; `control`: the browser steers calls whose media is elsewhere. */
  readonly mode: 'media' | 'control';
  readonly capabilities: readonly Capability[];
  readonly destinations: readonly DestinationKind[];
}

export interface PendingAction {
  readonly action: ActionName;
  readonly callId: string | null;
  readonly participantId?: string | null;
}

export interface CallSnapshot {
  readonly connection: ConnectionState;
  readonly platform: Platform;
  readonly self: Self;
  /** Live calls, oldest first. Ended calls leave this list and become `lastEndedCall`. */
  readonly calls: readonly Call[];
  readonly activeCallId: string | null;
  readonly lastEndedCall: Call | null;
  readonly devices: Devices;
  readonly permissions: Permissions;
  /** Actions started by the user and not yet settled, so controls can show they are busy. */
  readonly pending: readonly PendingAction[];
  /** The most recent failure, until cleared or replaced. */
  readonly error: CallError | null;
}

export const emptyDevices: Devices = {
  microphones: [],
  cameras: [],
  speakers: [],
  selected: { microphone: null, camera: null, speaker: null },
};

export function initialSnapshot(kind = 'none'): CallSnapshot {
  return {
    connection: 'disconnected',
    platform: { kind, mode: 'media', capabilities: [], destinations: [] },
    self: { id: '', displayName: '', address: '' },
    calls: [],
    activeCallId: null,
    lastEndedCall: null,
    devices: emptyDevices,
    permissions: { camera: 'unknown', microphone: 'unknown' },
    pending: [],
    error: null,
  };
}

/** Call states in which the call is live and media or control actions make sense. */
export const LIVE_STATES: readonly CallState[] = ['connected', 'on-hold', 'remote-hold'];

export const isLive = (call: Call | null | undefined): boolean => !!call && LIVE_STATES.includes(call.state);

export const hasCapability = (call: Call | null | undefined, capability: Capability): boolean =>
  !!call && call.capabilities.includes(capability);

export function activeCall(snapshot: CallSnapshot): Call | null {
  return snapshot.calls.find((c) => c.id === snapshot.activeCallId) ?? null;
}

export function findCall(snapshot: CallSnapshot, callId: string | null | undefined): Call | null {
  return callId ? (snapshot.calls.find((c) => c.id === callId) ?? null) : null;
}

export function isPending(snapshot: CallSnapshot, action: ActionName, callId: string | null = null, participantId: string | null = null): boolean {
  return snapshot.pending.some(
    (p) => p.action === action && p.callId === callId && (participantId === null || p.participantId === participantId),
  );
}

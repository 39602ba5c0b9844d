/**
 * Genesys Cloud conversations → the normalized vocabulary. Pure functions over the Platform API's own
 * models (`CallConversation` from GET /conversations/calls and the `v2.users.{id}.conversations.calls`
 * notification body, which share the participant fields used here).
 */
import type { Models } from 'purecloud-platform-client-v2';
import { createCall, createParticipant } from '../../core/patch.js';
import type { Call, CallState, Capability, DestinationKind, EndReason, EndReasonCode, Participant, ParticipantState, WrapUp, WrapUpCode } from '../../core/state.js';

/** The participant fields the adapter reads; both the REST model and the event model satisfy it. */
export type GenesysParticipant = Pick<
  Models.CallMediaParticipant,
  | 'id'
  | 'name'
  | 'address'
  | 'purpose'
  | 'state'
  | 'direction'
  | 'disconnectType'
  | 'held'
  | 'muted'
  | 'recording'
  | 'confined'
  | 'connectedTime'
  | 'startTime'
  | 'endTime'
  | 'ani'
  | 'dnis'
  | 'wrapupRequired'
  | 'wrapupPrompt'
  | 'wrapupTimeoutMs'
  | 'wrapupSkipped'
> & {
  readonly user?: { readonly id?: string; readonly name?: string };
  readonly queue?: { readonly id?: string; readonly name?: string };
  /** The wrap-up the agent (or the platform, at a timeout) assigned; REST and event models differ beyond `code`. */
  readonly wrapup?: { readonly code?: string; readonly notes?: string };
};

export interface GenesysConversation {
  readonly id?: string;
  readonly participants?: readonly GenesysParticipant[];
  readonly recordingState?: string;
}

// The compiler checks that both real models fit what the mapping reads.
export type RestFits = Models.CallConversation extends GenesysConversation ? true : never;
export type EventFits = Models.ConversationCallEventTopicCallConversation extends GenesysConversation ? true : never;
export const MODELS_FIT: [RestFits, EventFits] = [true, true];

/** Every participant state of the Platform API (the spec's enum) and the normalized state it shows as. */
export const PARTICIPANT_STATES: Readonly<Record<string, ParticipantState>> = {
  alerting: 'ringing',
  offering: 'ringing',
  dialing: 'connecting',
  contacting: 'ringing',
  connected: 'connected',
  disconnected: 'disconnected',
  terminated: 'disconnected',
  converting: 'connecting',
  uploading: 'connected',
  transmitting: 'connected',
  none: 'idle',
};

const ENDED = new Set(['disconnected', 'terminated']);

const time = (iso: string | undefined): number | null => {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? null : t;
};

/** A Genesys participant state (+ held flag) as a normalized participant state. Unknown → `idle`. */
export function toParticipantState(state: string | undefined, held = false): ParticipantState {
  const mapped = PARTICIPANT_STATES[(state ?? '').toLowerCase()] ?? 'idle';
  return held && mapped === 'connected' ? 'on-hold' : mapped;
}

/** Purposes that are the platform's own legs (routing, IVR, voicemail), not people. */
const SYSTEM_PURPOSES = new Set(['acd', 'ivr', 'voicemail', 'fax', 'workflow', 'station']);

export const isEnded = (p: GenesysParticipant): boolean => ENDED.has((p.state ?? '').toLowerCase());

/**
 * The signed-in user's participant: theirs by user id, the live one when they joined more than once
 * (a transfer back, a consult).
 */
export function findSelf(conversation: GenesysConversation, userId: string): GenesysParticipant | undefined {
  const mine = (conversation.participants ?? []).filter((p) => p.user?.id === userId);
  return mine.find((p) => !isEnded(p)) ?? mine[mine.length - 1];
}

/**
 * The call's state as the agent lives it: from their own participant, and while they are connected, from
 * whether anyone else is (an outbound call rings until the far end answers).
 */
export function toCallState(conversation: GenesysConversation, userId: string): CallState {
  const participants = conversation.participants ?? [];
  const self = findSelf(conversation, userId);
  const others = participants.filter((p) => p !== self && !isEnded(p));
  if (!self) return others.length ? (others.some((p) => toParticipantState(p.state) === 'connected') ? 'connected' : 'ringing') : 'ended';
  const state = (self.state ?? '').toLowerCase();
  if (needsWrapUp(self)) return 'wrap-up';
  if (ENDED.has(state)) return 'ended';
  if (state === 'alerting' || state === 'offering' || state === 'contacting') return 'ringing';
  if (state === 'dialing' || state === 'converting') return 'connecting';
  if (state === 'none') return 'idle';
  if (self.held) return 'on-hold';
  const remote = others.filter((p) => !SYSTEM_PURPOSES.has(p.purpose ?? ''));
  if (remote.length && !remote.some((p) => toParticipantState(p.state) === 'connected')) return 'ringing';
  return 'connected';
}

/**
 * Why a participant's leg ended, for every `disconnectType` of the spec: the values of `CallMediaParticipant`
 * (GET /conversations/calls) and of the participant's `Call` communication, which adds `timeout` and
 * `uncallable` (the current platform sends those on call participants too).
 */
export const DISCONNECT_TYPES: Readonly<Record<string, EndReasonCode>> = {
  endpoint: 'hung-up',
  client: 'hung-up',
  peer: 'remote-hung-up',
  system: 'failed',
  error: 'failed',
  'transport.failure': 'network',
  transfer: 'hung-up',
  'transfer.conference': 'hung-up',
  'transfer.consult': 'hung-up',
  'transfer.forward': 'hung-up',
  'transfer.noanswer': 'no-answer',
  'transfer.notavailable': 'unavailable',
  // Nobody answered before the platform gave up ringing (an outbound call, a routing attempt).
  timeout: 'no-answer',
  // The destination cannot be dialled at all (not a valid number, on a do-not-call list).
  uncallable: 'unavailable',
  spam: 'forbidden',
  other: 'hung-up',
};

/**
 * Types that say how the call went rather than who hung up. When the agent's leg ended only because the
 * conversation did (`peer`), the far party's leg carrying one of these is the real reason.
 */
const OUTCOME_TYPES = new Set(['timeout', 'uncallable', 'system', 'error', 'transport.failure', 'transfer.noanswer', 'transfer.notavailable', 'spam']);

const MESSAGES: Readonly<Record<string, string>> = {
  timeout: 'No answer',
  uncallable: 'The number cannot be called',
};

export function toEndReason(conversation: GenesysConversation, userId: string): EndReason {
  const self = findSelf(conversation, userId);
  let type = self?.disconnectType ?? 'other';
  if (type === 'peer' || !self) {
    const far = (conversation.participants ?? []).find((p) => p !== self && !SYSTEM_PURPOSES.has(p.purpose ?? '') && OUTCOME_TYPES.has(p.disconnectType ?? ''));
    if (far?.disconnectType) type = far.disconnectType;
  }
  // The agent ended an inbound call that never connected at their station: that is declining it.
  const declined = (type === 'client' || type === 'endpoint') && self?.direction === 'inbound' && !self.connectedTime;
  const message = type.startsWith('transfer') ? 'Transferred' : MESSAGES[type];
  return {
    code: declined ? 'declined' : (DISCONNECT_TYPES[type] ?? 'hung-up'),
    platformCode: type,
    ...(message ? { message } : {}),
  };
}

/**
 * The agent's leg has ended and the platform waits for after-call work: `wrapupRequired` with no wrap-up
 * assigned yet and not skipped. The conversation stays on the agent's list until then.
 */
export function needsWrapUp(p: GenesysParticipant): boolean {
  return isEnded(p) && p.wrapupRequired === true && !p.wrapup?.code && p.wrapupSkipped !== true;
}

/**
 * The spec's `wrapupPrompt` values (`Participant.wrapupPrompt`): `mandatory` (a code is needed, no limit),
 * `optional` (the agent may leave without one), `timeout` (a code is needed; at `wrapupTimeoutMs` the
 * platform assigns one) and `forcedTimeout` (wrap-up ends at `wrapupTimeoutMs` whatever the agent does).
 */
export function toWrapUp(self: GenesysParticipant, codes: readonly WrapUpCode[], now = Date.now()): WrapUp {
  const prompt = (self.wrapupPrompt ?? 'mandatory').toLowerCase();
  const timed = (prompt === 'timeout' || prompt === 'forcedtimeout') && typeof self.wrapupTimeoutMs === 'number' && self.wrapupTimeoutMs > 0;
  return {
    codes,
    required: prompt !== 'optional',
    deadline: timed ? (time(self.endTime) ?? now) + self.wrapupTimeoutMs! : null,
  };
}

/** What the agent can do on a call in a given state. */
export function capabilitiesFor(state: CallState): readonly Capability[] {
  switch (state) {
    case 'connected':
    case 'on-hold':
      return ['mute', 'hold', 'dtmf', 'participant-mute', 'participant-hold', 'remove-participant', 'record', 'transfer'];
    case 'ringing':
    case 'connecting':
      return ['remove-participant'];
    case 'wrap-up':
      return ['wrap-up'];
    default:
      return [];
  }
}

export const DESTINATIONS: readonly DestinationKind[] = ['phone', 'user', 'queue'];

export function toParticipant(p: GenesysParticipant): Participant {
  return createParticipant({
    id: p.id ?? '',
    displayName: p.name || p.user?.name || p.queue?.name || p.address || '',
    address: p.address ?? p.ani ?? '',
    state: toParticipantState(p.state, p.held ?? false),
    muted: p.muted ?? false,
    held: p.held ?? false,
    recording: p.recording ?? false,
    ...(p.purpose ? { role: p.purpose } : {}),
  });
}

/**
 * A conversation as a normalized Call. Participants that have left are dropped from the list; the agent's
 * own participant stays (it carries their mute, hold and recording).
 */
export function toCall(conversation: GenesysConversation, userId: string, now = Date.now(), wrapUpCodes: readonly WrapUpCode[] = []): Call {
  const self = findSelf(conversation, userId);
  const state = toCallState(conversation, userId);
  const live = (conversation.participants ?? []).filter((p) => p.id && (!isEnded(p) || p === self));
  const remote = live.filter((p) => p !== self && !SYSTEM_PURPOSES.has(p.purpose ?? ''));
  const direction = (self?.direction ?? remote[0]?.direction) === 'outbound' ? 'outgoing' : 'incoming';
  const queue = live.find((p) => p.queue?.name)?.queue?.name;
  return createCall(
    {
      id: conversation.id ?? '',
      direction,
      state,
      remoteParties: remote.map((p) => ({ displayName: p.name || p.address || '', address: p.address ?? '' })),
      participants: live.map(toParticipant),
      startedAt: time(self?.connectedTime) ?? (state === 'connected' || state === 'on-hold' ? now : null),
      capabilities: capabilitiesFor(state),
      recording: conversation.recordingState === 'active' || live.some((p) => p.recording),
      local: { muted: self?.muted ?? false, held: self?.held ?? false },
      meta: { conversationId: conversation.id ?? '', ...(queue ? { queue } : {}) },
      ...(state === 'wrap-up' && self ? { wrapUp: toWrapUp(self, wrapUpCodes, now) } : {}),
    },
    time(self?.startTime) ?? now,
  );
}

/**
 * Immutable updates of a CallSnapshot, for providers. Each returns a new snapshot and leaves the input
 * untouched; the controller's reconcile step restores identity for whatever did not really change.
 */
import type { Call, CallSnapshot, EndReason, LocalMedia, Participant } from './state.js';

type CallInit = Partial<Omit<Call, 'local'>> & Pick<Call, 'id' | 'direction'> & { local?: Partial<LocalMedia> };
type ParticipantInit = Partial<Participant> & Pick<Participant, 'id'>;

export function createCall(init: CallInit, now = Date.now()): Call {
  return {
    state: 'connecting',
    remoteParties: [],
    participants: [],
    createdAt: now,
    startedAt: null,
    endedAt: null,
    endReason: null,
    capabilities: [],
    video: false,
    recording: false,
    dominantSpeakerId: null,
    dtmf: '',
    meta: {},
    ...init,
    local: { muted: false, video: false, screenSharing: false, held: false, streams: [], ...init.local },
  };
}

export function createParticipant(init: ParticipantInit): Participant {
  return {
    displayName: '',
    address: '',
    state: 'connected',
    muted: false,
    speaking: false,
    held: false,
    recording: false,
    video: [],
    ...init,
  };
}

/** Adds a call, or replaces the call with the same id. A new call becomes active when none is. */
export function upsertCall(s: CallSnapshot, call: Call): CallSnapshot {
  const exists = s.calls.some((c) => c.id === call.id);
  const calls = exists ? s.calls.map((c) => (c.id === call.id ? call : c)) : [...s.calls, call];
  return { ...s, calls, activeCallId: s.activeCallId ?? call.id };
}

type CallPatch = Partial<Omit<Call, 'local' | 'id'>> & { local?: Partial<LocalMedia> };

/** Applies a patch (or a function of the call) to one call; unknown ids leave the snapshot as it is. */
export function updateCall(s: CallSnapshot, callId: string, patch: CallPatch | ((call: Call) => Call)): CallSnapshot {
  let found = false;
  const calls = s.calls.map((c) => {
    if (c.id !== callId) return c;
    found = true;
    if (typeof patch === 'function') return patch(c);
    const next: Call = { ...c, ...patch, local: patch.local ? { ...c.local, ...patch.local } : c.local };
    if (next.startedAt === null && (next.state === 'connected' || next.state === 'on-hold')) {
      return { ...next, startedAt: Date.now() };
    }
    return next;
  });
  return found ? { ...s, calls } : s;
}

/** Ends a call: it leaves `calls`, becomes `lastEndedCall`, and another call becomes active if any. */
export function endCall(s: CallSnapshot, callId: string, reason: EndReason, now = Date.now()): CallSnapshot {
  const call = s.calls.find((c) => c.id === callId);
  if (!call) return s;
  const calls = s.calls.filter((c) => c.id !== callId);
  const ended: Call = {
    ...call,
    state: 'ended',
    endedAt: now,
    endReason: reason,
    local: { ...call.local, streams: [] },
    participants: call.participants.map((p) => ({ ...p, state: 'disconnected', speaking: false, video: [] })),
  };
  const activeCallId =
    s.activeCallId === callId ? (calls.find((c) => c.state !== 'ringing' || c.direction === 'outgoing') ?? calls[0])?.id ?? null : s.activeCallId;
  return { ...s, calls, activeCallId, lastEndedCall: ended };
}

export function upsertParticipant(s: CallSnapshot, callId: string, participant: Participant): CallSnapshot {
  return updateCall(s, callId, (c) => {
    const exists = c.participants.some((p) => p.id === participant.id);
    const participants = exists
      ? c.participants.map((p) => (p.id === participant.id ? participant : p))
      : [...c.participants, participant];
    return { ...c, participants };
  });
}

export function updateParticipant(
  s: CallSnapshot,
  callId: string,
  participantId: string,
  patch: Partial<Omit<Participant, 'id'>>,
): CallSnapshot {
  return updateCall(s, callId, (c) => {
    if (!c.participants.some((p) => p.id === participantId)) return c;
    return { ...c, participants: c.participants.map((p) => (p.id === participantId ? { ...p, ...patch } : p)) };
  });
}

export function removeParticipant(s: CallSnapshot, callId: string, participantId: string): CallSnapshot {
  return updateCall(s, callId, (c) => ({
    ...c,
    participants: c.participants.filter((p) => p.id !== participantId),
    dominantSpeakerId: c.dominantSpeakerId === participantId ? null : c.dominantSpeakerId,
  }));
}

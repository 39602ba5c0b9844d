/**
 * jambonz call records → the normalized model. Pure functions, tested value by value against the
 * platform's vocabulary (the spec's `call_status` enum plus `early-media`).
 *
 * One jambonz call is one leg: a caller or callee whose media stays on the jambonz feature server. It
 * becomes one normalized Call whose single Participant is that far party, so the per-leg controls (mute,
 * listen pause, whisper, hold in a conference) show in the participant list, and call-wide ones (hang up,
 * record, redirect, DTMF) in the call controls.
 */
import { createCall, createParticipant } from '../../core/patch.js';
import type { Call, CallState, Capability, Direction, EndReason, ParticipantState } from '../../core/state.js';
import type { JambonzCall, JambonzTarget, JambonzTargetType } from './jambonz-api.js';

/** What only this browser knows about a leg: the REST API reports none of it back. */
export interface LegState {
  readonly muted: boolean;
  readonly held: boolean;
  readonly recording: boolean;
  readonly listen: 'active' | 'paused' | 'silenced';
  /** A hang-up was accepted and the leg has not gone yet. */
  readonly hangingUp: boolean;
  /** This page declined the ringing leg (jambonz answers it `no-answer`, so the status alone cannot tell). */
  readonly declining?: boolean;
  /** The leg is in a jambonz conference (told by the page: the call resource does not say). */
  readonly conference: boolean;
  readonly tag?: Readonly<Record<string, unknown>>;
}

export const initialLeg: LegState = { muted: false, held: false, recording: false, listen: 'active', hangingUp: false, conference: false };

export const TERMINAL_STATUSES: readonly string[] = ['completed', 'busy', 'no-answer', 'failed'];

export const isTerminal = (status: string): boolean => TERMINAL_STATUSES.includes(status);

export const toDirection = (direction: string): Direction => (direction === 'inbound' ? 'incoming' : 'outgoing');

/** Normalized state for a live `call_status`; terminal statuses map to `ended`. */
export function toCallState(status: string, direction: Direction): CallState {
  switch (status) {
    case 'trying':
      return 'connecting';
    case 'ringing':
    case 'alerting':
      return 'ringing';
    case 'early-media':
      return 'early-media';
    case 'in-progress':
      return 'connected';
    case 'queued':
      // An inbound caller waits in a queue; an outbound call waits to be placed.
      return direction === 'incoming' ? 'in-lobby' : 'connecting';
    case 'completed':
    case 'busy':
    case 'no-answer':
    case 'failed':
      return 'ended';
    default:
      return 'connecting';
  }
}

const PARTICIPANT_STATE: Record<CallState, ParticipantState> = {
  idle: 'idle',
  connecting: 'connecting',
  ringing: 'ringing',
  'early-media': 'early-media',
  connected: 'connected',
  'on-hold': 'on-hold',
  'remote-hold': 'connected',
  'in-lobby': 'in-lobby',
  disconnecting: 'connected',
  'wrap-up': 'disconnected',
  ended: 'disconnected',
};

/** Why a leg ended. `completed` is a normal hang-up: ours when this page asked for it. */
export function toEndReason(call: Pick<JambonzCall, 'call_status' | 'sip_status'>, hungUpHere: boolean): EndReason {
  const platformCode = `${call.call_status}${call.sip_status ? ` ${call.sip_status}` : ''}`;
  switch (call.call_status) {
    case 'busy':
      return { code: 'busy', platformCode };
    case 'no-answer':
      return { code: hungUpHere ? 'cancelled' : 'no-answer', platformCode };
    case 'failed':
      return { code: 'failed', platformCode };
    default:
      return { code: hungUpHere ? 'hung-up' : 'remote-hung-up', platformCode };
  }
}

const LIVE_CAPABILITIES: readonly Capability[] = ['mute', 'participant-mute', 'listen-pause', 'whisper', 'redirect', 'record', 'dtmf'];
const CONFERENCE_CAPABILITIES: readonly Capability[] = ['hold', 'participant-hold'];

/** What the REST API can do to a leg in this state (hang up is always possible and needs no capability). */
export function capabilitiesFor(state: CallState, conference: boolean): Capability[] {
  switch (state) {
    case 'connected':
    case 'on-hold':
      return conference ? [...LIVE_CAPABILITIES, ...CONFERENCE_CAPABILITIES] : [...LIVE_CAPABILITIES];
    case 'in-lobby':
      return ['redirect'];
    default:
      return [];
  }
}

/**
 * A normalized Call for a live jambonz record. `prev` keeps what the API does not report again (when the
 * call connected, DTMF sent); `now` dates a call first seen mid-way from its `duration`.
 */
export function toCall(record: JambonzCall, leg: LegState, prev: Call | undefined, now: number): Call {
  const direction = toDirection(record.direction);
  let state = toCallState(record.call_status, direction);
  if (state === 'connected' && leg.conference && leg.held) state = 'on-hold';
  if (leg.hangingUp && state !== 'ended') state = 'disconnecting';
  const far = direction === 'incoming' ? record.from : record.to;
  const name = direction === 'incoming' && record.caller_name ? record.caller_name : far;
  const elapsed = Math.max(0, Number.isFinite(record.duration) ? (record.duration as number) * 1000 : 0);
  const live = state === 'connected' || state === 'on-hold' || state === 'disconnecting';
  const startedAt = prev?.startedAt ?? (live ? now - elapsed : null);
  const meta: Record<string, string> = {
    call_sid: record.call_sid,
    call_id: record.call_id,
    account_sid: record.account_sid,
    direction: record.direction,
    call_status: record.call_status,
    sip_status: String(record.sip_status),
    from: record.from,
    to: record.to,
  };
  if (record.application_sid) meta.application_sid = record.application_sid;
  if (record.parent_call_sid) meta.parent_call_sid = record.parent_call_sid;
  if (record.originating_sip_trunk_name) meta.trunk = record.originating_sip_trunk_name;
  if (record.caller_name) meta.caller_name = record.caller_name;
  if (leg.tag) meta.tag = JSON.stringify(leg.tag);
  if (leg.conference) meta.conference = 'true';
  return createCall(
    {
      id: record.call_sid,
      direction,
      state,
      remoteParties: [{ displayName: name, address: far }],
      participants: [
        createParticipant({
          id: record.call_sid,
          displayName: name,
          address: far,
          state: leg.held && state === 'on-hold' ? 'on-hold' : PARTICIPANT_STATE[state],
          muted: leg.muted,
          held: leg.held,
          recording: leg.recording,
          role: 'customer',
          listen: leg.listen,
        }),
      ],
      createdAt: prev?.createdAt ?? now - elapsed,
      startedAt,
      capabilities: capabilitiesFor(state, leg.conference),
      recording: leg.recording,
      dtmf: prev?.dtmf ?? '',
      meta,
      local: { muted: leg.muted, held: leg.held },
    },
    now,
  );
}

const PHONE = /^\+?[0-9][0-9 ().-]{2,}$/;

/** Guesses the kind of a typed destination when the dialer did not say. */
export function guessKind(destination: string): JambonzTargetType {
  if (/^sips?:/i.test(destination)) return 'sip';
  if (PHONE.test(destination)) return 'phone';
  return 'user';
}

/** The createCall `to` Target for a destination of a kind. */
export function toTarget(destination: string, kind: JambonzTargetType, teamsTenant?: string): JambonzTarget {
  switch (kind) {
    case 'phone':
      return { type: 'phone', number: destination.replace(/[ ().-]/g, '') };
    case 'sip':
      return { type: 'sip', sipUri: /^sips?:/i.test(destination) ? destination : `sip:${destination}` };
    case 'user':
      return { type: 'user', name: destination };
    case 'teams':
      return { type: 'teams', number: destination, ...(teamsTenant ? { tenant: teamsTenant } : {}) };
  }
}

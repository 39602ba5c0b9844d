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
import type { Call, CallState, Capability, Direction, EndReason, EndReasonCode, ParticipantState } from '../../core/state.js';
import type { JambonzCall, JambonzTarget, JambonzTargetType } from './jambonz-api.js';

/** What only this browser knows about a leg: the REST API reports none of it back. */
export interface LegState {
  readonly muted: boolean;
  readonly held: boolean;
  readonly recording: boolean;
  /** The recording is paused (only meaningful while `recording`). */
  readonly recordingPaused: boolean;
  readonly listen: 'active' | 'paused' | 'silenced';
  /** A hang-up was accepted and the leg has not gone yet. */
  readonly hangingUp: boolean;
  /** This page declined the ringing leg (jambonz rejects it through `no-answer`, so the status alone cannot tell). */
  readonly declining?: boolean;
  /** The leg is in a jambonz conference (told by the page: the call resource does not say). */
  readonly conference: boolean;
  readonly tag?: Readonly<Record<string, unknown>>;
}

export const initialLeg: LegState = {
  muted: false,
  held: false,
  recording: false,
  recordingPaused: false,
  listen: 'active',
  hangingUp: false,
  conference: false,
};

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

/**
 * SIP final responses a failed leg carries in `sip_status` (RFC 3261 §21), as end reasons. The rest of 4xx,
 * 5xx and 6xx stay `failed`, with the status kept in `platformCode`.
 */
const SIP_END_REASONS: Readonly<Record<number, EndReasonCode>> = {
  401: 'forbidden',
  403: 'forbidden',
  404: 'unavailable', // Not Found: no such user or number
  407: 'forbidden',
  408: 'no-answer', // Request Timeout: nobody answered in time
  410: 'unavailable', // Gone
  480: 'no-answer', // Temporarily Unavailable: the callee did not pick up (or is not registered)
  484: 'unavailable', // Address Incomplete
  486: 'busy',
  487: 'cancelled', // Request Terminated: the INVITE was cancelled
  600: 'busy', // Busy Everywhere
  603: 'declined',
  604: 'unavailable', // Does Not Exist Anywhere
  607: 'declined', // Unwanted
};

/**
 * Why a leg ended: from its last record, or from this page's leg state alone when the record left the list
 * before showing a terminal status. `completed` is a normal hang-up: ours when this page asked for it.
 */
export function toEndReason(
  call: Pick<JambonzCall, 'call_status' | 'sip_status'> | undefined,
  leg: Pick<LegState, 'hangingUp' | 'declining'>,
): EndReason {
  const platformCode = call ? `${call.call_status}${call.sip_status ? ` ${call.sip_status}` : ''}` : undefined;
  const base = platformCode ? { platformCode } : {};
  // This page declined the ringing leg; jambonz then answers the caller 503 (call-session.js `_lccCallStatus`).
  if (leg.declining) return { code: 'declined', ...base };
  if (!call) return { code: leg.hangingUp ? 'hung-up' : 'remote-hung-up' };
  switch (call.call_status) {
    case 'busy':
      return { code: 'busy', ...base };
    case 'no-answer':
      // Ours: we stopped our own ringing call. A caller giving up is 487 (inbound-call-session.js `_onCancel`).
      if (leg.hangingUp || call.sip_status === 487) return { code: 'cancelled', ...base };
      return { code: 'no-answer', ...base };
    case 'failed':
      return { code: SIP_END_REASONS[call.sip_status] ?? 'failed', ...base };
    default:
      return { code: leg.hangingUp ? 'hung-up' : 'remote-hung-up', ...base };
  }
}

const LIVE_CAPABILITIES: readonly Capability[] = ['mute', 'participant-mute', 'listen-pause', 'whisper', 'redirect', 'dtmf'];
const CONFERENCE_CAPABILITIES: readonly Capability[] = ['hold', 'participant-hold'];

/** What this account is set up for beyond plain call control (see JambonzOptions). */
export interface JambonzFeatures {
  /** Recording is configured (SIPREC server or cloud recording). */
  readonly record: boolean;
  /** A transfer application is configured. */
  readonly transfer: boolean;
}

export const NO_FEATURES: JambonzFeatures = { record: false, transfer: false };

/**
 * What the REST API can do to a leg in this state (hang up is always possible and needs no capability).
 * DTMF, recording and `sip:refer` need an answered call: the feature server ignores them before
 * (`hasStableDialog`, `this.dlg`; call-session.js `_lccDtmf`, `notifyRecordOptions`, tasks/sip_refer.js).
 */
export function capabilitiesFor(state: CallState, leg: Pick<LegState, 'conference' | 'recording'>, features: JambonzFeatures = NO_FEATURES): Capability[] {
  switch (state) {
    case 'connected':
    case 'on-hold': {
      const caps = [...LIVE_CAPABILITIES];
      if (features.record) caps.push('record');
      // Pause and resume act on a running recording only (call-session.js `notifyRecordOptions`).
      if (features.record && leg.recording) caps.push('record-pause');
      if (features.transfer) caps.push('transfer');
      if (leg.conference) caps.push(...CONFERENCE_CAPABILITIES);
      return caps;
    }
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
export function toCall(record: JambonzCall, leg: LegState, prev: Call | undefined, now: number, features: JambonzFeatures = NO_FEATURES): Call {
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
      capabilities: capabilitiesFor(state, leg, features),
      recording: leg.recording,
      recordingPaused: leg.recording && leg.recordingPaused,
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

/**
 * The calls the simulated platform's scenarios start with, built from the scenario's script: who is in them,
 * what they can do, and how long they have been going (relative to the clock, so stories are stable).
 */
import { createCall, createParticipant } from '../../core/patch.js';
import type { Call, Participant, StreamRef, WrapUp, WrapUpCode } from '../../core/state.js';
import {
  CONTROL_CALL_CAPABILITIES,
  GROUP_CALL_CAPABILITIES,
  MEDIA_CALL_CAPABILITIES,
  nameAt,
  numberAt,
  type Scenario,
} from './scenarios.js';

/** After-call work as a story or test configures it; the `wrap-up` scenario's default is required, no deadline. */
export interface SimulatedWrapUp {
  readonly codes?: readonly WrapUpCode[];
  readonly required?: boolean;
  /** How long wrap-up lasts before the platform ends it by itself (ms); none when unset. */
  readonly deadlineMs?: number;
}

export const WRAP_UP_CODES: readonly WrapUpCode[] = [
  { id: 'resolved', name: 'Resolved' },
  { id: 'follow-up', name: 'Follow-up needed' },
  { id: 'escalated', name: 'Escalated' },
  { id: 'wrong-number', name: 'Wrong number' },
];

export function wrapUpAt(config: SimulatedWrapUp, now: number): WrapUp {
  return {
    codes: config.codes ?? WRAP_UP_CODES,
    required: config.required ?? true,
    deadline: config.deadlineMs === undefined ? null : now + config.deadlineMs,
  };
}

export const cameraOf = (pid: string): StreamRef => ({ id: `${pid}-camera`, participantId: pid, kind: 'camera', available: true, local: false });

export function scriptedParticipant(i: number, extra: Partial<Participant> = {}): Participant {
  const id = `p${i + 1}`;
  return createParticipant({ id, displayName: nameAt(i), address: numberAt(i), video: [cameraOf(id)], ...extra });
}

export function selfStreams(video: boolean, screen = false): StreamRef[] {
  return [
    ...(video ? [{ id: 'self-camera', participantId: 'self', kind: 'camera' as const, available: true, local: true }] : []),
    ...(screen ? [{ id: 'self-screen', participantId: 'self', kind: 'screen' as const, available: true, local: true }] : []),
  ];
}

/** A connected video call with `participants`, 42 s in. */
export function mediaCall(id: string, participants: Participant[], now: number, init: Partial<Call> = {}): Call {
  return createCall(
    {
      id,
      direction: 'outgoing',
      state: 'connected',
      remoteParties: participants.slice(0, 1).map((p) => ({ displayName: p.displayName, address: p.address })),
      participants,
      capabilities: participants.length > 1 ? GROUP_CALL_CAPABILITIES : MEDIA_CALL_CAPABILITIES,
      video: true,
      startedAt: now - 42_000,
      local: { video: true, streams: selfStreams(true) },
      ...init,
    },
    now - 45_000,
  );
}

/**
 * An agent's calls on a call-control platform: one connected, one on hold, one ringing in; in the `wrap-up`
 * scenario the first conversation is over and waits for its wrap-up code.
 */
export function controlCalls(agentName: string, now: number, wrapUp: SimulatedWrapUp | null): Call[] {
  const agent = (i: number) => createParticipant({ id: `agent-${i}`, displayName: agentName, address: 'agent@example.com', role: 'agent', listen: 'active' });
  const customer = (i: number, state: Participant['state'] = 'connected') =>
    createParticipant({ id: `customer-${i}`, displayName: nameAt(i), address: numberAt(i), role: 'customer', state, listen: 'active' });
  const first = createCall(
    {
      id: 'conv-1',
      direction: 'incoming',
      state: 'connected',
      remoteParties: [{ displayName: nameAt(0), address: numberAt(0) }],
      participants: [agent(1), customer(0)],
      capabilities: CONTROL_CALL_CAPABILITIES,
      startedAt: now - 95_000,
      meta: { queue: 'Support' },
    },
    now - 120_000,
  );
  const calls: Call[] = [
    wrapUp ? inWrapUp(first, wrapUpAt(wrapUp, now), { code: 'remote-hung-up' }) : first,
    createCall(
      {
        id: 'conv-2',
        direction: 'outgoing',
        state: 'on-hold',
        remoteParties: [{ displayName: nameAt(1), address: numberAt(1) }],
        participants: [agent(2), customer(1, 'on-hold')],
        capabilities: CONTROL_CALL_CAPABILITIES,
        startedAt: now - 300_000,
        local: { held: true },
        meta: { queue: 'Sales' },
      },
      now - 310_000,
    ),
  ];
  if (!wrapUp) {
    calls.push(
      createCall(
        {
          id: 'conv-3',
          direction: 'incoming',
          state: 'ringing',
          remoteParties: [{ displayName: nameAt(2), address: numberAt(2) }],
          participants: [customer(2, 'connected')],
          capabilities: CONTROL_CALL_CAPABILITIES,
          meta: { queue: 'Support' },
        },
        now - 5_000,
      ),
    );
  }
  return calls;
}

/**
 * The conversation is over and after-call work is due: the far side has left, nothing but the wrap-up can
 * be done, and `endReason` keeps why the conversation ended for when the call leaves the list.
 */
export function inWrapUp(call: Call, wrapUp: WrapUp, reason: NonNullable<Call['endReason']>): Call {
  return {
    ...call,
    state: 'wrap-up',
    wrapUp,
    endReason: reason,
    capabilities: ['wrap-up'],
    recording: false,
    recordingPaused: false,
    local: { ...call.local, held: false, streams: [] },
    participants: call.participants.map((p) => ({ ...p, state: 'disconnected', speaking: false, video: [] })),
  };
}

/** The scenarios whose platform steers calls without media (an agent console). */
export const isControlScenario = (scenario: Scenario): boolean => scenario === 'call-control' || scenario === 'wrap-up';

/** The calls a scenario opens with (the `incoming` scenario's call rings in through the far side's hook). */
export function openingCalls(scenario: Scenario, count: number, agentName: string, now: number, wrapUp: SimulatedWrapUp | null): Call[] {
  switch (scenario) {
    case 'one-to-one':
      return [mediaCall('call-1', [scriptedParticipant(0)], now)];
    case 'on-hold':
      return [mediaCall('call-1', [scriptedParticipant(0)], now, { state: 'on-hold', local: { muted: false, video: false, screenSharing: false, held: true, streams: [] } })];
    case 'group':
      return [mediaCall('call-1', Array.from({ length: count }, (_, i) => scriptedParticipant(i)), now, { meta: { room: 'Design review' } })];
    case 'screen-share': {
      const people = Array.from({ length: Math.max(2, Math.min(count, 3)) }, (_, i) => scriptedParticipant(i));
      const sharer = people[0]!;
      people[0] = { ...sharer, video: [...sharer.video, { id: `${sharer.id}-screen`, participantId: sharer.id, kind: 'screen', available: true, local: false }] };
      return [mediaCall('call-1', people, now)];
    }
    case 'call-control':
    case 'wrap-up':
      return controlCalls(agentName, now, wrapUp);
    default:
      return [];
  }
}

/** A call ringing in from `from` (video when the caller offers it). */
export function incomingCall(id: string, from: { name?: string; address?: string; video?: boolean }, control: boolean, now: number): Call {
  const name = from.name ?? nameAt(1);
  const address = from.address ?? numberAt(1);
  const pid = `${id}-caller`;
  return createCall(
    {
      id,
      direction: 'incoming',
      state: 'ringing',
      video: from.video ?? false,
      remoteParties: [{ displayName: name, address }],
      participants: [createParticipant({ id: pid, displayName: name, address, state: 'connected', video: from.video ? [cameraOf(pid)] : [] })],
      capabilities: control ? CONTROL_CALL_CAPABILITIES : MEDIA_CALL_CAPABILITIES,
    },
    now,
  );
}

/** A call this user places to `to` (several: a group call), still connecting. */
export function outgoingCall(id: string, to: readonly string[], video: boolean, control: boolean, now: number): Call {
  return createCall(
    {
      id,
      direction: 'outgoing',
      state: 'connecting',
      remoteParties: to.map((t) => ({ displayName: t, address: t })),
      participants: to.map((t, i) => createParticipant({ id: `${id}-p${i + 1}`, displayName: t, address: t, state: 'ringing', ...(control ? { role: 'customer' } : {}) })),
      video,
      capabilities: control ? CONTROL_CALL_CAPABILITIES : to.length > 1 ? GROUP_CALL_CAPABILITIES : MEDIA_CALL_CAPABILITIES,
      local: control ? {} : { video, streams: selfStreams(video) },
    },
    now,
  );
}

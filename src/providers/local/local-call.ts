/**
 * A local call as this side tracks it (who is in it, each peer's link and shared media state, ours), and
 * how it appears in the snapshot (`toCall`). Plain data and pure functions: the trackers change it.
 */
import type { Call, CallState, Capability, Participant, StreamRef } from '../../core/state.js';
import type { JanusRoomMedia, MemberLink } from '../janus/local-room.js';
import type { PeerLink } from './peer-link.js';
import type { MediaState } from './protocol.js';

export interface Peer {
  user: string;
  displayName: string;
  link: PeerLink | MemberLink | null;
  state: MediaState;
}

export interface LocalCall {
  id: string;
  kind: 'direct' | 'room';
  room: string | null;
  direction: 'incoming' | 'outgoing';
  /** ringing → connecting (answered) → connected (first peer connected; rooms at once). */
  phase: 'ringing' | 'connecting' | 'connected';
  video: boolean;
  accepted: boolean;
  peers: Map<string, Peer>;
  local: MediaState;
  createdAt: number;
  startedAt: number | null;
  /** Media through Janus (the server gave a ticket with `joined`): members' links come from it. */
  janus?: JanusRoomMedia;
}

export const OFF: MediaState = { muted: false, video: false, held: false, screen: false };
const CALL_CAPABILITIES: Capability[] = ['mute', 'video', 'screen-share', 'hold', 'dtmf'];
const ROOM_CAPABILITIES: Capability[] = ['mute', 'video', 'screen-share', 'hold'];

export const newCallId = (): string =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `c${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;

/** A peer we know only by name so far (media state unknown until they tell). */
export const newPeer = (user: string, displayName = user, state: MediaState = OFF): Peer => ({ user, displayName, link: null, state: { ...state } });

/** A new call; `peers` and the rest as given, nothing started. */
export function newCall(init: Pick<LocalCall, 'id' | 'kind' | 'direction' | 'phase' | 'video' | 'accepted'> & Partial<LocalCall>): LocalCall {
  const now = Date.now();
  return { room: null, peers: new Map(), local: { ...OFF }, createdAt: now, startedAt: null, ...init };
}

/** The call as the snapshot shows it; `self` is our user name, `previous` the call's last snapshot entry. */
export function toCall(call: LocalCall, self: string, previous: Call | undefined): Call {
  const peers = [...call.peers.values()];
  const first = peers[0];
  const remoteHeld = call.kind === 'direct' && !!first?.state.held;
  const state: CallState =
    call.phase !== 'connected' ? call.phase : call.local.held ? 'on-hold' : remoteHeld ? 'remote-hold' : 'connected';
  const participants: Participant[] = peers.map((p) => {
    const connected = p.link?.state === 'connected';
    const hasVideo = !!p.link?.remote.getVideoTracks().length;
    return {
      id: p.user,
      displayName: p.displayName,
      address: p.user,
      state: !call.accepted ? (call.direction === 'outgoing' ? 'ringing' : 'connected') : p.state.held ? 'on-hold' : connected ? 'connected' : 'connecting',
      muted: p.state.muted,
      speaking: connected && !p.state.muted && !p.state.held && !!p.link?.speaking,
      held: p.state.held,
      recording: false,
      video: [
        {
          id: `${call.id}/${p.user}/${p.state.screen ? 'screen' : 'camera'}`,
          participantId: p.user,
          kind: p.state.screen ? 'screen' : 'camera',
          available: hasVideo && connected && (p.state.video || p.state.screen) && !p.state.held,
          local: false,
        },
      ],
    };
  });
  const selfKind = call.local.screen ? 'screen' : 'camera';
  const streams: StreamRef[] =
    call.accepted && (call.local.video || call.local.screen)
      ? [{ id: `${call.id}/${self}/${selfKind}`, participantId: self, kind: selfKind, available: true, local: true }]
      : [];
  // The last speaker stays dominant while silent, but not once gone (core's removeParticipant does the same).
  const speaker = participants.find((p) => p.speaking) ?? participants.find((p) => p.id === previous?.dominantSpeakerId);
  return {
    id: call.id,
    direction: call.direction,
    state,
    remoteParties:
      call.kind === 'room'
        ? [{ displayName: call.room ?? call.id, address: call.id }]
        : first
          ? [{ displayName: first.displayName, address: first.user }]
          : [],
    participants,
    createdAt: call.createdAt,
    startedAt: call.startedAt,
    endedAt: null,
    endReason: null,
    capabilities: call.kind === 'room' ? ROOM_CAPABILITIES : CALL_CAPABILITIES,
    local: { muted: call.local.muted, video: call.local.video, screenSharing: call.local.screen, held: call.local.held, streams },
    video: call.video,
    recording: false,
    dominantSpeakerId: speaker?.id ?? null,
    dtmf: previous?.dtmf ?? '',
    meta: call.room ? { room: call.room } : {},
  };
}

/**
 * One Kandy call object (re-read with `call.getById` on every event) as the normalized call fields, so
 * state comes from one place.
 */
import type { Call, Participant, StreamRef } from '../../core/state.js';
import type { KandyCallObject, KandyMediaApi } from './kandy-sdk.js';
import { callCapabilities, toCallState } from './mapping.js';

/** What this page knows about a call beyond the SDK's call object. */
export interface CallTrack {
  /** Local video tracks that came from a screen share rather than the camera. */
  screenTracks: Set<string>;
  screenPending: boolean;
  endedLocally: boolean;
  video: boolean;
}

export type KandyCallView = Omit<Call, 'id' | 'direction' | 'createdAt' | 'startedAt' | 'endedAt' | 'endReason' | 'dtmf' | 'meta' | 'recording' | 'dominantSpeakerId'>;

export function normalizeCall(media: KandyMediaApi, kc: KandyCallObject, entry: CallTrack): KandyCallView {
  const tracks = (ids: readonly string[]) =>
    ids.map((id) => media.getTrackById(id)).filter((t): t is NonNullable<typeof t> => !!t && t.state !== 'ended');
  const localTracks = tracks(kc.localTracks);
  const remoteTracks = tracks(kc.remoteTracks);
  const localAudio = localTracks.filter((t) => t.kind === 'audio');
  const localVideo = localTracks.filter((t) => t.kind === 'video');
  const state = toCallState(kc.state, kc.localHold, kc.remoteHold, kc.direction);
  const streams: StreamRef[] = localVideo.map((t) => ({
    id: t.trackId,
    participantId: 'self',
    kind: entry.screenTracks.has(t.trackId) ? 'screen' : 'camera',
    available: !t.muted,
    local: true,
  }));
  const address = (kc.remoteParticipant?.displayNumber || (kc.direction === 'outgoing' ? kc.to : kc.from) || '').replace(/^sip:/, '');
  const party = { displayName: kc.remoteParticipant?.displayName || address, address };
  const participant: Participant = {
    id: 'remote',
    displayName: party.displayName,
    address: party.address,
    state: state === 'ringing' ? 'ringing' : state === 'early-media' ? 'early-media' : state === 'connecting' ? 'connecting' : kc.remoteHold ? 'on-hold' : 'connected',
    muted: false,
    speaking: false,
    held: !!kc.remoteHold,
    recording: false,
    video: remoteTracks
      .filter((t) => t.kind === 'video')
      // The native `muted` (Kandy's `disabled`) flips when frames arrive and no SDK event reports it.
      .map((t) => ({ id: t.trackId, participantId: 'remote', kind: 'camera', available: true, local: false })),
  };
  return {
    state,
    remoteParties: [party],
    participants: [participant],
    capabilities: callCapabilities(kc),
    video: entry.video || localVideo.length > 0 || participant.video.length > 0,
    local: {
      muted: localAudio.length > 0 && localAudio.every((t) => t.muted),
      video: streams.some((s) => s.kind === 'camera'),
      screenSharing: streams.some((s) => s.kind === 'screen'),
      held: !!kc.localHold,
      streams,
    },
  };
}

/**
 * The links of every call: one PeerLink per peer (a 1:1 call has one, a room up to five), made when a call
 * is answered or a peer joins, fed the server's relayed signals and media states, sent the tracks the call
 * should send, and closed when the peer leaves. A peer unreachable through every ICE restart ends a 1:1
 * call for both sides; a room lets that peer go.
 */
import type { ProviderSink } from '../../core/provider.js';
import type { CallTracker } from './call-tracker.js';
import { newPeer, type LocalCall, type Peer } from './local-call.js';
import type { LocalMedia } from './local-media.js';
import { JanusRoomMedia, type MemberLink } from '../janus/local-room.js';
import type { RoomTicket } from '../janus/janus-room.js';
import { PeerLink } from './peer-link.js';
import type { ClientMessage, ServerMessage, SignalPayload } from './protocol.js';

export interface MeshHost {
  readonly media: LocalMedia;
  readonly iceServers: RTCIceServer[];
  /** The current connect's sink (revoked after disconnect: writes are dropped). */
  sink(): ProviderSink | undefined;
  send(msg: ClientMessage): void;
  /** Tracks changed: views look up their tracks again. */
  mediaChanged(): void;
}

export class PeerMesh {
  readonly #host: MeshHost;
  readonly #calls: CallTracker;

  constructor(host: MeshHost, calls: CallTracker) {
    this.#host = host;
    this.#calls = calls;
  }

  /** The call was answered (by us, or by the callee): links to every peer, the caller's side offering. */
  answered(call: LocalCall, offerer: boolean): void {
    call.accepted = true;
    call.phase = 'connecting';
    for (const peer of call.peers.values()) this.link(call, peer, offerer);
  }

  /** A new link to `peer` (replacing any old one); the offerer starts negotiating. */
  link(call: LocalCall, peer: Peer, offerer: boolean): PeerLink | MemberLink {
    const { media, iceServers } = this.#host;
    peer.link?.close();
    if (call.janus) return (peer.link = call.janus.link(peer.user));
    peer.link = new PeerLink({
      peer: peer.user,
      offerer,
      iceServers,
      stream: media.stream,
      tracks: this.#sending(call),
      sinkId: media.selected.speaker,
      send: (payload: SignalPayload) => this.#host.send({ type: 'signal', callId: call.id, to: peer.user, ...payload }),
      changed: () => this.#linkChanged(call),
      error: (error) => this.#host.sink()?.fail(error, 'network', { callId: call.id }),
      lost: () => this.#linkLost(call, peer),
    });
    if (call.local.held) peer.link.setPlayback(false);
    return peer.link;
  }

  /** A room whose `joined` carried a Janus ticket: media goes through its VideoRoom; links come from the seat. */
  routeThroughJanus(call: LocalCall, ticket: RoomTicket, user: string): void {
    call.janus = new JanusRoomMedia(ticket, {
      user,
      iceServers: this.#host.iceServers,
      tracks: this.#sending(call),
      sinkId: this.#host.media.selected.speaker,
      changed: () => this.#linkChanged(call),
      // Its seat in Janus is gone (Janus crashed, or the media path to it): the call ends as network, the page
      // hears why, and the room is left on the server too, so its membership keeps no ghost.
      lost: (error) => {
        if (!this.#calls.live(call)) return;
        this.#host.sink()?.fail(error, 'network', { callId: call.id });
        this.#calls.leave(call, { code: 'network', message: error.message, platformCode: error.code });
      },
    });
  }

  /** A peer unreachable through every ICE restart: a 1:1 call ends for both; a room lets that peer go. */
  #linkLost(call: LocalCall, peer: Peer): void {
    if (!this.#calls.live(call)) return;
    if (call.kind === 'room') return this.peerLeft(call.id, peer.user);
    this.#host.send({ type: 'hangup', callId: call.id, reason: 'network' });
    this.#calls.ended(call.id, { code: 'network', message: `The connection to ${peer.displayName} was lost`, platformCode: 'ice-failed' });
  }

  #linkChanged(call: LocalCall): void {
    if (!this.#calls.live(call)) return;
    if (call.phase === 'connecting' && [...call.peers.values()].some((p) => p.link?.state === 'connected')) {
      call.phase = 'connected';
      call.startedAt ??= Date.now();
    }
    this.#host.mediaChanged();
    this.#calls.queueRender();
  }

  /** The tracks a call sends now: nothing on hold; the screen instead of the camera while sharing. */
  #sending(call: LocalCall): { audio: MediaStreamTrack | null; video: MediaStreamTrack | null } {
    const { media } = this.#host;
    if (call.local.held) return { audio: null, video: null };
    return { audio: media.audio, video: call.local.screen ? media.screen : call.local.video ? media.camera : null };
  }

  /** Every link of `call` sends what the call should send now. */
  async applyTracks(call: LocalCall): Promise<void> {
    const { audio, video } = this.#sending(call);
    await Promise.all([...call.peers.values()].flatMap((p) => (p.link ? [p.link.setTrack('audio', audio), p.link.setTrack('video', video)] : [])));
    this.#host.mediaChanged();
  }

  /** Our media state, to everyone in the call. */
  sendState(call: LocalCall): void {
    this.#host.send({ type: 'state', callId: call.id, ...call.local });
  }

  /** Back on the server: peers learn our media state again, and links that went down meanwhile retry now. */
  resume(): void {
    for (const call of this.#calls.all()) {
      if (!call.accepted) continue;
      this.sendState(call);
      for (const peer of call.peers.values()) peer.link?.retry();
    }
  }

  peerJoined(callId: string, user: string, displayName: string): void {
    const call = this.#calls.get(callId);
    if (!call) return;
    const existing = call.peers.get(user);
    if (existing?.link && !existing.link.closed) return; // came back after a reconnect: the media never stopped
    const peer = existing ?? newPeer(user, displayName);
    call.peers.set(user, peer);
    this.link(call, peer, false);
    this.sendState(call);
    this.#calls.render();
  }

  peerLeft(callId: string, user: string): void {
    const call = this.#calls.get(callId);
    const peer = call?.peers.get(user);
    if (!call || !peer) return;
    peer.link?.close();
    call.peers.delete(user);
    this.#host.mediaChanged();
    this.#calls.render();
  }

  signal(msg: Extract<ServerMessage, { type: 'signal' }>): void {
    const call = this.#calls.get(msg.callId);
    if (!call?.accepted) return;
    let peer = call.peers.get(msg.from);
    if (!peer) {
      peer = newPeer(msg.from);
      call.peers.set(msg.from, peer);
    }
    const link = peer.link && !peer.link.closed ? peer.link : this.link(call, peer, false);
    void link.receive(msg);
  }

  remoteState(msg: Extract<ServerMessage, { type: 'state' }>): void {
    const peer = this.#calls.get(msg.callId)?.peers.get(msg.from);
    if (!peer) return;
    const { muted, video, held, screen } = msg;
    peer.state = {
      muted: muted ?? peer.state.muted,
      video: video ?? peer.state.video,
      held: held ?? peer.state.held,
      screen: screen ?? peer.state.screen,
    };
    this.#host.mediaChanged();
    this.#calls.render();
  }

  /** On hold nothing is heard; the connections stay up for a quick resume. */
  setPlayback(call: LocalCall, on: boolean): void {
    for (const peer of call.peers.values()) peer.link?.setPlayback(on);
  }

  /** Every call's audio to the speaker `deviceId`. */
  setSpeaker(deviceId: string): void {
    for (const call of this.#calls.all()) for (const peer of call.peers.values()) peer.link?.setSinkId(deviceId);
  }

  /** Tone senders that can send now, across the call's links. */
  dtmfSenders(call: LocalCall): RTCDTMFSender[] {
    return [...call.peers.values()].map((p) => p.link?.dtmf).filter((d): d is RTCDTMFSender => !!d && d.canInsertDTMF);
  }
}

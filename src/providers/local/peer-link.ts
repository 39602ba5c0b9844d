/**
 * One RTCPeerConnection to one remote party, with the perfect-negotiation pattern (the polite side rolls
 * back on glare), trickle ICE, a bounded number of ICE restarts when the connection stays failed or
 * disconnected (then `lost()`: the call is over, never left connected to nobody), the remote tracks gathered into
 * one MediaStream, a hidden `<audio>` that plays them, and speaking detection from `getStats` audio levels.
 */
import type { SignalPayload } from './protocol.js';

export type LinkState = 'new' | 'connecting' | 'connected' | 'disconnected' | 'failed' | 'closed';

export interface PeerLinkOptions {
  readonly peer: string;
  /** The offerer adds the audio and video transceivers; the other side answers into them. */
  readonly offerer: boolean;
  readonly iceServers: RTCIceServer[];
  readonly stream: MediaStream;
  readonly tracks: { readonly audio: MediaStreamTrack | null; readonly video: MediaStreamTrack | null };
  readonly sinkId: string | null;
  send(payload: SignalPayload): void;
  changed(): void;
  error(error: unknown): void;
  /** The connection stayed down through every ICE restart. */
  lost(): void;
}

/** How long a failed or disconnected connection gets before each ICE restart, and how many restarts. */
export const ICE_RECOVERY = { waitMs: 4000, restarts: 3 };

const SPEAKING_LEVEL = 0.02;
const SPEAKING_HOLD_MS = 700;

export class PeerLink {
  readonly peer: string;
  readonly pc: RTCPeerConnection;
  readonly polite: boolean;
  /** Everything the remote party sends, in one stream. */
  readonly remote = new MediaStream();
  readonly audio: HTMLAudioElement;
  speaking = false;
  framesSeen = false;
  #options: PeerLinkOptions;
  #tracks: { audio: MediaStreamTrack | null; video: MediaStreamTrack | null };
  #makingOffer = false;
  #ignoreOffer = false;
  #answerPending = false;
  #queue: Promise<void> = Promise.resolve();
  #statsTimer: ReturnType<typeof setInterval> | undefined;
  #loudAt = 0;
  #closed = false;
  #recoveryTimer: ReturnType<typeof setTimeout> | undefined;
  #restarts = 0;

  constructor(options: PeerLinkOptions) {
    this.#options = options;
    this.peer = options.peer;
    this.polite = !options.offerer;
    this.#tracks = { ...options.tracks };
    this.pc = new RTCPeerConnection({ iceServers: options.iceServers });
    // The provider owns this element: never in the DOM, removed with the link.
    this.audio = new Audio();
    this.audio.autoplay = true;
    if (options.sinkId) this.setSinkId(options.sinkId);

    this.pc.onnegotiationneeded = () => void this.#negotiate();
    this.pc.onicecandidate = ({ candidate }) => {
      if (candidate?.candidate) this.#options.send({ candidate: candidate.toJSON() as SignalPayload['candidate'] });
    };
    this.pc.ontrack = ({ track }) => {
      if (!this.remote.getTracks().includes(track)) this.remote.addTrack(track);
      if (track.kind === 'audio') {
        this.audio.srcObject = new MediaStream([track]);
        this.audio.play().catch(() => undefined); // autoplay policy: playback starts with the first user gesture
      }
      this.#options.changed();
    };
    this.pc.onconnectionstatechange = () => {
      const state = this.pc.connectionState;
      if (state === 'connected') {
        this.#restarts = 0;
        clearTimeout(this.#recoveryTimer);
        this.#recoveryTimer = undefined;
        this.#startStats();
      } else if (state === 'failed' || state === 'disconnected') this.#recover();
      this.#options.changed();
    };
    if (options.offerer) {
      this.pc.addTransceiver(this.#tracks.audio ?? 'audio', { direction: 'sendrecv', streams: [options.stream] });
      this.pc.addTransceiver(this.#tracks.video ?? 'video', { direction: 'sendrecv', streams: [options.stream] });
    }
  }

  /**
   * A path that went down (network change, NAT rebinding, the peer gone) gets a few ICE restarts with fresh
   * candidates; if none brings it back, the link is lost. Each wait is bounded, so a dead peer ends the call.
   */
  #recover(): void {
    if (this.#recoveryTimer || this.#closed) return;
    this.#recoveryTimer = setTimeout(() => {
      this.#recoveryTimer = undefined;
      if (this.#closed || this.pc.connectionState === 'connected') return;
      if (this.#restarts >= ICE_RECOVERY.restarts) {
        this.#options.lost();
        return;
      }
      this.#restarts++;
      // An offer sent while signaling was down is lost: send it again rather than wait for a stable state.
      const local = this.pc.localDescription;
      if (this.pc.signalingState === 'have-local-offer' && local) this.#options.send({ description: { type: 'offer', sdp: local.sdp } });
      else this.pc.restartIce();
      this.#recover();
    }, ICE_RECOVERY.waitMs);
  }

  /** After signaling comes back: a link that is not connected tries again at once. */
  retry(): void {
    if (this.#closed || this.pc.connectionState === 'connected' || this.pc.connectionState === 'new') return;
    const local = this.pc.localDescription;
    if (this.pc.signalingState === 'have-local-offer' && local) this.#options.send({ description: { type: 'offer', sdp: local.sdp } });
    else this.pc.restartIce();
  }

  get state(): LinkState {
    return this.pc.connectionState;
  }

  get closed(): boolean {
    return this.#closed;
  }

  async #negotiate(): Promise<void> {
    try {
      this.#makingOffer = true;
      await this.pc.setLocalDescription();
      const local = this.pc.localDescription;
      if (local && (local.type === 'offer' || local.type === 'answer')) this.#options.send({ description: { type: local.type, sdp: local.sdp } });
    } catch (error) {
      if (!this.#closed) this.#options.error(error);
    } finally {
      this.#makingOffer = false;
    }
  }

  /** Applies a description or candidate from the peer, in arrival order. */
  receive(payload: SignalPayload): Promise<void> {
    this.#queue = this.#queue.then(() => this.#receive(payload)).catch((error: unknown) => {
      if (!this.#closed) this.#options.error(error);
    });
    return this.#queue;
  }

  async #receive({ description, candidate }: SignalPayload): Promise<void> {
    if (this.#closed) return;
    if (description) {
      const pc = this.pc;
      const readyForOffer = !this.#makingOffer && (pc.signalingState === 'stable' || this.#answerPending);
      const collision = description.type === 'offer' && !readyForOffer;
      this.#ignoreOffer = !this.polite && collision;
      if (this.#ignoreOffer) return;
      this.#answerPending = description.type === 'answer';
      await pc.setRemoteDescription(description);
      this.#answerPending = false;
      if (description.type === 'offer') {
        this.#adoptTransceivers();
        await pc.setLocalDescription();
        const local = pc.localDescription;
        if (local?.type === 'answer') this.#options.send({ description: { type: 'answer', sdp: local.sdp } });
      }
    } else if (candidate) {
      try {
        await this.pc.addIceCandidate(candidate);
      } catch (error) {
        if (!this.#ignoreOffer) throw error;
      }
    }
  }

  /** The answering side sends its tracks on the transceivers the offer created: no second negotiation. */
  #adoptTransceivers(): void {
    for (const kind of ['audio', 'video'] as const) {
      const t = this.#transceiver(kind);
      if (!t || t.direction === 'sendrecv') continue;
      t.direction = 'sendrecv';
      t.sender.setStreams(this.#options.stream);
      void t.sender.replaceTrack(this.#tracks[kind]).catch((error: unknown) => this.#options.error(error));
    }
  }

  #transceiver(kind: 'audio' | 'video'): RTCRtpTransceiver | undefined {
    return this.pc.getTransceivers().find((t) => t.currentDirection !== 'stopped' && t.receiver.track.kind === kind);
  }

  /** Switches what is sent (device change, camera off, screen share, hold) without renegotiating. */
  async setTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    this.#tracks[kind] = track;
    const t = this.#transceiver(kind);
    if (t && t.direction === 'sendrecv' && t.sender.track !== track) await t.sender.replaceTrack(track);
  }

  get dtmf(): RTCDTMFSender | null {
    return this.#transceiver('audio')?.sender.dtmf ?? null;
  }

  setSinkId(id: string): void {
    const audio = this.audio as HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };
    audio.setSinkId?.(id).catch((error: unknown) => this.#options.error(error));
  }

  setPlayback(on: boolean): void {
    this.audio.muted = !on;
  }

  #startStats(): void {
    if (this.#statsTimer) return;
    this.#statsTimer = setInterval(() => void this.#sample(), 250);
  }

  async #sample(): Promise<void> {
    if (this.#closed) return;
    let level = 0;
    try {
      const stats = await this.pc.getStats();
      stats.forEach((r: { type?: string; kind?: string; audioLevel?: number; framesDecoded?: number }) => {
        if (r.type !== 'inbound-rtp') return;
        if (r.kind === 'audio' && typeof r.audioLevel === 'number') level = Math.max(level, r.audioLevel);
        if (r.kind === 'video' && (r.framesDecoded ?? 0) > 0) this.framesSeen = true;
      });
    } catch {
      return; // closed between ticks
    }
    const now = Date.now();
    if (level > SPEAKING_LEVEL) this.#loudAt = now;
    const speaking = now - this.#loudAt < SPEAKING_HOLD_MS;
    if (speaking !== this.speaking) {
      this.speaking = speaking;
      this.#options.changed();
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#statsTimer);
    clearTimeout(this.#recoveryTimer);
    this.pc.onnegotiationneeded = null;
    this.pc.onicecandidate = null;
    this.pc.ontrack = null;
    this.pc.onconnectionstatechange = null;
    this.pc.close();
    this.audio.pause();
    this.audio.srcObject = null;
    for (const track of this.remote.getTracks()) this.remote.removeTrack(track);
  }
}

/**
 * The local provider's rooms through Janus (server started with CALL_ELEMENTS_JANUS): the signaling server
 * admits the member and hands it a ticket with `joined`; this joins that VideoRoom with one JanusSeat and
 * gives the local provider, per room member, a link object shaped like its mesh `PeerLink`, so the provider
 * keeps its participants, states and views and only the media path changes. Members are matched to Janus
 * publishers by display name (= the signaling user name, unique on the server).
 */
import type { CallError } from '../../core/errors.js';
import type { LinkState, PeerLink } from '../local/peer-link.js';
import type { Feed, JanusSeat, RoomTicket } from './janus-room.js';

/** What the local provider uses of a link to one room member. */
export type MemberLink = Pick<PeerLink, 'state' | 'closed' | 'remote' | 'speaking' | 'setTrack' | 'setPlayback' | 'setSinkId' | 'dtmf' | 'retry' | 'receive' | 'close'>;

export interface LocalRoomOptions {
  readonly user: string;
  readonly iceServers: RTCIceServer[];
  readonly tracks: { readonly audio: MediaStreamTrack | null; readonly video: MediaStreamTrack | null };
  readonly sinkId: string | null;
  changed(): void;
  lost(error: CallError): void;
}

const NO_MEDIA = new MediaStream();

/**
 * Made synchronously when `joined` arrives, so the provider can set up the call and its members at once (the
 * members' replayed media states follow `joined` immediately); the seat itself, and the Janus client code
 * (a lazy chunk: mesh rooms never load it), arrive with `ready`.
 */
export class JanusRoomMedia {
  readonly ready: Promise<void>;
  #seat: JanusSeat | null = null;
  #tracks: { audio: MediaStreamTrack | null; video: MediaStreamTrack | null };
  #flush: Promise<void> | null = null;
  #sinkId: string | null;
  #closed = false;

  constructor(ticket: RoomTicket, options: LocalRoomOptions) {
    this.#tracks = { ...options.tracks };
    this.#sinkId = options.sinkId;
    this.ready = import('./janus-room.js')
      .then(({ JanusSeat }) =>
        JanusSeat.join(ticket, {
          display: options.user,
          iceServers: options.iceServers,
          audio: this.#tracks.audio,
          video: this.#tracks.video,
          changed: () => {
            this.applySink();
            options.changed();
          },
          lost: (error) => options.lost(error),
        }),
      )
      .then((seat) => {
        if (this.#closed) return seat.close();
        this.#seat = seat;
        options.changed();
      });
  }

  /** The member's camera publisher (not a screen feed), once Janus announced it. */
  feedOf(user: string): Feed | undefined {
    for (const feed of this.#seat?.feeds.values() ?? []) if (!feed.screenOf && feed.display === user) return feed;
    return undefined;
  }

  receiving(feed: Feed): boolean {
    return !!this.#seat?.receiving(feed);
  }

  link(user: string): MemberLink {
    return new JanusMemberLink(this, user);
  }

  /** Each member's link asks for the same tracks: they are set once, then sent in one configure. */
  setTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    this.#tracks[kind] = track;
    this.#flush ??= this.ready.then(() => {
      this.#flush = null;
      return this.#seat?.setTracks(this.#tracks, { muted: this.#tracks.audio?.enabled === false, cameraOff: !this.#tracks.video });
    });
    return this.#flush;
  }

  setSinkId(id: string): void {
    this.#sinkId = id;
    this.applySink();
  }

  /** New feeds play on the chosen speaker too. */
  applySink(): void {
    const id = this.#sinkId;
    if (!id) return;
    for (const feed of this.#seat?.feeds.values() ?? []) {
      const audio = feed.audio as HTMLAudioElement & { sinkId?: string; setSinkId?(id: string): Promise<void> };
      if (audio.sinkId !== id) audio.setSinkId?.(id).catch(() => undefined);
    }
  }

  close(): void {
    this.#closed = true;
    this.#seat?.close();
  }
}

class JanusMemberLink implements MemberLink {
  readonly #media: JanusRoomMedia;
  readonly #user: string;
  #closed = false;

  constructor(media: JanusRoomMedia, user: string) {
    this.#media = media;
    this.#user = user;
  }

  get state(): LinkState {
    if (this.#closed) return 'closed';
    const feed = this.#media.feedOf(this.#user);
    return feed && this.#media.receiving(feed) ? 'connected' : 'connecting';
  }

  get closed(): boolean {
    return this.#closed;
  }

  get remote(): MediaStream {
    return this.#media.feedOf(this.#user)?.stream ?? NO_MEDIA;
  }

  get speaking(): boolean {
    return !!this.#media.feedOf(this.#user)?.talking;
  }

  /** No tones through a VideoRoom. */
  get dtmf(): RTCDTMFSender | null {
    return null;
  }

  setTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    return this.#media.setTrack(kind, track);
  }

  setPlayback(on: boolean): void {
    const feed = this.#media.feedOf(this.#user);
    if (feed) feed.audio.muted = !on;
  }

  setSinkId(id: string): void {
    this.#media.setSinkId(id);
  }

  /** Janus keeps the PeerConnections; a member link has nothing of its own to restart. */
  retry(): void {}

  /** No peer-to-peer signals in a Janus room. */
  receive(): Promise<void> {
    return Promise.resolve();
  }

  close(): void {
    this.#closed = true;
  }
}

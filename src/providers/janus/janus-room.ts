/**
 * One seat in a Janus VideoRoom, shared by `provider="janus"` and the local provider's Janus rooms: a
 * publisher handle (camera + microphone on one PeerConnection), an optional second publisher for the screen,
 * and ONE subscriber PeerConnection that carries every other publisher's streams (Janus 1.x multistream).
 * Remote state (who publishes, talking, muted) comes from VideoRoom events; the owner reads it through
 * `feeds` and is told of changes by `changed`.
 */
import { CallError } from '../../core/errors.js';
import { JanusSession, type HandleEvent, type JanusHandle, type Jsep, type PluginMessage } from './janus-api.js';

const PLUGIN = 'janus.plugin.videoroom';
/** Stream descriptions this client publishes, so others see mute and camera state (Janus relays them). */
export const DESCRIPTIONS = { mic: 'mic', micMuted: 'mic-muted', camera: 'camera', cameraOff: 'camera-off', screen: 'screen' } as const;

export interface RoomTicket {
  /** Janus WebSocket URL. */
  readonly server: string;
  readonly room: number | string;
  readonly pin?: string;
  readonly token?: string;
  readonly apiSecret?: string;
}

interface PublishedStream {
  readonly type: 'audio' | 'video' | 'data';
  readonly mid: string;
  readonly description?: string;
  readonly disabled?: boolean;
  readonly moderated?: boolean;
}

interface Publisher {
  readonly id: number | string;
  readonly display?: string;
  readonly streams?: readonly PublishedStream[];
  readonly talking?: boolean;
}

/** Another publisher in the room, as this seat sees it. */
export interface Feed {
  readonly id: string;
  display: string;
  /** A screen-share feed names its owner's feed id in its display (`screen:<id>`). */
  screenOf: string | null;
  muted: boolean;
  /** Muted by its owner (stream description). */
  selfMuted: boolean;
  /** Muted by a moderator (VideoRoom `moderate`). */
  moderated: boolean;
  cameraOff: boolean;
  talking: boolean;
  /** The tracks received for it on the subscriber PeerConnection. */
  readonly stream: MediaStream;
  /** Audio mids published (Janus's), for `moderate`. */
  mids: string[];
  /** Plays the feed's audio (tiles are muted video elements). */
  readonly audio: HTMLAudioElement;
}

export interface SeatOptions {
  readonly display: string;
  readonly iceServers?: RTCIceServer[];
  readonly audio: MediaStreamTrack | null;
  readonly video: MediaStreamTrack | null;
  /** Room secret: enables kick and moderate (mute others). */
  readonly secret?: string;
  /** Something visible changed (feeds, tracks, talking, connection). */
  changed(): void;
  /** The seat is gone for good (server gone, kicked, room destroyed). */
  lost(error: CallError): void;
  /** The screen feed ended without being asked to (Janus hung up its media); `setScreen(null)` is done. */
  screenEnded?(): void;
}

interface SubscribedStream {
  readonly mid: string;
  readonly feed_id?: number | string;
  readonly type: string;
  readonly active?: boolean;
}

const idOf = (id: number | string): string => String(id);

export class JanusSeat {
  readonly ticket: RoomTicket;
  readonly feeds = new Map<string, Feed>();
  /** This seat's publisher id, once joined. */
  id = '';
  /** True while this seat's own publisher talks (Janus tells every publisher, including the talker). */
  talking = false;
  /** True while a moderator keeps this seat's microphone muted for everyone. */
  moderated = false;
  #options: SeatOptions;
  #session!: JanusSession;
  #publisher!: JanusHandle;
  #publisherPc: RTCPeerConnection | null = null;
  #privateId: number | string | undefined;
  #subscriber: JanusHandle | null = null;
  #subscriberPc: RTCPeerConnection | null = null;
  /** Mid on the subscriber PC → feed id, from the latest `attached`/`updated`. */
  #subscribed = new Map<string, string>();
  /** Subscription changes run one at a time: each is an offer/answer round with Janus. */
  #queue: Promise<void> = Promise.resolve();
  #screen: { handle: JanusHandle; pc: RTCPeerConnection } | null = null;
  #tracks: { audio: MediaStreamTrack | null; video: MediaStreamTrack | null };
  #closed = false;

  private constructor(ticket: RoomTicket, options: SeatOptions) {
    this.ticket = ticket;
    this.#options = options;
    this.#tracks = { audio: options.audio, video: options.video };
  }

  /** Joins the room and publishes; rejects with a typed CallError (not-found, forbidden, room-full, network). */
  static async join(ticket: RoomTicket, options: SeatOptions): Promise<JanusSeat> {
    const seat = new JanusSeat(ticket, options);
    try {
      await seat.#start();
    } catch (error) {
      seat.close();
      throw CallError.from(error, 'network', { action: 'join' });
    }
    return seat;
  }

  get connected(): boolean {
    return this.#publisherPc?.connectionState === 'connected';
  }

  /** Whether media from `feed` is flowing to this seat. */
  receiving(feed: Feed): boolean {
    return this.#subscriberPc?.connectionState === 'connected' && feed.stream.getTracks().length > 0;
  }

  async #start(): Promise<void> {
    const { ticket } = this;
    this.#session = await JanusSession.open(ticket.server, {
      ...(ticket.token ? { token: ticket.token } : {}),
      ...(ticket.apiSecret ? { apiSecret: ticket.apiSecret } : {}),
      lost: (error) => this.#lose(error),
    });
    this.#publisher = await this.#session.attach(PLUGIN, (event) => this.#onPublisherEvent(event));
    const joined = await this.#publisher.send({ request: 'join', ptype: 'publisher', room: ticket.room, display: this.#options.display, ...this.#access() });
    this.id = idOf(joined.data.id as number | string);
    this.#privateId = joined.data.private_id as number | string | undefined;
    this.#addPublishers((joined.data.publishers as Publisher[] | undefined) ?? []);
    await this.#publish();
  }

  #access(): Record<string, string> {
    return { ...(this.ticket.pin ? { pin: this.ticket.pin } : {}), ...(this.ticket.token ? { token: this.ticket.token } : {}) };
  }

  // ---- publishing ------------------------------------------------------------------------------------

  async #publish(): Promise<void> {
    const pc = new RTCPeerConnection({ iceServers: this.#options.iceServers ?? [] });
    this.#publisherPc = pc;
    pc.onicecandidate = (e) => this.#publisher.trickle(e.candidate);
    pc.onconnectionstatechange = () => this.#options.changed();
    // Both transceivers exist from the start, so camera on/off and mute are replaceTrack, never a renegotiation.
    pc.addTransceiver(this.#tracks.audio ?? 'audio', { direction: 'sendonly' });
    pc.addTransceiver(this.#tracks.video ?? 'video', { direction: 'sendonly' });
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    const [audioMid, videoMid] = pc.getTransceivers().map((t) => t.mid ?? '');
    const reply = await this.#publisher.send(
      {
        request: 'publish',
        descriptions: [
          { mid: audioMid, description: this.#tracks.audio?.enabled === false ? DESCRIPTIONS.micMuted : DESCRIPTIONS.mic },
          { mid: videoMid, description: this.#tracks.video ? DESCRIPTIONS.camera : DESCRIPTIONS.cameraOff },
        ],
      },
      { type: 'offer', sdp: offer.sdp ?? '' },
    );
    if (!reply.jsep) throw new CallError('provider-error', 'Janus sent no answer to publish');
    await pc.setRemoteDescription(reply.jsep);
  }

  /** Sends `audio`/`video` instead of the current tracks and tells the room (stream descriptions). */
  async setTracks(tracks: { audio: MediaStreamTrack | null; video: MediaStreamTrack | null }, state: { muted: boolean; cameraOff: boolean }): Promise<void> {
    this.#tracks = tracks;
    const pc = this.#publisherPc;
    if (!pc || this.#closed) return;
    const [audio, video] = pc.getTransceivers();
    await Promise.all([audio?.sender.replaceTrack(tracks.audio), video?.sender.replaceTrack(tracks.video)]);
    await this.#publisher.send({
      request: 'configure',
      descriptions: [
        { mid: audio?.mid, description: state.muted ? DESCRIPTIONS.micMuted : DESCRIPTIONS.mic },
        { mid: video?.mid, description: state.cameraOff ? DESCRIPTIONS.cameraOff : DESCRIPTIONS.camera },
      ],
    });
  }

  /** Publishes `track` as a second feed (the screen), or stops it. */
  async setScreen(track: MediaStreamTrack | null): Promise<void> {
    if (!track) {
      const screen = this.#screen;
      this.#screen = null;
      screen?.pc.close();
      await screen?.handle.detach();
      return;
    }
    if (this.#screen) {
      await this.#screen.pc.getTransceivers()[0]?.sender.replaceTrack(track);
      return;
    }
    const mine: { screen?: { handle: JanusHandle; pc: RTCPeerConnection } } = {};
    const handle = await this.#session.attach(PLUGIN, (event) => {
      // Janus hung up the screen's media (or dropped its handle): the share is over for everyone, the call goes on.
      if ((event.kind !== 'hangup' && event.kind !== 'detached') || !mine.screen || this.#screen !== mine.screen) return;
      void this.setScreen(null);
      this.#options.screenEnded?.();
    });
    const pc = new RTCPeerConnection({ iceServers: this.#options.iceServers ?? [] });
    this.#screen = mine.screen = { handle, pc };
    pc.onicecandidate = (e) => handle.trickle(e.candidate);
    pc.addTransceiver(track, { direction: 'sendonly' });
    await handle.send({ request: 'join', ptype: 'publisher', room: this.ticket.room, display: `screen:${this.id}`, ...this.#access() });
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    const reply = await handle.send(
      { request: 'publish', descriptions: [{ mid: pc.getTransceivers()[0]?.mid, description: DESCRIPTIONS.screen }] },
      { type: 'offer', sdp: offer.sdp ?? '' },
    );
    if (reply.jsep) await pc.setRemoteDescription(reply.jsep);
  }

  // ---- room events -------------------------------------------------------------------------------------

  /**
   * Janus hangs up a handle's PeerConnection when its media path dies (ICE failed, DTLS alert, no media) and
   * unpublishes us: the others stop seeing us, so the seat ends rather than stay half-alive.
   */
  #mediaLost(event: HandleEvent): boolean {
    if (event.kind !== 'hangup') return false;
    this.#lose(new CallError('network', `Janus lost the media connection${event.reason ? ` (${event.reason})` : ''}`));
    return true;
  }

  #onPublisherEvent(event: HandleEvent): void {
    if (event.kind === 'detached') return this.#lose(new CallError('network', 'Janus closed this seat'));
    if (this.#mediaLost(event)) return;
    if (event.kind !== 'plugin') return;
    const data = event.message.data;
    const kind = data.videoroom;
    if (kind === 'talking' || kind === 'stopped-talking') {
      const id = idOf(data.id as number | string);
      const talking = kind === 'talking';
      if (id === this.id) this.talking = talking;
      const feed = this.feeds.get(id);
      if (feed) feed.talking = talking;
      return this.#options.changed();
    }
    if (kind === 'destroyed') return this.#lose(new CallError('not-found', 'The room was closed'));
    if (kind !== 'event') return;
    if (Array.isArray(data.publishers)) this.#addPublishers(data.publishers as Publisher[]);
    if (data.moderation === 'muted' || data.moderation === 'unmuted') {
      const id = idOf(data.id as number | string);
      const muted = data.moderation === 'muted';
      if (id === this.id) this.moderated = muted;
      const feed = this.feeds.get(id);
      if (feed && feed.mids.includes(String(data.mid))) {
        feed.muted = muted || feed.selfMuted;
        feed.moderated = muted;
      }
      this.#options.changed();
    }
    // Our own `leaving: "ok"` with a reason: a moderator removed us.
    if (data.leaving === 'ok' && data.reason === 'kicked') return this.#lose(new CallError('forbidden', 'You were removed from the room'));
    const gone = data.unpublished ?? data.leaving ?? data.kicked;
    if (gone !== undefined && gone !== 'ok') this.#removeFeed(idOf(gone as number | string));
  }

  #addPublishers(publishers: readonly Publisher[]): void {
    const added: Feed[] = [];
    for (const p of publishers) {
      const id = idOf(p.id);
      if (id === this.id || p.display === `screen:${this.id}`) continue;
      let feed = this.feeds.get(id);
      if (!feed) {
        const stream = new MediaStream();
        const audio = document.createElement('audio');
        audio.autoplay = true;
        audio.srcObject = stream;
        feed = { id, display: '', screenOf: null, muted: false, selfMuted: false, moderated: false, cameraOff: false, talking: false, stream, mids: [], audio };
        this.feeds.set(id, feed);
        added.push(feed);
      }
      const display = p.display ?? id;
      feed.display = display;
      feed.screenOf = display.startsWith('screen:') ? display.slice(7) : null;
      const streams = p.streams ?? [];
      const audio = streams.find((s) => s.type === 'audio');
      const video = streams.find((s) => s.type === 'video');
      feed.selfMuted = audio?.description === DESCRIPTIONS.micMuted;
      feed.moderated = !!audio?.moderated;
      feed.muted = feed.selfMuted || feed.moderated;
      feed.cameraOff = !video || video.description === DESCRIPTIONS.cameraOff;
      feed.talking = p.talking ?? feed.talking;
      feed.mids = streams.filter((s) => !s.disabled && s.type === 'audio').map((s) => s.mid);
    }
    if (added.length) this.#enqueue(() => this.#subscribe(added));
    this.#options.changed();
  }

  #removeFeed(id: string): void {
    const feed = this.feeds.get(id);
    if (!feed) return;
    this.feeds.delete(id);
    for (const track of feed.stream.getTracks()) feed.stream.removeTrack(track);
    feed.audio.srcObject = null;
    // Janus drops the feed's streams from our subscription itself and sends an `updated` offer.
    this.#options.changed();
  }

  // ---- subscribing ------------------------------------------------------------------------------------

  #enqueue(task: () => Promise<void>): void {
    this.#queue = this.#queue.then(task).catch((error: unknown) => {
      // A feed that left between the event and our request (428): the next update sorts it out.
      if (!this.#closed && !(error instanceof CallError && error.code === 'not-found')) this.#lose(CallError.from(error, 'network'));
    });
  }

  async #subscribe(feeds: readonly Feed[]): Promise<void> {
    const live = feeds.filter((f) => this.feeds.has(f.id));
    if (!live.length || this.#closed) return;
    const streams = live.map((f) => ({ feed: Number.isNaN(Number(f.id)) ? f.id : Number(f.id) }));
    let reply: PluginMessage;
    if (!this.#subscriber) {
      this.#subscriber = await this.#session.attach(PLUGIN, (event) => this.#onSubscriberEvent(event));
      reply = await this.#subscriber.send({
        request: 'join',
        ptype: 'subscriber',
        room: this.ticket.room,
        streams,
        ...(this.#privateId !== undefined ? { private_id: this.#privateId } : {}),
        ...this.#access(),
      });
    } else reply = await this.#subscriber.send({ request: 'subscribe', streams });
    await this.#answer(reply);
  }

  #onSubscriberEvent(event: HandleEvent): void {
    if (this.#mediaLost(event) || event.kind !== 'plugin') return;
    // Unasked updates (a publisher left): Janus renegotiates the subscription with a new offer.
    if (event.message.jsep) this.#enqueue(() => this.#answer(event.message));
  }

  /** Applies Janus's offer for the subscriber PeerConnection and sends our answer with `start`. */
  async #answer(message: PluginMessage): Promise<void> {
    const streams = message.data.streams as SubscribedStream[] | undefined;
    if (streams) {
      this.#subscribed.clear();
      for (const s of streams) if (s.feed_id !== undefined && s.active !== false) this.#subscribed.set(s.mid, idOf(s.feed_id));
    }
    if (!message.jsep || message.jsep.type !== 'offer' || !this.#subscriber) return;
    let pc = this.#subscriberPc;
    if (!pc) {
      pc = new RTCPeerConnection({ iceServers: this.#options.iceServers ?? [] });
      this.#subscriberPc = pc;
      const handle = this.#subscriber;
      pc.onicecandidate = (e) => handle.trickle(e.candidate);
      pc.onconnectionstatechange = () => this.#options.changed();
    }
    await pc.setRemoteDescription(message.jsep);
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    this.#routeTracks();
    await this.#subscriber.send({ request: 'start' }, { type: 'answer', sdp: answer.sdp ?? '' } satisfies Jsep);
  }

  /** Puts each received track into its feed's stream (one stream per feed; camera and screen feeds apart). */
  #routeTracks(): void {
    const pc = this.#subscriberPc;
    if (!pc) return;
    for (const feed of this.feeds.values()) {
      const want = pc.getTransceivers().filter((t) => t.mid && this.#subscribed.get(t.mid) === feed.id && t.currentDirection !== 'inactive').map((t) => t.receiver.track);
      for (const track of feed.stream.getTracks()) if (!want.includes(track)) feed.stream.removeTrack(track);
      for (const track of want) if (!feed.stream.getTracks().includes(track)) feed.stream.addTrack(track);
      // A new track in a playing stream may not start on its own; play() is idempotent.
      if (want.length) feed.audio.play().catch(() => undefined);
    }
    this.#options.changed();
  }

  // ---- moderation -------------------------------------------------------------------------------------

  /** Removes another publisher (needs the room secret). */
  async kick(feedId: string): Promise<void> {
    await this.#publisher.request({ request: 'kick', room: this.ticket.room, id: Number(feedId), ...(this.#options.secret ? { secret: this.#options.secret } : {}) });
  }

  /** Mutes (or unmutes) another publisher's audio for everyone (needs the room secret). */
  async moderate(feedId: string, mute: boolean): Promise<void> {
    const feed = this.feeds.get(feedId);
    const mid = feed?.mids[0];
    if (!feed || mid === undefined) throw new CallError('not-found', 'That participant publishes no audio');
    await this.#publisher.request({ request: 'moderate', room: this.ticket.room, id: Number(feedId), mid, mute, ...(this.#options.secret ? { secret: this.#options.secret } : {}) });
  }

  // ---- end --------------------------------------------------------------------------------------------

  #lose(error: CallError): void {
    if (this.#closed) return;
    this.close();
    this.#options.lost(error);
  }

  /** Leaves: closes both PeerConnections and the session (Janus tells the others we left). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#publisherPc?.close();
    this.#subscriberPc?.close();
    this.#screen?.pc.close();
    for (const feed of this.feeds.values()) {
      for (const track of feed.stream.getTracks()) feed.stream.removeTrack(track);
      feed.audio.srcObject = null;
    }
    this.#session?.close();
  }
}

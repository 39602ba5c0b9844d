/**
 * `provider="janus"`: rooms on a Janus WebRTC Server the team already runs (VideoRoom plugin, WebSocket
 * transport). One call per joined room; every other publisher is a participant; a publisher whose display
 * is `screen:<id>` is that participant's screen. Secrets (`pin`, `token`, `apiSecret`, the room `secret`)
 * come from `providerOptions` only.
 */
import { CallError } from '../../core/errors.js';
import { PREVIEW_STREAM, VideoElementView, type MediaView, type ViewOptions } from '../../core/media.js';
import { endCall, upsertCall, createCall, createParticipant } from '../../core/patch.js';
import type { CallProvider, JoinLocator, ParticipantAction, ProviderConfig, ProviderSink } from '../../core/provider.js';
import type { Call, Capability, EndReason, Participant, StreamRef } from '../../core/state.js';
import { OptionReader } from '../kit/options.js';
import { JanusSeat, type Feed, type RoomTicket } from './janus-room.js';

/** `providerOptions` the janus provider reads. */
export interface JanusOptions {
  /** Janus WebSocket URL (ws:// or wss://); same as the `server` attribute. */
  server?: string;
  /** VideoRoom id (number or string, as the server is configured) used when `join()` names none. */
  room?: number | string;
  /** Room PIN, if the room has one. */
  pin?: string;
  /** Janus stored token or room ACL token. */
  token?: string;
  /** Janus API secret, if the server requires one. */
  apiSecret?: string;
  /** The room's secret: allows removing and muting others (kick, moderate). */
  secret?: string;
  iceServers?: RTCIceServer[];
  /** getUserMedia constraints for the camera (default: true). */
  video?: MediaTrackConstraints | boolean;
  /** getUserMedia constraints for the microphone (default: true). */
  audio?: MediaTrackConstraints | boolean;
}

interface RoomCall {
  readonly id: string;
  readonly room: number | string;
  readonly seat: JanusSeat;
  readonly startedAt: number;
  muted: boolean;
  video: boolean;
  screen: MediaStreamTrack | null;
}

/** Janus room ids are numbers unless the server runs with string ids. */
function roomId(value: unknown): number | string {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  if (typeof value === 'string' && /^\d{1,15}$/.test(value.trim())) return Number(value.trim());
  if (typeof value === 'string' && /^[\w.-]{1,64}$/.test(value.trim())) return value.trim();
  throw new CallError('invalid-argument', 'janus: a room is a positive number (or a string id of letters, digits, . _ -)');
}

function serverUrl(value: string | undefined): string {
  if (!value) throw new CallError('invalid-argument', 'janus: set the Janus WebSocket URL (server attribute or providerOptions.server)', { action: 'connect' });
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CallError('invalid-argument', `janus: not a URL: ${value}`, { action: 'connect' });
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new CallError('invalid-argument', 'janus: the server must be a ws:// or wss:// URL', { action: 'connect' });
  if (url.username || url.password || url.search) throw new CallError('invalid-argument', 'janus: put no credentials in the URL; use providerOptions', { action: 'connect' });
  return url.href;
}

export class JanusProvider implements CallProvider {
  readonly kind = 'janus';
  readonly #server: string;
  readonly #options: JanusOptions;
  readonly #display: string;
  readonly #user: string;
  #sink: ProviderSink | undefined;
  #calls = new Map<string, RoomCall>();
  #camera: MediaStream | null = null;
  #views = new Map<VideoElementView, () => MediaStream | null>();

  constructor(config: ProviderConfig) {
    const read = new OptionReader(config.options, 'janus');
    this.#server = serverUrl(config.server ?? read.text('server'));
    const text = (key: string): string | undefined => read.text(key);
    this.#options = {
      ...(config.options as JanusOptions),
      ...(text('pin') ? { pin: text('pin') } : {}),
      ...(text('token') ? { token: text('token') } : {}),
      ...(text('apiSecret') ? { apiSecret: text('apiSecret') } : {}),
      ...(text('secret') ? { secret: text('secret') } : {}),
    };
    if (this.#options.room !== undefined) roomId(this.#options.room);
    this.#user = (config.user ?? `guest-${Math.random().toString(36).slice(2, 6)}`).slice(0, 64);
    this.#display = (config.displayName ?? this.#user).replace(/\p{Cc}/gu, '').slice(0, 64) || this.#user;
  }

  connect(sink: ProviderSink): Promise<void> {
    this.#sink = sink;
    sink.update((s) => ({
      ...s,
      connection: 'connected',
      platform: { kind: this.kind, mode: 'media', capabilities: ['group-join'], destinations: [] },
      self: { id: this.#user, displayName: this.#display, address: this.#user },
    }));
    return Promise.resolve();
  }

  disconnect(): Promise<void> {
    for (const call of [...this.#calls.values()]) this.#finish(call, { code: 'hung-up' });
    for (const view of [...this.#views.keys()]) view.dispose();
    this.#sink = undefined;
    return Promise.resolve();
  }

  // ---- joining and leaving ------------------------------------------------------------------------

  async join(locator: JoinLocator, options: { readonly video: boolean }): Promise<string> {
    const room = roomId('room' in locator ? locator.room : this.#options.room);
    const id = `janus:${room}`;
    if (this.#calls.has(id)) throw new CallError('invalid-state', 'Already in that room');
    const media = await this.#acquire(options.video);
    const ticket: RoomTicket = {
      server: this.#server,
      room,
      ...(this.#options.pin ? { pin: this.#options.pin } : {}),
      ...(this.#options.token ? { token: this.#options.token } : {}),
      ...(this.#options.apiSecret ? { apiSecret: this.#options.apiSecret } : {}),
    };
    // The seat reports changes from its first event on; the call exists only once the seat does.
    const joined: { call?: RoomCall } = {};
    let seat: JanusSeat;
    try {
      seat = await JanusSeat.join(ticket, {
        display: this.#display,
        iceServers: this.#options.iceServers ?? [],
        audio: media.getAudioTracks()[0] ?? null,
        video: options.video ? (media.getVideoTracks()[0] ?? null) : null,
        ...(this.#options.secret ? { secret: this.#options.secret } : {}),
        changed: () => joined.call && this.#render(joined.call),
        screenEnded: () => {
          const call = joined.call;
          if (!call?.screen) return;
          call.screen.stop();
          call.screen = null;
          this.#render(call);
        },
        lost: (error) => {
          const call = joined.call;
          if (!call) return;
          this.#sink?.fail(error, 'network', { callId: call.id });
          this.#finish(call, { code: error.code === 'forbidden' ? 'forbidden' : 'network', message: error.message, platformCode: error.code });
        },
      });
    } catch (error) {
      if (!this.#calls.size) this.#release();
      throw error;
    }
    const call: RoomCall = { id, room, seat, startedAt: Date.now(), muted: false, video: options.video, screen: null };
    joined.call = call;
    this.#calls.set(id, call);
    this.#render(call);
    return id;
  }

  hangUp(callId: string): Promise<void> {
    this.#finish(this.#get(callId), { code: 'hung-up' });
    return Promise.resolve();
  }

  #finish(call: RoomCall, reason: EndReason): void {
    if (this.#calls.get(call.id) !== call) return;
    this.#calls.delete(call.id);
    call.screen?.stop();
    call.seat.close();
    if (!this.#calls.size) this.#release();
    this.#refreshViews();
    this.#sink?.update((s) => endCall(s, call.id, reason));
  }

  async #acquire(video: boolean): Promise<MediaStream> {
    const wantVideo = video && this.#options.video !== false;
    if (this.#camera && (!wantVideo || this.#camera.getVideoTracks().length)) return this.#camera;
    this.#release();
    try {
      this.#camera = await navigator.mediaDevices.getUserMedia({ audio: this.#options.audio ?? true, video: wantVideo ? (this.#options.video ?? true) : false });
    } catch (error) {
      const name = error instanceof DOMException ? error.name : '';
      const code = name === 'NotAllowedError' ? 'permission-denied' : name === 'NotFoundError' ? 'device-not-found' : name === 'NotReadableError' ? 'device-in-use' : 'provider-error';
      throw new CallError(code, `janus: cannot open the camera or microphone (${name || 'unknown error'})`, { cause: error, action: 'join' });
    }
    return this.#camera;
  }

  #release(): void {
    for (const track of this.#camera?.getTracks() ?? []) track.stop();
    this.#camera = null;
  }

  #get(callId: string): RoomCall {
    const call = this.#calls.get(callId);
    if (!call) throw new CallError('not-found', `No call with id ${callId}`);
    return call;
  }

  // ---- actions --------------------------------------------------------------------------------------

  async setMuted(callId: string, muted: boolean): Promise<void> {
    const call = this.#get(callId);
    call.muted = muted;
    await this.#sendTracks(call);
  }

  async setVideo(callId: string, on: boolean): Promise<void> {
    const call = this.#get(callId);
    if (on && !this.#camera?.getVideoTracks().length) {
      const camera = await navigator.mediaDevices.getUserMedia({ video: this.#options.video === false ? true : (this.#options.video ?? true) });
      for (const track of camera.getVideoTracks()) this.#camera?.addTrack(track);
    }
    call.video = on;
    await this.#sendTracks(call);
  }

  async setScreenShare(callId: string, on: boolean): Promise<void> {
    const call = this.#get(callId);
    if (on === !!call.screen) return;
    if (on) {
      const screen = (await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false })).getVideoTracks()[0] ?? null;
      if (!screen) throw new CallError('device-not-found', 'janus: no screen was shared');
      screen.addEventListener('ended', () => void this.setScreenShare(callId, false).catch((e: unknown) => this.#sink?.fail(e)));
      call.screen = screen;
      await call.seat.setScreen(screen);
    } else {
      const screen = call.screen;
      call.screen = null;
      screen?.stop();
      await call.seat.setScreen(null);
    }
    this.#render(call);
  }

  async #sendTracks(call: RoomCall): Promise<void> {
    const audio = this.#camera?.getAudioTracks()[0] ?? null;
    const video = this.#camera?.getVideoTracks()[0] ?? null;
    if (audio) audio.enabled = !call.muted;
    await call.seat.setTracks({ audio, video: call.video ? video : null }, { muted: call.muted, cameraOff: !call.video });
    this.#render(call);
  }

  async removeParticipant(callId: string, participantId: string): Promise<void> {
    const call = this.#get(callId);
    this.#feed(call, participantId);
    await call.seat.kick(participantId);
  }

  async participantAction(callId: string, participantId: string, action: ParticipantAction): Promise<void> {
    if (action.type !== 'mute') throw new CallError('unsupported', `janus: ${action.type} is not available in a VideoRoom`);
    const call = this.#get(callId);
    this.#feed(call, participantId);
    await call.seat.moderate(participantId, action.muted);
  }

  #feed(call: RoomCall, participantId: string): Feed {
    const feed = call.seat.feeds.get(participantId);
    if (!feed || feed.screenOf) throw new CallError('not-found', `No participant ${participantId} in this room`);
    return feed;
  }

  // ---- state out -------------------------------------------------------------------------------------

  #render(call: RoomCall): void {
    if (this.#calls.get(call.id) !== call) return;
    this.#refreshViews();
    this.#sink?.update((s) => upsertCall(s, this.#toCall(call, s.calls.find((c) => c.id === call.id))));
  }

  #toCall(call: RoomCall, previous: Call | undefined): Call {
    const { seat } = call;
    const feeds = [...seat.feeds.values()];
    const participants: Participant[] = feeds
      .filter((f) => !f.screenOf)
      .map((f) => {
        const screen = feeds.find((s) => s.screenOf === f.id);
        const receiving = seat.receiving(f);
        const video: StreamRef[] = [
          { id: `${call.id}/${f.id}/camera`, participantId: f.id, kind: 'camera', available: receiving && !f.cameraOff && f.stream.getVideoTracks().length > 0, local: false },
          ...(screen
            ? [{ id: `${call.id}/${screen.id}/screen`, participantId: f.id, kind: 'screen' as const, available: seat.receiving(screen), local: false }]
            : []),
        ];
        return createParticipant({ id: f.id, displayName: f.display, address: f.display, state: receiving ? 'connected' : 'connecting', muted: f.muted, speaking: f.talking && !f.muted, video });
      });
    const secret = !!this.#options.secret;
    const capabilities: Capability[] = ['mute', 'video', 'screen-share', ...(secret ? (['remove-participant', 'participant-mute'] as const) : [])];
    const streams: StreamRef[] = [
      ...(call.video ? [{ id: `${call.id}/self/camera`, participantId: 'self', kind: 'camera' as const, available: true, local: true }] : []),
      ...(call.screen ? [{ id: `${call.id}/self/screen`, participantId: 'self', kind: 'screen' as const, available: true, local: true }] : []),
    ];
    // The last speaker stays dominant while silent, but not once gone (core's removeParticipant does the same).
    const speaker = participants.find((p) => p.speaking) ?? participants.find((p) => p.id === previous?.dominantSpeakerId);
    return createCall({
      id: call.id,
      direction: 'outgoing',
      state: 'connected',
      remoteParties: [{ displayName: `Room ${call.room}`, address: String(call.room) }],
      participants,
      createdAt: previous?.createdAt ?? call.startedAt,
      startedAt: call.startedAt,
      capabilities,
      video: call.video,
      dominantSpeakerId: speaker?.id ?? null,
      local: { muted: call.muted || seat.moderated, video: call.video, screenSharing: !!call.screen, held: false, streams },
      meta: { room: String(call.room), feed: seat.id },
    });
  }

  // ---- views ----------------------------------------------------------------------------------------

  createView(stream: StreamRef, options: ViewOptions): MediaView {
    const source = this.#sourceFor(stream);
    const view = new VideoElementView(stream, options, null, () => this.#views.delete(view));
    this.#views.set(view, source);
    this.#attach(view, source);
    return view;
  }

  #sourceFor(stream: StreamRef): () => MediaStream | null {
    if (stream.id === PREVIEW_STREAM.id) return () => this.#camera;
    const [callId, feedId, kind] = stream.id.split('/');
    return () => {
      const call = this.#calls.get(callId ?? '');
      if (!call) return null;
      if (feedId === 'self') return kind === 'screen' ? (call.screen ? new MediaStream([call.screen]) : null) : call.video ? this.#camera : null;
      const feed = call.seat.feeds.get(feedId ?? '');
      return feed?.stream.getVideoTracks().length ? feed.stream : null;
    };
  }

  #attach(view: VideoElementView, source: () => MediaStream | null): void {
    const next = source();
    const current = view.video.srcObject as MediaStream | null;
    // The same stream (tracks change inside it) or the same track: leave the element alone.
    if (next === current || (next && current && next.getVideoTracks()[0] === current.getVideoTracks()[0])) return;
    view.attach(next);
    if (!next) view.video.srcObject = null;
  }

  #refreshViews(): void {
    for (const [view, source] of this.#views) this.#attach(view, source);
  }
}

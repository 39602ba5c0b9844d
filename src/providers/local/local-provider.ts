/**
 * The embedded default: real browser-to-browser calls through the bundled signaling server (server/).
 * 1:1 calls ring, are answered or declined; rooms are meshes of up to six. Media flows peer to peer, so a
 * dropped signaling socket (or a restarted server) never stops a call: the client reconnects and resumes.
 */
import { CallError } from '../../core/errors.js';
import { PREVIEW_STREAM, VideoElementView, type MediaView, type ViewOptions } from '../../core/media.js';
import { endCall, upsertCall } from '../../core/patch.js';
import type { CallProvider, JoinLocator, PermissionRequest, ProviderConfig, ProviderSink, StartCallOptions } from '../../core/provider.js';
import type { Call, CallSnapshot, CallState, Capability, DeviceKind, EndReason, Participant, StreamRef } from '../../core/state.js';
import { LocalMedia } from './local-media.js';
import { PeerLink } from './peer-link.js';
import { JanusRoomMedia, type MemberLink } from '../janus/local-room.js';
import { CONTROL_CHARACTERS, NAME_RULE, ROOM_PATTERN, USER_PATTERN, type MediaState, type PresenceEntry, type ServerMessage, type SignalPayload } from './protocol.js';
import { SignalingClient, toCallError, type SignalingStatus } from './signaling-client.js';

/** `providerOptions` the local provider reads. */
export interface LocalOptions {
  /** STUN/TURN servers; none are needed between tabs or machines on one network. */
  iceServers?: RTCIceServer[];
  /** The server's shared secret (CALL_ELEMENTS_SECRET), sent in the first message only. */
  secret?: string;
  /** Same as the `server` attribute. */
  server?: string;
  /** Same as the `user` attribute. */
  user?: string;
}

interface Peer {
  user: string;
  displayName: string;
  link: PeerLink | MemberLink | null;
  state: MediaState;
}

interface LocalCall {
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

export interface PresenceChangeDetail {
  readonly online: readonly PresenceEntry[];
}

const OFF: MediaState = { muted: false, video: false, held: false, screen: false };
const CALL_CAPABILITIES: Capability[] = ['mute', 'video', 'screen-share', 'hold', 'dtmf'];
const ROOM_CAPABILITIES: Capability[] = ['mute', 'video', 'screen-share', 'hold'];

const newCallId = (): string =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `c${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;

/** The signaling URL: explicit (ws(s) or http(s)), or this page's origin + /signal. */
export function signalingUrl(server: string | undefined): string {
  const base = typeof location !== 'undefined' ? location.href : 'http://localhost:8787/';
  let url: URL;
  try {
    url = new URL(server || '/signal', base);
  } catch {
    throw new CallError('invalid-argument', `Not a valid signaling server URL: ${server}`);
  }
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new CallError('invalid-argument', 'The signaling server must be an http(s) or ws(s) URL');
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/signal';
  if (url.username || url.password) throw new CallError('invalid-argument', 'Do not put credentials in the server URL; use providerOptions.secret');
  return url.href;
}

export class LocalProvider extends EventTarget implements CallProvider {
  readonly kind = 'local';
  readonly user: string;
  readonly displayName: string;
  readonly url: string;
  readonly media: LocalMedia;
  #sink: ProviderSink | undefined;
  #signaling: SignalingClient | undefined;
  #iceServers: RTCIceServer[];
  #secret: string | undefined;
  #calls = new Map<string, LocalCall>();
  #presence: PresenceEntry[] = [];
  #views = new Map<MediaView, () => MediaStreamTrack | null>();
  #rooms = new Set<string>();
  #renderQueued = false;
  /** The refusal shown while reconnecting, cleared once signed in again. */
  #refusal: CallError | undefined;

  constructor(config: ProviderConfig) {
    super();
    const options = config.options as LocalOptions;
    const user = (config.user ?? options.user ?? `guest-${Math.random().toString(36).slice(2, 6)}`).trim();
    if (!USER_PATTERN.test(user)) throw new CallError('invalid-argument', `A user name is 1–40 ${NAME_RULE}`);
    const displayName = config.displayName ?? user;
    if (CONTROL_CHARACTERS.test(displayName)) throw new CallError('invalid-argument', 'A display name cannot contain control characters such as tabs or new lines');
    this.user = user;
    this.displayName = displayName.slice(0, 64);
    this.url = signalingUrl(config.server ?? options.server);
    this.#iceServers = Array.isArray(options.iceServers) ? options.iceServers : [];
    this.#secret = typeof options.secret === 'string' ? options.secret : undefined;
    this.media = new LocalMedia(() => this.#queueRender());
  }

  /** Who else is online now. Changes fire `presence-change`. */
  get presence(): readonly PresenceEntry[] {
    return this.#presence;
  }

  // ---- lifecycle ---------------------------------------------------------------------------------

  async connect(sink: ProviderSink): Promise<void> {
    this.#sink = sink;
    const speakerSelect = typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
    sink.update((s) => ({
      ...s,
      platform: {
        kind: this.kind,
        mode: 'media',
        capabilities: ['outgoing', 'incoming', 'group-join', 'device-select', ...(speakerSelect ? (['speaker-select'] as const) : [])],
        destinations: ['user'],
      },
      self: { id: this.user, displayName: this.displayName, address: this.user },
    }));
    await this.media.start().catch(() => undefined); // device lists are a nicety; calls still work without
    this.#signaling = new SignalingClient(this.url, {
      hello: () => ({
        type: 'hello',
        user: this.user,
        displayName: this.displayName,
        ...(this.#secret ? { secret: this.#secret } : {}),
        calls: [...this.#calls.values()]
          .filter((c) => c.kind === 'direct' && c.accepted)
          .slice(0, 8)
          .map((c) => ({ callId: c.id, peer: [...c.peers.keys()][0]! })),
        rooms: [...this.#rooms].slice(0, 4),
      }),
      welcome: (msg, reconnected) => this.#welcome(msg, reconnected),
      message: (msg) => this.#onMessage(msg),
      status: (status, error) => this.#status(status, error),
    });
    await this.#signaling.start();
    // Closing the tab hangs up, so the other side sees a hang-up rather than a lost connection.
    globalThis.addEventListener?.('pagehide', this.#onPageHide);
    this.#render();
  }

  #onPageHide = (): void => {
    for (const call of [...this.#calls.values()]) {
      this.#leave(call);
      this.#sink?.update((s) => endCall(s, call.id, { code: call.accepted || call.kind === 'room' ? 'hung-up' : 'cancelled' }));
    }
    this.#signaling?.close();
  };

  /** Signs in again now instead of waiting out the back-off (after "the name is taken", say). */
  reconnect(): void {
    this.#signaling?.retryNow();
  }

  disconnect(): Promise<void> {
    globalThis.removeEventListener?.('pagehide', this.#onPageHide);
    for (const call of [...this.#calls.values()]) this.#leave(call);
    this.#signaling?.close();
    this.#signaling = undefined;
    for (const view of [...this.#views.keys()]) view.dispose();
    this.media.stop();
    this.#sink = undefined;
    return Promise.resolve();
  }

  #welcome(msg: Extract<ServerMessage, { type: 'welcome' }>, reconnected: boolean): void {
    this.#setPresence(msg.online);
    if (!reconnected) return;
    for (const call of [...this.#calls.values()]) {
      // An invitation the server no longer knows (it restarted) can never be answered: it ends here.
      if (call.kind === 'direct' && !call.accepted && !msg.calls.includes(call.id)) {
        this.#ended(call.id, { code: 'network', message: 'The invitation was lost while reconnecting', platformCode: 'lost' });
        continue;
      }
      // Accepted calls the server refused get their own hangup; the rest carry on. Peers learn our media
      // state again (in case they missed a change), and links that went down while we were away retry now.
      if (!call.accepted) continue;
      this.#sendState(call);
      for (const peer of call.peers.values()) peer.link?.retry();
    }
  }

  #status(status: SignalingStatus, error?: CallError): void {
    const refusal = this.#refusal;
    // Back in: a "name taken, trying again" notice is no longer true.
    this.#sink?.update((s) => ({ ...s, connection: status, error: status === 'connected' && refusal && s.error === refusal ? null : s.error }));
    if (status === 'connected') this.#refusal = undefined;
    // The reason stays visible (e.g. user-taken while the name is still in use) while the client retries.
    if (error) {
      const shown = this.#sink?.fail(error, 'network', { action: 'connect' });
      if (status === 'reconnecting') this.#refusal = shown;
    }
  }

  #setPresence(online: readonly PresenceEntry[]): void {
    this.#presence = online.filter((p) => p.user !== this.user).sort((a, b) => a.user.localeCompare(b.user));
    this.dispatchEvent(new CustomEvent<PresenceChangeDetail>('presence-change', { detail: { online: this.#presence } }));
  }

  // ---- signaling in --------------------------------------------------------------------------------

  #onMessage(msg: ServerMessage): void {
    switch (msg.type) {
      case 'presence':
        return this.#applyPresence([msg]);
      case 'presence-batch':
        return this.#applyPresence(msg.changes);
      case 'invite':
        return this.#incoming(msg);
      case 'accepted':
        return this.#answered(msg.callId);
      case 'rejected':
        return this.#ended(msg.callId, { code: 'declined', message: `${msg.from} declined the call` });
      case 'cancelled':
        return this.#ended(msg.callId, { code: msg.reason === 'no-answer' ? 'no-answer' : 'cancelled', platformCode: msg.reason ?? 'cancelled' });
      case 'hangup':
        return this.#ended(msg.callId, this.#reason(msg.reason));
      case 'peer-joined':
        return this.#peerJoined(msg.callId, msg.user, msg.displayName);
      case 'peer-left':
        return this.#peerLeft(msg.callId, msg.user);
      case 'signal':
        return this.#signal(msg);
      case 'state':
        return this.#remoteState(msg);
      case 'error':
        // The server's code is kept (forbidden, not-found, rate-limited…), mapped like a reply's.
        this.#sink?.fail(toCallError(msg), 'server-error', msg.ref ? { callId: msg.ref } : {});
        return;
      default:
        return;
    }
  }

  /** Presence changes (diffs) applied to the list: the latest entry per user wins. */
  #applyPresence(changes: readonly ({ online: boolean } & PresenceEntry)[]): void {
    const byUser = new Map(this.#presence.map((p) => [p.user, p]));
    for (const { online, user, displayName, busy } of changes) {
      if (online) byUser.set(user, { user, displayName, busy });
      else byUser.delete(user);
    }
    this.#setPresence([...byUser.values()]);
  }

  #reason(code: string | undefined): EndReason {
    if (code === 'no-answer') return { code: 'no-answer', platformCode: code };
    if (code === 'network') return { code: 'network', message: 'The other side lost its connection', platformCode: code };
    if (code === 'ended') return { code: 'network', message: 'The call ended while you were disconnected', platformCode: code };
    return { code: 'remote-hung-up', platformCode: code ?? 'hung-up' };
  }

  #incoming(msg: Extract<ServerMessage, { type: 'invite' }>): void {
    const call: LocalCall = {
      id: msg.callId,
      kind: 'direct',
      room: null,
      direction: 'incoming',
      phase: 'ringing',
      video: msg.video,
      accepted: false,
      peers: new Map([[msg.from, { user: msg.from, displayName: msg.displayName, link: null, state: { ...OFF, video: msg.video } }]]),
      local: { ...OFF },
      createdAt: Date.now(),
      startedAt: null,
    };
    this.#calls.set(call.id, call);
    this.#render();
  }

  #answered(callId: string): void {
    const call = this.#calls.get(callId);
    if (!call || call.accepted) return;
    call.accepted = true;
    call.phase = 'connecting';
    for (const peer of call.peers.values()) this.#link(call, peer, true);
    this.#sendState(call);
    this.#render();
  }

  #peerJoined(callId: string, user: string, displayName: string): void {
    const call = this.#calls.get(callId);
    if (!call) return;
    const existing = call.peers.get(user);
    if (existing?.link && !existing.link.closed) return; // came back after a reconnect: the media never stopped
    const peer: Peer = existing ?? { user, displayName, link: null, state: { ...OFF } };
    call.peers.set(user, peer);
    this.#link(call, peer, false);
    this.#sendState(call);
    this.#render();
  }

  #peerLeft(callId: string, user: string): void {
    const call = this.#calls.get(callId);
    const peer = call?.peers.get(user);
    if (!call || !peer) return;
    peer.link?.close();
    call.peers.delete(user);
    this.#refreshViews();
    this.#render();
  }

  #signal(msg: Extract<ServerMessage, { type: 'signal' }>): void {
    const call = this.#calls.get(msg.callId);
    if (!call?.accepted) return;
    let peer = call.peers.get(msg.from);
    if (!peer) {
      peer = { user: msg.from, displayName: msg.from, link: null, state: { ...OFF } };
      call.peers.set(msg.from, peer);
    }
    const link = peer.link && !peer.link.closed ? peer.link : this.#link(call, peer, false);
    void link.receive(msg);
  }

  #remoteState(msg: Extract<ServerMessage, { type: 'state' }>): void {
    const peer = this.#calls.get(msg.callId)?.peers.get(msg.from);
    if (!peer) return;
    const { muted, video, held, screen } = msg;
    peer.state = {
      muted: muted ?? peer.state.muted,
      video: video ?? peer.state.video,
      held: held ?? peer.state.held,
      screen: screen ?? peer.state.screen,
    };
    this.#refreshViews();
    this.#render();
  }

  #ended(callId: string, reason: EndReason): void {
    const call = this.#calls.get(callId);
    if (!call) return;
    this.#teardown(call);
    this.#sink?.update((s) => endCall(s, callId, reason));
  }

  // ---- peers -------------------------------------------------------------------------------------

  #link(call: LocalCall, peer: Peer, offerer: boolean): PeerLink | MemberLink {
    peer.link?.close();
    if (call.janus) return (peer.link = call.janus.link(peer.user));
    const sending = this.#sending(call);
    peer.link = new PeerLink({
      peer: peer.user,
      offerer,
      iceServers: this.#iceServers,
      stream: this.media.stream,
      tracks: sending,
      sinkId: this.media.selected.speaker,
      send: (payload: SignalPayload) => {
        this.#signaling?.send({ type: 'signal', callId: call.id, to: peer.user, ...payload });
      },
      changed: () => {
        this.#onLinkChange(call);
      },
      error: (error) => this.#sink?.fail(error, 'network', { callId: call.id }),
      lost: () => this.#linkLost(call, peer),
    });
    if (call.local.held) peer.link.setPlayback(false);
    return peer.link;
  }

  /** A peer unreachable through every ICE restart: a 1:1 call ends for both; a room lets that peer go. */
  #linkLost(call: LocalCall, peer: Peer): void {
    if (this.#calls.get(call.id) !== call) return;
    if (call.kind === 'room') return this.#peerLeft(call.id, peer.user);
    this.#signaling?.send({ type: 'hangup', callId: call.id, reason: 'network' });
    this.#ended(call.id, { code: 'network', message: `The connection to ${peer.displayName} was lost`, platformCode: 'ice-failed' });
  }

  #onLinkChange(call: LocalCall): void {
    if (!this.#calls.has(call.id)) return;
    if (call.phase === 'connecting' && [...call.peers.values()].some((p) => p.link?.state === 'connected')) {
      call.phase = 'connected';
      call.startedAt ??= Date.now();
    }
    this.#refreshViews();
    this.#queueRender();
  }

  /** The tracks a call sends now: nothing on hold; the screen instead of the camera while sharing. */
  #sending(call: LocalCall): { audio: MediaStreamTrack | null; video: MediaStreamTrack | null } {
    if (call.local.held) return { audio: null, video: null };
    return { audio: this.media.audio, video: call.local.screen ? this.media.screen : call.local.video ? this.media.camera : null };
  }

  async #applyTracks(call: LocalCall): Promise<void> {
    const { audio, video } = this.#sending(call);
    await Promise.all([...call.peers.values()].flatMap((p) => (p.link ? [p.link.setTrack('audio', audio), p.link.setTrack('video', video)] : [])));
    this.#refreshViews();
  }

  #sendState(call: LocalCall): void {
    this.#signaling?.send({ type: 'state', callId: call.id, ...call.local });
  }

  /** Closes links and, when no call is left, the camera and microphone. */
  #teardown(call: LocalCall): void {
    this.#calls.delete(call.id);
    if (call.room) this.#rooms.delete(call.room);
    for (const peer of call.peers.values()) peer.link?.close();
    call.janus?.close();
    if (this.#calls.size === 0 || ![...this.#calls.values()].some((c) => c.accepted)) this.media.release();
    this.#refreshViews();
  }

  #leave(call: LocalCall): void {
    if (call.kind === 'room' && call.room) this.#signaling?.send({ type: 'leave', room: call.room });
    else if (call.direction === 'incoming' && !call.accepted) this.#signaling?.send({ type: 'reject', callId: call.id });
    else if (!call.accepted) this.#signaling?.send({ type: 'cancel', callId: call.id });
    else this.#signaling?.send({ type: 'hangup', callId: call.id });
    this.#teardown(call);
  }

  // ---- state out -----------------------------------------------------------------------------------

  #queueRender(): void {
    if (this.#renderQueued) return;
    this.#renderQueued = true;
    queueMicrotask(() => {
      this.#renderQueued = false;
      this.#render();
    });
  }

  #render(): void {
    const sink = this.#sink;
    if (!sink) return;
    sink.update((s) => {
      let next: CallSnapshot = { ...s, devices: this.media.devices(), permissions: this.media.permissions };
      for (const call of this.#calls.values()) next = upsertCall(next, this.#toCall(call, s.calls.find((c) => c.id === call.id)));
      return next;
    });
  }

  #toCall(call: LocalCall, previous: Call | undefined): Call {
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
        ? [{ id: `${call.id}/${this.user}/${selfKind}`, participantId: this.user, kind: selfKind, available: true, local: true }]
        : [];
    const speaker = participants.find((p) => p.speaking);
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
      dominantSpeakerId: speaker?.id ?? previous?.dominantSpeakerId ?? null,
      dtmf: previous?.dtmf ?? '',
      meta: call.room ? { room: call.room } : {},
    };
  }

  // ---- media views -------------------------------------------------------------------------------

  createView(stream: StreamRef, options: ViewOptions): MediaView {
    const source = this.#sourceFor(stream);
    const view = new VideoElementView(stream, options, null, () => {
      this.#views.delete(view);
      if (stream.id === PREVIEW_STREAM.id && ![...this.#views.keys()].some((v) => v.stream.id === PREVIEW_STREAM.id)) this.media.stopPreview();
    });
    this.#views.set(view, source);
    if (stream.id === PREVIEW_STREAM.id) {
      this.media.startPreview().then(
        () => this.#refreshViews(),
        (error: unknown) => this.#sink?.fail(error, 'device-not-found', { action: 'createView' }),
      );
    }
    this.#attach(view, source);
    return view;
  }

  /** Where a view's video comes from, looked up each time so new tracks (device switch, reconnection) show. */
  #sourceFor(stream: StreamRef): () => MediaStreamTrack | null {
    if (stream.id === PREVIEW_STREAM.id) return () => this.media.preview?.getVideoTracks()[0] ?? null;
    const [callId, user] = stream.id.split('/');
    if (!callId || !user) throw new CallError('not-found', `No stream ${stream.id} in this session`);
    if (user === this.user) {
      return () => {
        const call = this.#calls.get(callId);
        if (!call) return null;
        return call.local.screen ? this.media.screen : call.local.video ? this.media.camera : null;
      };
    }
    return () => this.#calls.get(callId)?.peers.get(user)?.link?.remote.getVideoTracks()[0] ?? null;
  }

  #attach(view: MediaView, source: () => MediaStreamTrack | null): void {
    const video = (view as VideoElementView).video;
    const track = source();
    const current = (video.srcObject as MediaStream | null)?.getVideoTracks()[0] ?? null;
    if (track === current) return;
    (view as VideoElementView).attach(track ? new MediaStream([track]) : null);
    if (!track) video.srcObject = null;
  }

  #refreshViews(): void {
    for (const [view, source] of this.#views) this.#attach(view, source);
  }

  // ---- actions -------------------------------------------------------------------------------------

  #requireSignaling(): SignalingClient {
    if (!this.#signaling?.open) throw new CallError('not-connected', 'Not connected to the signaling server');
    return this.#signaling;
  }

  #get(callId: string): LocalCall {
    const call = this.#calls.get(callId);
    if (!call) throw new CallError('not-found', `No call with id ${callId}`);
    return call;
  }

  async startCall(to: readonly string[], options: StartCallOptions): Promise<string> {
    if (to.length !== 1) throw new CallError('unsupported', 'Local calls reach one person; use a room for a group');
    const target = to[0]!.replace(/^user:/, '').trim();
    if (!USER_PATTERN.test(target)) throw new CallError('invalid-argument', `"${target}" is not a valid user name`);
    if (target === this.user) throw new CallError('invalid-argument', 'You cannot call yourself');
    if ([...this.#calls.values()].some((c) => c.accepted)) throw new CallError('invalid-state', 'Hang up the current call first');
    const signaling = this.#requireSignaling();
    const call: LocalCall = {
      id: newCallId(),
      kind: 'direct',
      room: null,
      direction: 'outgoing',
      phase: 'connecting',
      video: options.video,
      accepted: false,
      peers: new Map([[target, { user: target, displayName: target, link: null, state: { ...OFF } }]]),
      local: { ...OFF, video: options.video },
      createdAt: Date.now(),
      startedAt: null,
    };
    this.#calls.set(call.id, call);
    this.#render();
    try {
      await this.media.acquire(options.video);
      const reply = await signaling.request({ type: 'invite', callId: call.id, to: target, video: options.video }, call.id, (m) => m.type === 'ringing' && m.callId === call.id);
      if (!this.#calls.has(call.id)) return call.id; // hung up while the invitation was on its way
      if (reply.type === 'ringing') call.peers.get(target)!.displayName = reply.displayName;
      call.phase = call.accepted ? call.phase : 'ringing';
      this.#render();
      return call.id;
    } catch (error) {
      const callError = CallError.from(error, 'network');
      const code = callError.code === 'busy' ? 'busy' : callError.code === 'permission-denied' ? 'forbidden' : callError.code === 'user-offline' ? 'unavailable' : 'failed';
      this.#ended(call.id, { code, message: callError.message, platformCode: callError.code });
      throw callError;
    }
  }

  async join(locator: JoinLocator, options: { readonly video: boolean }): Promise<string> {
    if (!('room' in locator)) throw new CallError('unsupported', 'The local provider joins rooms: { room: "name" }');
    const room = locator.room.trim();
    if (!ROOM_PATTERN.test(room)) throw new CallError('invalid-argument', 'A room name is 1–64 letters, digits, spaces, or . _ -');
    if ([...this.#calls.values()].some((c) => c.accepted)) throw new CallError('invalid-state', 'Hang up the current call first');
    const signaling = this.#requireSignaling();
    await this.media.acquire(options.video);
    let reply: ServerMessage;
    try {
      reply = await signaling.request({ type: 'join', room }, `room:${room}`, (m) => m.type === 'joined' && m.room === room);
    } catch (error) {
      if (this.#calls.size === 0) this.media.release();
      throw error;
    }
    if (reply.type !== 'joined') throw new CallError('server-error', 'Unexpected reply to join');
    const call: LocalCall = {
      id: reply.callId,
      kind: 'room',
      room,
      direction: 'outgoing',
      phase: 'connected',
      video: options.video,
      accepted: true,
      peers: new Map(),
      local: { ...OFF, video: options.video },
      createdAt: Date.now(),
      startedAt: Date.now(),
    };
    if (reply.janus) call.janus = new JanusRoomMedia(reply.janus, { user: this.user, iceServers: this.#iceServers, tracks: this.#sending(call), sinkId: this.media.selected.speaker, changed: () => this.#onLinkChange(call), lost: (e) => this.#ended(call.id, { code: 'network', message: e.message, platformCode: e.code }) });
    this.#calls.set(call.id, call);
    this.#rooms.add(room);
    for (const m of reply.members) {
      const peer: Peer = { user: m.user, displayName: m.displayName, link: null, state: { ...OFF } };
      call.peers.set(m.user, peer);
      this.#link(call, peer, true);
    }
    this.#sendState(call);
    this.#render();
    await call.janus?.ready.catch((error: unknown) => {
      this.hangUp(call.id).catch(() => undefined);
      throw error;
    });
    return call.id;
  }

  async accept(callId: string, options: { readonly video: boolean }): Promise<void> {
    const call = this.#get(callId);
    if (call.direction !== 'incoming' || call.accepted) throw new CallError('invalid-state', 'Only a ringing incoming call can be accepted');
    const signaling = this.#requireSignaling();
    await this.media.acquire(options.video);
    if (!this.#calls.has(callId)) throw new CallError('invalid-state', 'The caller hung up');
    call.accepted = true;
    call.phase = 'connecting';
    call.local = { ...call.local, video: options.video };
    // Links exist before the server forwards the acceptance, so the caller's offer finds them.
    for (const peer of call.peers.values()) this.#link(call, peer, false);
    signaling.send({ type: 'accept', callId });
    this.#sendState(call);
    this.#render();
  }

  reject(callId: string): Promise<void> {
    const call = this.#get(callId);
    this.#signaling?.send({ type: 'reject', callId });
    this.#teardown(call);
    this.#sink?.update((s) => endCall(s, callId, { code: 'declined' }));
    return Promise.resolve();
  }

  hangUp(callId: string): Promise<void> {
    const call = this.#get(callId);
    this.#leave(call);
    this.#sink?.update((s) => endCall(s, callId, { code: call.accepted || call.kind === 'room' ? 'hung-up' : 'cancelled' }));
    return Promise.resolve();
  }

  setMuted(callId: string, muted: boolean): Promise<void> {
    const call = this.#get(callId);
    call.local = { ...call.local, muted };
    if (this.media.audio) this.media.audio.enabled = !muted;
    this.#sendState(call);
    this.#render();
    return Promise.resolve();
  }

  async setVideo(callId: string, on: boolean): Promise<void> {
    const call = this.#get(callId);
    if (on) await this.media.cameraOn();
    else this.media.cameraOff(); // the camera light goes off with the camera, even while the screen is shared
    call.local = { ...call.local, video: on };
    await this.#applyTracks(call);
    this.#sendState(call);
    this.#render();
  }

  async setScreenShare(callId: string, on: boolean): Promise<void> {
    const call = this.#get(callId);
    if (on && !call.local.screen) {
      await this.media.shareScreen(() => {
        if (this.#calls.get(callId)?.local.screen) void this.setScreenShare(callId, false).catch((e: unknown) => this.#sink?.fail(e));
      });
    } else if (!on) this.media.stopScreen();
    call.local = { ...call.local, screen: on };
    await this.#applyTracks(call);
    this.#sendState(call);
    this.#render();
  }

  async hold(callId: string): Promise<void> {
    await this.#setHeld(callId, true);
  }

  async resume(callId: string): Promise<void> {
    await this.#setHeld(callId, false);
  }

  async #setHeld(callId: string, held: boolean): Promise<void> {
    const call = this.#get(callId);
    if (!call.accepted) throw new CallError('invalid-state', 'Only a call in progress can be held');
    call.local = { ...call.local, held };
    // On hold nothing is sent and nothing is heard; the connection itself stays up for a quick resume.
    for (const peer of call.peers.values()) peer.link?.setPlayback(!held);
    await this.#applyTracks(call);
    this.#sendState(call);
    this.#render();
  }

  sendDtmf(callId: string, digits: string): Promise<void> {
    const call = this.#get(callId);
    const senders = [...call.peers.values()].map((p) => p.link?.dtmf).filter((d): d is RTCDTMFSender => !!d && d.canInsertDTMF);
    if (senders.length === 0) throw new CallError('unsupported', 'This call cannot send tones right now (no audio is being sent)');
    for (const dtmf of senders) dtmf.insertDTMF(digits);
    return Promise.resolve();
  }

  async selectDevice(kind: DeviceKind, deviceId: string): Promise<void> {
    if (kind === 'speaker') {
      this.media.selected.speaker = deviceId;
      for (const call of this.#calls.values()) for (const peer of call.peers.values()) peer.link?.setSinkId(deviceId);
      this.#render();
      return;
    }
    await this.media.switchDevice(kind, deviceId);
    for (const call of this.#calls.values()) if (call.accepted) await this.#applyTracks(call);
    this.#refreshViews();
    this.#render();
  }

  async requestPermissions(request: PermissionRequest): Promise<void> {
    await this.media.requestPermissions(request.audio, request.video);
    await this.media.refreshDevices();
    this.#render();
  }
}

/**
 * The embedded default: real browser-to-browser calls through the bundled signaling server (server/).
 * 1:1 calls ring, are answered or declined; rooms are meshes of up to six. Media flows peer to peer, so a
 * dropped signaling socket (or a restarted server) never stops a call: the client reconnects and resumes.
 *
 * This file is the CallProvider face: sign-in, the server's messages routed, and the actions. The calls
 * live in CallTracker (call-tracker.ts), their links in PeerMesh (peer-mesh.ts), the views in LocalViews
 * (local-views.ts), the camera, microphone and devices in LocalMedia (local-media.ts).
 */
import { CallError } from '../../core/errors.js';
import type { MediaView, ViewOptions } from '../../core/media.js';
import type { CallProvider, JoinLocator, PermissionRequest, ProviderConfig, ProviderSink, StartCallOptions } from '../../core/provider.js';
import type { DeviceKind, StreamRef } from '../../core/state.js';
import { Subscriptions } from '../kit/subscriptions.js';
import { CallTracker, remoteEndReason } from './call-tracker.js';
import { newCall, newPeer, newCallId, OFF, type LocalCall } from './local-call.js';
import { LocalMedia } from './local-media.js';
import { LocalViews } from './local-views.js';
import { PeerMesh } from './peer-mesh.js';
import { CONTROL_CHARACTERS, NAME_RULE, ROOM_PATTERN, USER_PATTERN, type ClientMessage, type PresenceEntry, type ServerMessage } from './protocol.js';
import { SignalingClient, signalingUrl, toCallError, type SignalingStatus } from './signaling-client.js';

export { signalingUrl } from './signaling-client.js';

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

export interface PresenceChangeDetail {
  readonly online: readonly PresenceEntry[];
}

export class LocalProvider extends EventTarget implements CallProvider {
  readonly kind = 'local';
  readonly user: string;
  readonly displayName: string;
  readonly url: string;
  readonly media: LocalMedia;
  readonly iceServers: RTCIceServer[];
  readonly #calls: CallTracker;
  readonly #mesh: PeerMesh;
  readonly #views: LocalViews;
  /** The current connect's sink; a revoked one (after disconnect) drops every write. */
  #sink: ProviderSink | undefined;
  #signaling: SignalingClient | undefined;
  /** The last socket's goodbye, awaited by `disconnect`. */
  #closing: Promise<void> | undefined;
  #secret: string | undefined;
  #presence: PresenceEntry[] = [];
  /** What connect subscribed to, undone by disconnect. */
  readonly #subscriptions = new Subscriptions();
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
    this.iceServers = Array.isArray(options.iceServers) ? options.iceServers : [];
    this.#secret = typeof options.secret === 'string' ? options.secret : undefined;
    this.media = new LocalMedia(() => this.#calls.queueRender());
    const host = {
      user,
      media: this.media,
      iceServers: this.iceServers,
      sink: () => this.#sink,
      send: (msg: ClientMessage) => void this.#signaling?.send(msg),
      mediaChanged: () => this.#views.refresh(),
      failed: (error: unknown) => this.#sink?.fail(error, 'device-not-found', { action: 'createView' }),
    };
    this.#calls = new CallTracker(host);
    this.#mesh = new PeerMesh(host, this.#calls);
    this.#views = new LocalViews(host, this.#calls);
  }

  /** Who else is online now. Changes fire `presence-change`. */
  get presence(): readonly PresenceEntry[] {
    return this.#presence;
  }

  /** Live MediaViews (tests count them). */
  get viewCount(): number {
    return this.#views.size;
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
    this.#subscriptions.add(() => this.media.stop());
    await this.media.start().catch(() => undefined); // device lists are a nicety; calls still work without
    if (sink.revoked) return; // disconnected meanwhile: nothing more to start
    const signaling = new SignalingClient(this.url, {
      hello: () => ({
        type: 'hello',
        user: this.user,
        displayName: this.displayName,
        ...(this.#secret ? { secret: this.#secret } : {}),
        ...this.#calls.resumable(),
      }),
      welcome: (msg, reconnected) => this.#welcome(msg, reconnected),
      message: (msg) => this.#onMessage(msg),
      status: (status, error) => this.#status(status, error),
    });
    this.#signaling = signaling;
    this.#subscriptions.add(() => {
      this.#closing = signaling.close();
      if (this.#signaling === signaling) this.#signaling = undefined;
    });
    await signaling.start();
    if (sink.revoked) return;
    // Closing the tab hangs up, so the other side sees a hang-up rather than a lost connection.
    const pageHide = (): void => {
      this.#calls.leaveAll();
      void signaling.close();
    };
    globalThis.addEventListener?.('pagehide', pageHide);
    this.#subscriptions.add(() => globalThis.removeEventListener?.('pagehide', pageHide));
    this.#calls.render();
  }

  /** Signs in again now instead of waiting out the back-off (after "the name is taken", say). */
  reconnect(): void {
    this.#signaling?.retryNow();
  }

  async disconnect(): Promise<void> {
    this.#calls.leaveAll();
    this.#views.disposeAll();
    this.#subscriptions.dispose();
    const closing = this.#closing;
    this.#closing = undefined;
    await closing;
  }

  #welcome(msg: Extract<ServerMessage, { type: 'welcome' }>, reconnected: boolean): void {
    this.#setPresence(msg.online);
    if (!reconnected) return;
    // Accepted calls the server refused get their own hangup; the rest carry on.
    this.#calls.dropForgottenInvitations(msg.calls);
    this.#mesh.resume();
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

  /** Presence changes (diffs) applied to the list: the latest entry per user wins. */
  #applyPresence(changes: readonly ({ online: boolean } & PresenceEntry)[]): void {
    const byUser = new Map(this.#presence.map((p) => [p.user, p]));
    for (const { online, user, displayName, busy } of changes) {
      if (online) byUser.set(user, { user, displayName, busy });
      else byUser.delete(user);
    }
    this.#setPresence([...byUser.values()]);
  }

  #onMessage(msg: ServerMessage): void {
    switch (msg.type) {
      case 'presence':
        return this.#applyPresence([msg]);
      case 'presence-batch':
        return this.#applyPresence(msg.changes);
      case 'invite':
        return this.#calls.incoming(msg);
      case 'accepted': {
        const call = this.#calls.get(msg.callId);
        if (!call || call.accepted) return;
        this.#mesh.answered(call, true);
        this.#mesh.sendState(call);
        return this.#calls.render();
      }
      case 'rejected':
        return this.#calls.ended(msg.callId, { code: 'declined', message: `${msg.from} declined the call` });
      case 'cancelled':
        return this.#calls.ended(msg.callId, { code: msg.reason === 'no-answer' ? 'no-answer' : 'cancelled', platformCode: msg.reason ?? 'cancelled' });
      case 'hangup':
        return this.#calls.ended(msg.callId, remoteEndReason(msg.reason));
      case 'peer-joined':
        return this.#mesh.peerJoined(msg.callId, msg.user, msg.displayName);
      case 'peer-left':
        return this.#mesh.peerLeft(msg.callId, msg.user);
      case 'signal':
        return this.#mesh.signal(msg);
      case 'state':
        return this.#mesh.remoteState(msg);
      case 'error':
        // About a call already over here: it ended once, with its own error (its Janus seat may see a media
        // server go before the server does, and both say so). A second error for one fault would be noise.
        if (msg.ref && this.#calls.over(msg.ref)) return;
        // The server's code is kept (forbidden, not-found, rate-limited…), mapped like a reply's.
        this.#sink?.fail(toCallError(msg), 'server-error', msg.ref ? { callId: msg.ref } : {});
        return;
      default:
        return;
    }
  }

  // ---- actions -------------------------------------------------------------------------------------

  createView(stream: StreamRef, options: ViewOptions): MediaView {
    return this.#views.create(stream, options);
  }

  #requireSignaling(): SignalingClient {
    if (!this.#signaling?.open) throw new CallError('not-connected', 'Not connected to the signaling server');
    return this.#signaling;
  }

  async startCall(to: readonly string[], options: StartCallOptions): Promise<string> {
    if (to.length !== 1) throw new CallError('unsupported', 'Local calls reach one person; use a room for a group');
    const target = to[0]!.replace(/^user:/, '').trim();
    if (!USER_PATTERN.test(target)) throw new CallError('invalid-argument', `"${target}" is not a valid user name`);
    if (target === this.user) throw new CallError('invalid-argument', 'You cannot call yourself');
    this.#calls.requireIdle();
    const signaling = this.#requireSignaling();
    const peers = new Map([[target, newPeer(target)]]);
    const call = newCall({ id: newCallId(), kind: 'direct', direction: 'outgoing', phase: 'connecting', video: options.video, accepted: false, peers, local: { ...OFF, video: options.video } });
    this.#calls.add(call);
    try {
      await this.media.acquire(options.video);
      const reply = await signaling.request({ type: 'invite', callId: call.id, to: target, video: options.video }, call.id, (m) => m.type === 'ringing' && m.callId === call.id);
      if (!this.#calls.live(call)) return call.id; // hung up while the invitation was on its way
      if (reply.type === 'ringing') peers.get(target)!.displayName = reply.displayName;
      call.phase = call.accepted ? call.phase : 'ringing';
      this.#calls.render();
      return call.id;
    } catch (error) {
      const callError = CallError.from(error, 'network');
      const code = callError.code === 'busy' ? 'busy' : callError.code === 'permission-denied' ? 'forbidden' : callError.code === 'user-offline' ? 'unavailable' : 'failed';
      this.#calls.ended(call.id, { code, message: callError.message, platformCode: callError.code });
      throw callError;
    }
  }

  async join(locator: JoinLocator, options: { readonly video: boolean }): Promise<string> {
    if (!('room' in locator)) throw new CallError('unsupported', 'The local provider joins rooms: { room: "name" }');
    const room = locator.room.trim();
    if (!ROOM_PATTERN.test(room)) throw new CallError('invalid-argument', 'A room name is 1–64 letters, digits, spaces, or . _ -');
    this.#calls.requireIdle();
    const signaling = this.#requireSignaling();
    await this.media.acquire(options.video);
    let reply: ServerMessage;
    try {
      reply = await signaling.request({ type: 'join', room }, `room:${room}`, (m) => m.type === 'joined' && m.room === room);
    } catch (error) {
      if (this.#calls.all().length === 0) this.media.release();
      throw error;
    }
    if (reply.type !== 'joined') throw new CallError('server-error', 'Unexpected reply to join');
    const now = Date.now();
    const call = newCall({ id: reply.callId, kind: 'room', room, direction: 'outgoing', phase: 'connected', video: options.video, accepted: true, local: { ...OFF, video: options.video }, startedAt: now });
    for (const m of reply.members) call.peers.set(m.user, newPeer(m.user, m.displayName));
    if (reply.janus) this.#mesh.routeThroughJanus(call, reply.janus, this.user);
    this.#calls.add(call);
    for (const peer of call.peers.values()) this.#mesh.link(call, peer, true);
    this.#mesh.sendState(call);
    this.#calls.render();
    await call.janus?.ready.catch((error: unknown) => {
      this.hangUp(call.id).catch(() => undefined);
      throw error;
    });
    return call.id;
  }

  async accept(callId: string, options: { readonly video: boolean }): Promise<void> {
    const call = this.#calls.require(callId);
    if (call.direction !== 'incoming' || call.accepted) throw new CallError('invalid-state', 'Only a ringing incoming call can be accepted');
    const signaling = this.#requireSignaling();
    await this.media.acquire(options.video);
    if (!this.#calls.live(call)) throw new CallError('invalid-state', 'The caller hung up');
    call.local = { ...call.local, video: options.video };
    // Links exist before the server forwards the acceptance, so the caller's offer finds them.
    this.#mesh.answered(call, false);
    signaling.send({ type: 'accept', callId });
    this.#mesh.sendState(call);
    this.#calls.render();
  }

  reject(callId: string): Promise<void> {
    this.#calls.leave(this.#calls.require(callId), { code: 'declined' });
    return Promise.resolve();
  }

  hangUp(callId: string): Promise<void> {
    this.#calls.leave(this.#calls.require(callId));
    return Promise.resolve();
  }

  setMuted(callId: string, muted: boolean): Promise<void> {
    const call = this.#calls.require(callId);
    call.local = { ...call.local, muted };
    if (this.media.audio) this.media.audio.enabled = !muted;
    this.#mesh.sendState(call);
    this.#calls.render();
    return Promise.resolve();
  }

  async setVideo(callId: string, on: boolean): Promise<void> {
    const call = this.#calls.require(callId);
    if (on) await this.media.cameraOn();
    else this.media.cameraOff(); // the camera light goes off with the camera, even while the screen is shared
    call.local = { ...call.local, video: on };
    await this.#changedTracks(call);
  }

  async setScreenShare(callId: string, on: boolean): Promise<void> {
    const call = this.#calls.require(callId);
    if (on && !call.local.screen) {
      await this.media.shareScreen(() => {
        if (this.#calls.get(callId)?.local.screen) void this.setScreenShare(callId, false).catch((e: unknown) => this.#sink?.fail(e));
      });
    } else if (!on) this.media.stopScreen();
    call.local = { ...call.local, screen: on };
    await this.#changedTracks(call);
  }

  async hold(callId: string): Promise<void> {
    await this.#setHeld(callId, true);
  }

  async resume(callId: string): Promise<void> {
    await this.#setHeld(callId, false);
  }

  async #setHeld(callId: string, held: boolean): Promise<void> {
    const call = this.#calls.require(callId);
    if (!call.accepted) throw new CallError('invalid-state', 'Only a call in progress can be held');
    call.local = { ...call.local, held };
    // On hold nothing is sent and nothing is heard; the connection itself stays up for a quick resume.
    this.#mesh.setPlayback(call, !held);
    await this.#changedTracks(call);
  }

  /** The call's local media state changed: links send the right tracks, peers and the snapshot learn of it. */
  async #changedTracks(call: LocalCall): Promise<void> {
    await this.#mesh.applyTracks(call);
    this.#mesh.sendState(call);
    this.#calls.render();
  }

  sendDtmf(callId: string, digits: string): Promise<void> {
    const senders = this.#mesh.dtmfSenders(this.#calls.require(callId));
    if (senders.length === 0) throw new CallError('unsupported', 'This call cannot send tones right now (no audio is being sent)');
    for (const dtmf of senders) dtmf.insertDTMF(digits);
    return Promise.resolve();
  }

  async selectDevice(kind: DeviceKind, deviceId: string): Promise<void> {
    if (kind === 'speaker') {
      this.media.selected.speaker = deviceId;
      this.#mesh.setSpeaker(deviceId);
      this.#calls.render();
      return;
    }
    await this.media.switchDevice(kind, deviceId);
    for (const call of this.#calls.all()) if (call.accepted) await this.#mesh.applyTracks(call);
    this.#views.refresh();
    this.#calls.render();
  }

  async requestPermissions(request: PermissionRequest): Promise<void> {
    await this.media.requestPermissions(request.audio, request.video);
    await this.media.refreshDevices();
    this.#calls.render();
  }
}

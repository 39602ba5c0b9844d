/**
 * Kandy (Ribbon CPaaS) through the real `@kandy-io/cpaas-sdk@4.9.0`. The SDK's actions are fire-and-forget
 * Redux dispatches; each of ours waits for the matching `call:operation` FINISH (or its `params.error`),
 * and the call itself is re-read with `call.getById` on every event, so state comes from one place.
 */
import { CallError } from '../../core/errors.js';
import { PREVIEW_STREAM, VideoElementView, type MediaView, type ViewOptions } from '../../core/media.js';
import { createCall, endCall, updateCall, upsertCall } from '../../core/patch.js';
import type { CallProvider, PermissionRequest, ProviderConfig, ProviderSink, StartCallOptions } from '../../core/provider.js';
import type { Call, DeviceKind, Participant, StreamRef } from '../../core/state.js';
import { loadKandy, type KandyCallObject, type KandyClient, type KandyConfig, type KandyError, type KandyEventMap, type KandyEventName, type KandyFactory, type KandyOperation, type KandySdkSource } from './kandy-sdk.js';
import { KandyTrackView } from './kandy-view.js';
import { callCapabilities, destinationKind, isEndedState, toCallError, toCallState, toDevices, toEndReason, toKandyDestination } from './mapping.js';

export interface KandyTokens {
  readonly accessToken: string;
  readonly idToken: string;
}

/** `providerOptions` for `<call-session provider="kandy">`. */
export interface KandyOptions extends KandySdkSource {
  /** The CPaaS gateway: `{ base: 'oauth-cpaas.att.com' }`; protocol defaults to https, port to 443. */
  readonly server: { readonly base: string; readonly protocol?: 'https' | 'http'; readonly port?: number | string };
  readonly clientCorrelator: string;
  /** Returns fresh tokens; called at connect and again shortly before the access token expires. */
  readonly tokens: () => Promise<KandyTokens>;
  /** Extra `Kandy.create` configuration (`call.iceServers`, `logs`, …); `authentication` is ours. */
  readonly config?: Readonly<Record<string, unknown>>;
  /** How long one SDK operation may take before it fails with `timeout` (ms, default 20000). */
  readonly operationTimeoutMs?: number;
  /** A `Kandy.create` to use instead of loading the bundled SDK (pages that load it themselves). */
  readonly createClient?: KandyFactory;
}

const PLATFORM_CAPABILITIES = ['outgoing', 'incoming', 'device-select', 'speaker-select'] as const;
const KANDY_DTMF = /^[0-9#*,]+$/;
/** Refresh tokens this long before the access token's `exp`. */
const REFRESH_MARGIN_MS = 60_000;

interface CallTrack {
  /** Local video tracks that came from a screen share rather than the camera. */
  screenTracks: Set<string>;
  screenPending: boolean;
  endedLocally: boolean;
  video: boolean;
}

interface Waiter {
  readonly callId: string;
  readonly operation: KandyOperation;
  readonly resolve: () => void;
  readonly reject: (error: CallError) => void;
}

function decodeJwt(token: string): Record<string, unknown> | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function invalid(message: string): CallError {
  return new CallError('invalid-argument', message, { action: 'connect' });
}

export function readKandyOptions(raw: Readonly<Record<string, unknown>>): KandyOptions {
  const server = raw['server'] as KandyOptions['server'] | undefined;
  if (!server || typeof server !== 'object' || typeof server.base !== 'string' || !server.base.trim()) {
    throw invalid('Kandy needs providerOptions.server = { base: "your CPaaS host" }');
  }
  if (/[/:\s]/.test(server.base)) throw invalid('server.base is a host name only, without protocol, port or path');
  if (server.protocol !== undefined && server.protocol !== 'https' && server.protocol !== 'http') {
    throw invalid('server.protocol must be "https" or "http"');
  }
  if (server.port !== undefined && !/^\d{1,5}$/.test(String(server.port))) throw invalid('server.port must be a port number');
  const clientCorrelator = raw['clientCorrelator'];
  if (typeof clientCorrelator !== 'string' || !clientCorrelator.trim()) {
    throw invalid('Kandy needs providerOptions.clientCorrelator (a string identifying this client)');
  }
  if (typeof raw['tokens'] !== 'function') {
    throw invalid('Kandy needs providerOptions.tokens: an async function returning { accessToken, idToken }');
  }
  const config = raw['config'];
  if (config !== undefined && (typeof config !== 'object' || config === null)) throw invalid('config must be an object');
  const timeout = raw['operationTimeoutMs'];
  if (timeout !== undefined && (typeof timeout !== 'number' || !(timeout > 0))) throw invalid('operationTimeoutMs must be a positive number');
  const createClient = raw['createClient'];
  if (createClient !== undefined && typeof createClient !== 'function') throw invalid('createClient must be a function');
  return raw as unknown as KandyOptions;
}

export class KandyProvider implements CallProvider {
  readonly kind = 'kandy';
  #config: ProviderConfig;
  #options: KandyOptions | null = null;
  #sink: ProviderSink | null = null;
  #client: KandyClient | null = null;
  #unlisten: (() => void)[] = [];
  #calls = new Map<string, CallTrack>();
  #waiters = new Set<Waiter>();
  #refreshTimer: ReturnType<typeof setTimeout> | undefined;
  /** Remote audio plays from here: a detached container of ours, never the page's DOM. */
  #audioBox: HTMLElement | null = null;
  #renderedAudio = new Set<string>();
  #preview: MediaStream | null = null;
  #previewViews = new Set<VideoElementView>();
  #disposed = false;

  constructor(config: ProviderConfig) {
    this.#config = config;
  }

  /** The SDK client, for tests and pages that need a Kandy API this adapter does not wrap. */
  get client(): KandyClient | null {
    return this.#client;
  }

  get #timeout(): number {
    return this.#options?.operationTimeoutMs ?? 20_000;
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  async connect(sink: ProviderSink): Promise<void> {
    this.#sink = sink;
    this.#disposed = false;
    const options = readKandyOptions(this.#config.options);
    this.#options = options;
    let create: KandyFactory;
    try {
      create = options.createClient ?? (await loadKandy(this.#config.options));
    } catch (error) {
      throw CallError.from(error, 'network', { action: 'connect' });
    }
    const extra = (options.config ?? {}) as Partial<KandyConfig>;
    const client = create({
      ...extra,
      logs: { logLevel: 'warn', ...(extra.logs ?? {}) },
      authentication: {
        server: {
          base: options.server.base,
          protocol: options.server.protocol ?? 'https',
          port: options.server.port ?? 443,
        },
        clientCorrelator: options.clientCorrelator,
      },
    });
    this.#client = client;
    this.#listen(client);

    const tokens = await this.#fetchTokens();
    client.setTokens(tokens);
    this.#scheduleRefresh(tokens.accessToken);
    const claims = decodeJwt(tokens.idToken) ?? {};
    const username = typeof claims['preferred_username'] === 'string' ? claims['preferred_username'] : '';

    sink.update((s) => ({
      ...s,
      platform: { kind: 'kandy', mode: 'media', capabilities: [...PLATFORM_CAPABILITIES], destinations: ['user', 'email', 'phone'] },
      self: { id: username, displayName: this.#config.displayName ?? username, address: username },
      devices: toDevices(client.media.getDevices(), s.devices.selected),
    }));
    await this.#subscribe(client);
  }

  async disconnect(): Promise<void> {
    this.#disposed = true;
    clearTimeout(this.#refreshTimer);
    const client = this.#client;
    for (const waiter of this.#waiters) waiter.reject(new CallError('disposed', 'The Kandy session was closed'));
    this.#waiters.clear();
    for (const view of this.#previewViews) view.dispose();
    this.#stopPreview();
    if (client) {
      for (const call of client.call.getAll()) {
        if (!isEndedState(call.state)) client.call.end(call.id);
      }
      for (const trackId of this.#renderedAudio) if (this.#audioBox) client.media.removeTracks([trackId], this.#audioBox);
      for (const off of this.#unlisten) off();
      if (client.services.getSubscriptions().subscribed.includes('call')) client.services.unsubscribe(['call'], 'websocket');
    }
    this.#renderedAudio.clear();
    this.#unlisten = [];
    this.#calls.clear();
    this.#client = null;
    return Promise.resolve();
  }

  #on<K extends KandyEventName>(client: KandyClient, type: K, listener: (params: KandyEventMap[K]) => void): void {
    const guarded = (params: KandyEventMap[K]): void => {
      // An exception thrown into the SDK's emitter would break its saga; report it instead.
      try {
        listener(params ?? ({} as KandyEventMap[K]));
      } catch (error) {
        this.#sink?.fail(error, 'internal');
      }
    };
    client.on(type, guarded);
    this.#unlisten.push(() => client.off(type, guarded));
  }

  #listen(client: KandyClient): void {
    this.#on(client, 'call:receive', ({ callId, error }) => {
      if (error) return void this.#sink?.fail(toCallError(error, 'incoming', callId));
      this.#track(callId);
      this.#sync(callId);
    });
    this.#on(client, 'call:start', ({ callId, error }) => {
      if (error) this.#sink?.fail(toCallError(error, 'startCall', callId));
      this.#sync(callId);
    });
    this.#on(client, 'call:stateChange', ({ callId, previous, transition, error }) => {
      if (error) this.#sink?.fail(toCallError(error, 'call', callId));
      this.#sync(callId, previous?.state, transition);
    });
    this.#on(client, 'call:operation', (params) => this.#operationEvent(params));
    this.#on(client, 'call:newTrack', ({ callId, trackId, local }) => {
      const entry = this.#calls.get(callId);
      const track = client.media.getTrackById(trackId);
      if (local && entry?.screenPending && track?.kind === 'video') entry.screenTracks.add(trackId);
      if (!local && track?.kind === 'audio') this.#renderAudio(trackId);
      this.#sync(callId);
    });
    this.#on(client, 'call:trackEnded', ({ callId, trackId }) => {
      this.#unrenderAudio(trackId);
      this.#calls.get(callId)?.screenTracks.delete(trackId);
      this.#sync(callId);
    });
    this.#on(client, 'call:trackReplaced', ({ callId, error }) => {
      if (error) this.#settle(callId, 'REPLACE_TRACK', error);
      this.#sync(callId);
    });
    const syncTracks = ({ tracks }: { tracks: readonly string[] }): void => {
      for (const call of client.call.getAll()) if (call.localTracks.some((t) => tracks.includes(t))) this.#sync(call.id);
    };
    this.#on(client, 'media:muted', syncTracks);
    this.#on(client, 'media:unmuted', syncTracks);
    this.#on(client, 'devices:change', () => this.#refreshDevices());
    this.#on(client, 'auth:error', ({ error }) => void this.#sink?.fail(toCallError(error, 'auth')));
    this.#on(client, 'subscription:change', () => {
      const sink = this.#sink;
      if (!sink || sink.snapshot.connection !== 'connected') return;
      const { subscribed, isPending } = client.services.getSubscriptions();
      if (!isPending && !subscribed.includes('call') && !this.#disposed) {
        sink.update((s) => ({ ...s, connection: 'failed' }));
        sink.fail(new CallError('network', 'The Kandy call subscription was lost', { action: 'subscription' }));
      }
    });
  }

  /** Subscribes to the call service over the websocket channel; resolves on `subscription:change` with `call` subscribed. */
  #subscribe(client: KandyClient): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const done = (error?: CallError): void => {
        clearTimeout(timer);
        client.off('subscription:change', onChange);
        client.off('subscription:error', onError);
        if (error) reject(error);
        else resolve();
      };
      const onChange = (): void => {
        if (client.services.getSubscriptions().subscribed.includes('call')) done();
      };
      const onError = ({ error }: { error: KandyError }): void => done(toCallError(error, 'connect'));
      const timer = setTimeout(
        () => done(new CallError('timeout', 'Kandy did not confirm the call subscription', { action: 'connect' })),
        this.#timeout,
      );
      client.on('subscription:change', onChange);
      client.on('subscription:error', onError);
      client.services.subscribe(['call'], 'websocket');
    });
  }

  async #fetchTokens(): Promise<KandyTokens> {
    let tokens: unknown;
    try {
      tokens = await this.#options!.tokens();
    } catch (error) {
      throw CallError.from(error, 'auth-failed', { action: 'tokens' });
    }
    const t = tokens as Partial<KandyTokens> | null;
    if (!t || typeof t.accessToken !== 'string' || !t.accessToken || typeof t.idToken !== 'string' || !t.idToken) {
      throw new CallError('auth-failed', 'providerOptions.tokens() must resolve to { accessToken, idToken }', { action: 'tokens' });
    }
    if (!decodeJwt(t.idToken)) throw new CallError('auth-failed', 'The Kandy idToken is not a JWT', { action: 'tokens' });
    return { accessToken: t.accessToken, idToken: t.idToken };
  }

  /** Asks for new tokens shortly before the access token's `exp`; tokens without `exp` are not refreshed. */
  #scheduleRefresh(accessToken: string): void {
    clearTimeout(this.#refreshTimer);
    const exp = decodeJwt(accessToken)?.['exp'];
    if (typeof exp !== 'number') return;
    const delay = Math.min(Math.max(exp * 1000 - Date.now() - REFRESH_MARGIN_MS, 1000), 2 ** 31 - 1);
    this.#refreshTimer = setTimeout(() => void this.refreshTokens(), delay);
  }

  /** Fetches and installs new tokens now (also what the expiry timer does). */
  async refreshTokens(): Promise<void> {
    if (this.#disposed || !this.#client) return;
    try {
      const tokens = await this.#fetchTokens();
      if (this.#disposed || !this.#client) return;
      this.#client.setTokens(tokens);
      this.#scheduleRefresh(tokens.accessToken);
    } catch (error) {
      this.#sink?.fail(CallError.from(error, 'token-expired', { action: 'tokens' }));
    }
  }

  // ---- state -----------------------------------------------------------------------------------

  #track(callId: string, video = false): CallTrack {
    let entry = this.#calls.get(callId);
    if (!entry) {
      entry = { screenTracks: new Set(), screenPending: false, endedLocally: false, video };
      this.#calls.set(callId, entry);
    }
    return entry;
  }

  /** Re-reads one Kandy call and writes its normalized form. */
  #sync(callId: string, previousState?: string, transition?: { statusCode?: number; reasonText?: string }): void {
    const sink = this.#sink;
    const client = this.#client;
    if (!sink || !client) return;
    const kc = client.call.getById(callId);
    if (!kc) return;
    const entry = this.#track(callId);
    if (isEndedState(kc.state)) {
      for (const trackId of kc.remoteTracks) this.#unrenderAudio(trackId);
      // `call:operation` FINISH arrives before `call:stateChange`: without `previous`, our last state tells.
      const known = sink.snapshot.calls.find((c) => c.id === callId)?.state;
      const before = previousState ?? (known && ['ringing', 'early-media', 'connecting'].includes(known) ? 'Ringing' : 'Connected');
      const reason = toEndReason(kc, before, transition, entry.endedLocally);
      sink.update((s) => (s.calls.some((c) => c.id === callId) ? endCall(s, callId, reason) : s));
      this.#calls.delete(callId);
      return;
    }
    const next = this.#normalize(kc, entry);
    sink.update((s) => {
      const existing = s.calls.find((c) => c.id === callId);
      if (!existing) return upsertCall(s, createCall({ ...next, id: callId, direction: kc.direction, local: next.local }));
      return updateCall(s, callId, { ...next, local: next.local });
    });
  }

  #normalize(kc: KandyCallObject, entry: CallTrack): Omit<Call, 'id' | 'direction' | 'createdAt' | 'startedAt' | 'endedAt' | 'endReason' | 'dtmf' | 'meta' | 'recording' | 'dominantSpeakerId'> {
    const media = this.#client!.media;
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

  #refreshDevices(): void {
    const client = this.#client;
    if (!client) return;
    this.#sink?.update((s) => ({ ...s, devices: toDevices(client.media.getDevices(), s.devices.selected) }));
  }

  // ---- operations --------------------------------------------------------------------------------

  #operationEvent(params: KandyEventMap['call:operation']): void {
    const { callId, operation, transition, error } = params;
    if (error) {
      if (!this.#settle(callId, operation, error)) this.#sink?.fail(toCallError(error, operation.toLowerCase(), callId));
    } else if (transition === 'FINISH') {
      this.#settle(callId, operation);
    }
    if (transition === 'FINISH') this.#sync(callId);
  }

  /** Settles the waiter for `operation` on `callId`; returns whether there was one. */
  #settle(callId: string, operation: KandyOperation, error?: KandyError): boolean {
    for (const waiter of this.#waiters) {
      if (waiter.callId === callId && waiter.operation === operation) {
        this.#waiters.delete(waiter);
        if (error) waiter.reject(toCallError(error, operation.toLowerCase(), callId));
        else waiter.resolve();
        return true;
      }
    }
    return false;
  }

  /** Runs one SDK action and waits for its `call:operation` FINISH. */
  #operation(callId: string, operation: KandyOperation, start: (client: KandyClient) => void): Promise<void> {
    const client = this.#requireClient();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new CallError('timeout', `Kandy did not finish ${operation.toLowerCase()} in time`, { callId }));
      }, this.#timeout);
      const waiter: Waiter = {
        callId,
        operation,
        resolve: () => (clearTimeout(timer), resolve()),
        reject: (e) => (clearTimeout(timer), reject(e)),
      };
      this.#waiters.add(waiter);
      try {
        start(client);
      } catch (error) {
        this.#waiters.delete(waiter);
        waiter.reject(CallError.from(error, 'provider-error', { callId }));
      }
    });
  }

  #requireClient(): KandyClient {
    if (!this.#client) throw new CallError('not-connected', 'Kandy is not connected');
    return this.#client;
  }

  #kandyCall(callId: string): KandyCallObject {
    const call = this.#requireClient().call.getById(callId);
    if (!call) throw new CallError('not-found', `Kandy has no call ${callId}`);
    return call;
  }

  #localTracks(callId: string, kind: 'audio' | 'video', screen?: boolean): string[] {
    const media = this.#requireClient().media;
    const entry = this.#calls.get(callId);
    return this.#kandyCall(callId).localTracks.filter((id) => {
      const track = media.getTrackById(id);
      if (!track || track.kind !== kind || track.state === 'ended') return false;
      return screen === undefined || (entry?.screenTracks.has(id) ?? false) === screen;
    });
  }

  #mediaOptions(video: boolean): { audio: true; audioOptions?: { deviceId: string }; video: boolean; videoOptions?: { deviceId: string } } {
    const selected = this.#sink?.snapshot.devices.selected;
    return {
      audio: true,
      ...(selected?.microphone ? { audioOptions: { deviceId: selected.microphone } } : {}),
      video,
      ...(video && selected?.camera ? { videoOptions: { deviceId: selected.camera } } : {}),
    };
  }

  startCall(to: readonly string[], options: StartCallOptions): Promise<string> {
    const client = this.#requireClient();
    if (to.length !== 1) return Promise.reject(new CallError('unsupported', 'Kandy calls have exactly one destination'));
    const destination = toKandyDestination(to[0]!);
    const kind = destinationKind(destination);
    if (!kind) return Promise.reject(new CallError('invalid-argument', `"${to[0]}" is neither a user address nor a phone number`));
    if (options.kind === 'phone' && kind !== 'phone') {
      return Promise.reject(new CallError('invalid-argument', `"${to[0]}" is not a phone number`));
    }
    const callId = client.call.make(destination, this.#mediaOptions(options.video));
    this.#track(callId, options.video);
    this.#sync(callId);
    return Promise.resolve(callId);
  }

  async accept(callId: string, options: { readonly video: boolean }): Promise<void> {
    this.#track(callId).video = options.video;
    // The SDK refuses to answer before it has reported `Ringing` to the caller; the user may be quicker.
    await this.#untilKandyState(callId, (state) => state !== 'Initiating' && state !== 'Initiated');
    await this.#operation(callId, 'ANSWER', (c) => c.call.answer(callId, this.#mediaOptions(options.video)));
  }

  #untilKandyState(callId: string, predicate: (state: string) => boolean): Promise<void> {
    const client = this.#requireClient();
    if (predicate(this.#kandyCall(callId).state)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const onChange = ({ callId: id }: { callId: string }): void => {
        const state = client.call.getById(callId)?.state;
        if (id !== callId || state === undefined || !predicate(state)) return;
        client.off('call:stateChange', onChange);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        client.off('call:stateChange', onChange);
        reject(new CallError('timeout', 'The Kandy call did not start ringing', { callId }));
      }, this.#timeout);
      client.on('call:stateChange', onChange);
    });
  }

  async reject(callId: string): Promise<void> {
    this.#track(callId).endedLocally = true;
    await this.#untilKandyState(callId, (state) => state !== 'Initiating' && state !== 'Initiated');
    await this.#operation(callId, 'REJECT', (c) => c.call.reject(callId));
  }

  hangUp(callId: string): Promise<void> {
    this.#track(callId).endedLocally = true;
    return this.#operation(callId, 'END', (c) => c.call.end(callId));
  }

  hold(callId: string): Promise<void> {
    return this.#operation(callId, 'HOLD', (c) => c.call.hold(callId));
  }

  resume(callId: string): Promise<void> {
    return this.#operation(callId, 'UNHOLD', (c) => c.call.unhold(callId));
  }

  /** There is no `call.mute` in 4.9.0: mute is `track.enabled` on the call's local audio tracks. */
  setMuted(callId: string, muted: boolean): Promise<void> {
    const client = this.#requireClient();
    const tracks = this.#localTracks(callId, 'audio');
    if (tracks.length === 0) return Promise.reject(new CallError('invalid-state', 'This call has no local audio to mute'));
    if (muted) client.media.muteTracks(tracks);
    else client.media.unmuteTracks(tracks);
    this.#sync(callId);
    const now = tracks.every((id) => client.media.getTrackById(id)?.muted === muted);
    return now ? Promise.resolve() : Promise.reject(new CallError('provider-error', 'Kandy did not change the microphone state', { callId }));
  }

  /** `startVideo`/`stopVideo` are not implemented in 4.x; video is added and removed as media. */
  async setVideo(callId: string, on: boolean): Promise<void> {
    if (on) {
      if (this.#localTracks(callId, 'video', false).length > 0) return;
      const camera = this.#sink?.snapshot.devices.selected.camera;
      await this.#operation(callId, 'ADD_MEDIA', (c) =>
        c.call.addMedia(callId, { video: true, ...(camera ? { videoOptions: { deviceId: camera } } : {}) }),
      );
    } else {
      const tracks = this.#localTracks(callId, 'video', false);
      if (tracks.length === 0) return;
      await this.#operation(callId, 'REMOVE_MEDIA', (c) => c.call.removeMedia(callId, tracks));
    }
  }

  async setScreenShare(callId: string, on: boolean): Promise<void> {
    const entry = this.#track(callId);
    if (on) {
      if (this.#localTracks(callId, 'video', true).length > 0) return;
      entry.screenPending = true;
      try {
        await this.#operation(callId, 'ADD_MEDIA', (c) => c.call.addMedia(callId, { screen: true }));
      } finally {
        entry.screenPending = false;
        this.#sync(callId);
      }
    } else {
      const tracks = this.#localTracks(callId, 'video', true);
      if (tracks.length === 0) return;
      await this.#operation(callId, 'REMOVE_MEDIA', (c) => c.call.removeMedia(callId, tracks));
    }
  }

  sendDtmf(callId: string, digits: string): Promise<void> {
    if (!KANDY_DTMF.test(digits)) {
      return Promise.reject(new CallError('invalid-argument', 'Kandy sends only 0-9, *, # and a comma as DTMF'));
    }
    return this.#operation(callId, 'SEND_DTMF', (c) => c.call.sendDTMF(callId, digits));
  }

  /** A ringing incoming call is forwarded; a live one is held (Kandy requires it) and transferred directly. */
  async transfer(callId: string, target: string): Promise<void> {
    const destination = toKandyDestination(target);
    if (!destinationKind(destination)) throw new CallError('invalid-argument', `"${target}" is neither a user address nor a phone number`);
    const call = this.#kandyCall(callId);
    if (call.direction === 'incoming' && call.state === 'Ringing') {
      this.#track(callId).endedLocally = true;
      await this.#operation(callId, 'FORWARD_CALL', (c) => c.call.forward(callId, destination));
      return;
    }
    if (!call.localHold) await this.hold(callId);
    this.#track(callId).endedLocally = true;
    await this.#operation(callId, 'DIRECT_TRANSFER', (c) => c.call.directTransfer(callId, destination));
  }

  async selectDevice(kind: DeviceKind, deviceId: string): Promise<void> {
    this.#sink?.update((s) => ({ ...s, devices: { ...s.devices, selected: { ...s.devices.selected, [kind]: deviceId } } }));
    const client = this.#requireClient();
    if (kind === 'speaker') {
      for (const trackId of [...this.#renderedAudio]) {
        this.#unrenderAudio(trackId);
        this.#renderAudio(trackId);
      }
      return;
    }
    const trackKind = kind === 'microphone' ? 'audio' : 'video';
    for (const call of client.call.getAll()) {
      if (isEndedState(call.state)) continue;
      for (const trackId of this.#localTracks(call.id, trackKind, trackKind === 'video' ? false : undefined)) {
        const media = trackKind === 'audio' ? { audio: true, audioOptions: { deviceId } } : { video: true, videoOptions: { deviceId } };
        await this.#operation(call.id, 'REPLACE_TRACK', (c) => c.call.replaceTrack(call.id, trackId, media));
      }
    }
  }

  async requestPermissions(request: PermissionRequest): Promise<void> {
    const sink = this.#sink;
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: request.audio, video: request.video });
      stream.getTracks().forEach((t) => t.stop());
      const list = await navigator.mediaDevices.enumerateDevices();
      const pick = (kind: MediaDeviceKind) => list.filter((d) => d.kind === kind).map((d) => d.toJSON() as { deviceId: string; kind: string; label: string });
      sink?.update((s) => ({
        ...s,
        permissions: {
          camera: request.video ? 'granted' : s.permissions.camera,
          microphone: request.audio ? 'granted' : s.permissions.microphone,
        },
        devices: toDevices({ microphone: pick('audioinput'), camera: pick('videoinput'), speaker: pick('audiooutput') }, s.devices.selected),
      }));
    } catch (error) {
      const callError = CallError.from(error, 'permission-denied');
      if (callError.code === 'permission-denied') {
        sink?.update((s) => ({
          ...s,
          permissions: {
            camera: request.video ? 'denied' : s.permissions.camera,
            microphone: request.audio ? 'denied' : s.permissions.microphone,
          },
        }));
      }
      throw callError;
    }
  }

  // ---- media ---------------------------------------------------------------------------------------

  createView(stream: StreamRef, options: ViewOptions): MediaView {
    if (stream.id === PREVIEW_STREAM.id) return this.#previewView(stream, options);
    const client = this.#requireClient();
    const track = client.media.getTrackById(stream.id);
    if (!track || track.kind !== 'video') throw new CallError('not-found', `Kandy has no video track ${stream.id}`);
    return new KandyTrackView(stream, stream.id, client.media, options);
  }

  /** Kandy 4.9.0 has no media API outside calls, so the camera preview is our own getUserMedia stream. */
  #previewView(stream: StreamRef, options: ViewOptions): MediaView {
    const view = new VideoElementView(stream, options, this.#preview, () => {
      this.#previewViews.delete(view);
      if (this.#previewViews.size === 0) this.#stopPreview();
    });
    this.#previewViews.add(view);
    if (!this.#preview) {
      const camera = this.#sink?.snapshot.devices.selected.camera;
      navigator.mediaDevices
        .getUserMedia({ video: camera ? { deviceId: { exact: camera } } : true, audio: false })
        .then((media) => {
          if (this.#previewViews.size === 0) return media.getTracks().forEach((t) => t.stop());
          this.#preview = media;
          for (const v of this.#previewViews) v.attach(media);
        })
        .catch((error: unknown) => {
          view.dispose();
          this.#sink?.fail(CallError.from(error, 'device-not-found', { action: 'createView' }));
        });
    }
    return view;
  }

  #stopPreview(): void {
    this.#preview?.getTracks().forEach((t) => t.stop());
    this.#preview = null;
  }

  #renderAudio(trackId: string): void {
    const client = this.#client;
    if (!client || this.#renderedAudio.has(trackId)) return;
    this.#audioBox ??= document.createElement('div');
    const speaker = this.#sink?.snapshot.devices.selected.speaker;
    client.media.renderTracks([trackId], this.#audioBox, speaker ? { speakerId: speaker } : {});
    this.#renderedAudio.add(trackId);
    // A detached <audio autoplay> is not guaranteed to start; play() is.
    for (const audio of this.#audioBox.querySelectorAll('audio')) audio.play().catch(() => undefined);
  }

  #unrenderAudio(trackId: string): void {
    if (!this.#renderedAudio.delete(trackId)) return;
    if (this.#client && this.#audioBox) this.#client.media.removeTracks([trackId], this.#audioBox);
  }

  /** Remote audio elements currently playing (tests, diagnostics). */
  get audioElements(): readonly HTMLAudioElement[] {
    return this.#audioBox ? [...this.#audioBox.querySelectorAll('audio')] : [];
  }
}


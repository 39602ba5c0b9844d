/**
 * Kandy (Ribbon CPaaS) through the real `@kandy-io/cpaas-sdk@4.9.0`. This file holds the lifecycle, the
 * SDK event wiring and the actions; options, tokens, operations, media and the call view are modules of
 * their own. Each action waits for the SDK's matching `call:operation` FINISH (kandy-operations).
 */
import { CallError } from '../../core/errors.js';
import type { MediaView, ViewOptions } from '../../core/media.js';
import { createCall, endCall, updateCall, upsertCall } from '../../core/patch.js';
import type { CallProvider, PermissionRequest, ProviderConfig, ProviderSink, StartCallOptions } from '../../core/provider.js';
import type { DeviceKind, StreamRef } from '../../core/state.js';
import { stringClaim } from '../kit/jwt.js';
import { Subscriptions } from '../kit/subscriptions.js';
import { normalizeCall, type CallTrack } from './kandy-call-view.js';
import { closeNotificationChannel } from './kandy-channel.js';
import { KandyMedia } from './kandy-media.js';
import { KandyOperations, subscribeToCalls } from './kandy-operations.js';
import { readKandyOptions, type KandyOptions } from './kandy-options.js';
import { loadKandy, type KandyCallObject, type KandyClient, type KandyConfig, type KandyEventMap, type KandyError, type KandyEventName, type KandyFactory, type KandyOperation } from './kandy-sdk.js';
import { KandyTokenKeeper } from './kandy-tokens.js';
import { destinationKind, isEndedState, toCallError, toDevices, toEndReason, toKandyDestination } from './mapping.js';

export { readKandyOptions, type KandyOptions, type KandyTokens } from './kandy-options.js';

/** What a `call:stateChange` says about the change (kandy.js:24172). */
interface StateChange {
  readonly previous: string;
  readonly transition?: { statusCode?: number; reasonText?: string };
  readonly error?: KandyError;
}

const PLATFORM_CAPABILITIES = ['outgoing', 'incoming', 'device-select', 'speaker-select'] as const;
const KANDY_DTMF = /^[0-9#*,]+$/;

export class KandyProvider implements CallProvider {
  readonly kind = 'kandy';
  #config: ProviderConfig;
  #options: KandyOptions | null = null;
  #sink: ProviderSink | null = null;
  #client: KandyClient | null = null;
  readonly #subscriptions = new Subscriptions();
  #calls = new Map<string, CallTrack>();
  readonly #operations = new KandyOperations(() => this.#options?.operationTimeoutMs ?? 20_000);
  readonly #media = new KandyMedia(() => this.#sink);
  #tokens: KandyTokenKeeper | null = null;
  #disposed = false;

  constructor(config: ProviderConfig) {
    this.#config = config;
  }

  /** The SDK client, for tests and pages that need a Kandy API this adapter does not wrap. */
  get client(): KandyClient | null {
    return this.#client;
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

    this.#tokens = new KandyTokenKeeper(options.tokens, (tokens) => client.setTokens(tokens), (error) => this.#sink?.fail(error));
    const claims = await this.#tokens.start();
    const username = stringClaim(claims, 'preferred_username');

    sink.update((s) => ({
      ...s,
      platform: { kind: 'kandy', mode: 'media', capabilities: [...PLATFORM_CAPABILITIES], destinations: ['user', 'email', 'phone'] },
      self: { id: username, displayName: this.#config.displayName ?? username, address: username },
      devices: toDevices(client.media.getDevices(), s.devices.selected),
    }));
    await subscribeToCalls(client, options.operationTimeoutMs ?? 20_000);
  }

  async disconnect(): Promise<void> {
    this.#disposed = true;
    this.#tokens?.stop();
    const client = this.#client;
    this.#operations.rejectAll();
    this.#media.close(client);
    this.#subscriptions.dispose();
    this.#calls.clear();
    this.#client = null;
    if (!client) return;
    for (const call of client.call.getAll()) {
      if (!isEndedState(call.state)) client.call.end(call.id);
    }
    // Not `services.unsubscribe`: it crashes inside 4.9.0 and leaves the channel open (kandy-channel.ts).
    const options = this.#options;
    if (options) await closeNotificationChannel(client, options.server, Math.min(options.operationTimeoutMs ?? 5000, 5000));
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
    this.#subscriptions.add(() => client.off(type, guarded));
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
    // A state change that carries an error repeats the error of the `call:operation` FINISH emitted just before
    // it (kandy.js:24291–24307), which is where it is reported; here only the call's new state counts.
    this.#on(client, 'call:stateChange', ({ callId, previous, transition, error }) => {
      this.#sync(callId, { previous: previous?.state ?? 'Initiating', ...(transition ? { transition } : {}), ...(error ? { error } : {}) });
    });
    this.#on(client, 'call:operation', (params) => this.#operationEvent(params));
    this.#on(client, 'call:newTrack', ({ callId, trackId, local }) => {
      const entry = this.#calls.get(callId);
      const track = client.media.getTrackById(trackId);
      if (local && entry?.screenPending && track?.kind === 'video') entry.screenTracks.add(trackId);
      if (!local && track?.kind === 'audio') this.#media.renderAudio(client, trackId);
      this.#sync(callId);
    });
    this.#on(client, 'call:trackEnded', ({ callId, trackId }) => {
      this.#media.unrenderAudio(this.#client, trackId);
      this.#calls.get(callId)?.screenTracks.delete(trackId);
      this.#sync(callId);
    });
    this.#on(client, 'call:trackReplaced', ({ callId, error }) => {
      if (error) this.#operations.settle(callId, 'REPLACE_TRACK', error);
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

  /** Fetches and installs new tokens now (also what the expiry timer does). */
  async refreshTokens(): Promise<void> {
    await this.#tokens?.refresh();
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

  /**
   * Re-reads one Kandy call and writes its normalized form. A call ends only on the `call:stateChange` that
   * ends it (`change` given): the `call:operation` FINISH before it lacks `previous` and `transition`, the
   * two things that tell why it ended.
   */
  #sync(callId: string, change?: StateChange): void {
    const sink = this.#sink;
    const client = this.#client;
    if (!sink || !client) return;
    const kc = client.call.getById(callId);
    if (!kc) return;
    const entry = this.#track(callId);
    if (isEndedState(kc.state)) {
      if (!change) return;
      for (const trackId of kc.remoteTracks) this.#media.unrenderAudio(client, trackId);
      const reason = toEndReason(kc, change.previous, change.transition, entry.endedLocally, change.error);
      sink.update((s) => (s.calls.some((c) => c.id === callId) ? endCall(s, callId, reason) : s));
      this.#calls.delete(callId);
      return;
    }
    const next = normalizeCall(client.media, kc, entry);
    sink.update((s) => {
      const existing = s.calls.find((c) => c.id === callId);
      if (!existing) return upsertCall(s, createCall({ ...next, id: callId, direction: kc.direction, local: next.local }));
      return updateCall(s, callId, { ...next, local: next.local });
    });
  }

  #refreshDevices(): void {
    const client = this.#client;
    if (!client) return;
    this.#sink?.update((s) => ({ ...s, devices: toDevices(client.media.getDevices(), s.devices.selected) }));
  }

  // ---- operations --------------------------------------------------------------------------------

  #operationEvent(params: KandyEventMap['call:operation']): void {
    const unanswered = this.#operations.onOperationEvent(params);
    if (unanswered) this.#sink?.fail(toCallError(unanswered, params.operation.toLowerCase(), params.callId));
    if (params.transition === 'FINISH') this.#sync(params.callId);
  }

  #operation(callId: string, operation: KandyOperation, start: (client: KandyClient) => void): Promise<void> {
    return this.#operations.run(this.#requireClient(), callId, operation, start);
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
    return this.#operations.untilState(this.#requireClient(), callId, predicate, this.#kandyCall(callId).state);
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

  // No `transfer` and no `mergeCalls`: `call.forward`, `directTransfer`, `consultativeTransfer` and `join`
  // exist in 4.9.0's API (kandy.js:23225–23330) but its CPaaS call plugin wires no saga to their actions
  // (takeEvery list, kandy.js:21100–21520) and its CPaaS requests have no endpoint for them
  // (call/cpaas/requests/calls.js, kandy.js:20675–20931): the SDK emits `call:operation` START and never
  // sends a request or a FINISH. kandy.test.ts shows it against the real SDK. Without the methods the
  // controller rejects transfer and merge as `unsupported`.

  async selectDevice(kind: DeviceKind, deviceId: string): Promise<void> {
    this.#sink?.update((s) => ({ ...s, devices: { ...s.devices, selected: { ...s.devices.selected, [kind]: deviceId } } }));
    const client = this.#requireClient();
    if (kind === 'speaker') {
      this.#media.rerouteAudio(client);
      return;
    }
    const trackKind = kind === 'microphone' ? 'audio' : 'video';
    for (const call of client.call.getAll()) {
      // replaceTrack needs `Connected` (kandy.js:27377): a call held by either side keeps its device.
      if (call.state !== 'Connected') continue;
      for (const trackId of this.#localTracks(call.id, trackKind, trackKind === 'video' ? false : undefined)) {
        const media = trackKind === 'audio' ? { audio: true, audioOptions: { deviceId } } : { video: true, videoOptions: { deviceId } };
        await this.#operation(call.id, 'REPLACE_TRACK', (c) => c.call.replaceTrack(call.id, trackId, media));
      }
    }
  }

  requestPermissions(request: PermissionRequest): Promise<void> {
    return this.#media.requestPermissions(request);
  }

  // ---- media ---------------------------------------------------------------------------------------

  createView(stream: StreamRef, options: ViewOptions): MediaView {
    return this.#media.createView(this.#client, stream, options);
  }

  /** Remote audio elements currently playing (tests, diagnostics). */
  get audioElements(): readonly HTMLAudioElement[] {
    return this.#media.audioElements;
  }
}

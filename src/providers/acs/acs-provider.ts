/**
 * Azure Communication Services through the real `@azure/communication-calling` 2.x SDK. SDK objects are
 * kept in maps keyed by our own stable ids (an ACS `call.id` can change mid-call); every SDK event is
 * turned into a snapshot patch; video goes through one VideoStreamRenderer per stream and one view per tile.
 */
import type { VideoDeviceInfo, AudioDeviceInfo } from '@azure/communication-calling';
import type { CommunicationTokenCredential, PhoneNumberIdentifier } from '@azure/communication-common';
import { CallError } from '../../core/errors.js';
import { PREVIEW_STREAM, type MediaView, type ViewOptions } from '../../core/media.js';
import { createCall, createParticipant, endCall, removeParticipant, updateCall, upsertCall, upsertParticipant } from '../../core/patch.js';
import type {
  CallProvider,
  JoinLocator,
  ParticipantAction,
  PermissionRequest,
  ProviderConfig,
  ProviderSink,
  StartCallOptions,
} from '../../core/provider.js';
import type {
  Call,
  CallSnapshot,
  Capability,
  ConnectionState,
  DestinationKind,
  DeviceInfo,
  DeviceKind,
  Participant,
  PermissionState,
  StreamRef,
} from '../../core/state.js';
import { AcsMediaView } from './acs-view.js';
import {
  checkToken,
  identifierAddress,
  identifierId,
  isPhoneIdentifier,
  parseTarget,
  toCallError,
  toCallState,
  toDtmfTones,
  toEndReason,
  toParticipantState,
} from './mapping.js';
import {
  loadAcsSdk,
  type AcsCall,
  type AcsCallAgent,
  type AcsCallClient,
  type AcsCallOptions,
  type AcsDeviceManager,
  type AcsIncomingCall,
  type AcsLocalVideoStream,
  type AcsRemoteParticipant,
  type AcsRemoteVideoStream,
  type AcsRenderer,
  type AcsSdk,
  type AcsSdkSource,
} from './sdk.js';

export interface AcsOptions extends AcsSdkSource {
  /** An ACS user access token, or a function that fetches a fresh one (used as the credential's `tokenRefresher`). */
  readonly token?: string | (() => Promise<string>);
  readonly displayName?: string;
  /** An ACS phone number (E.164) shown as the caller id on calls to phone numbers. Required for PSTN. */
  readonly alternateCallerId?: string;
}

export const ACS_DESTINATIONS: readonly DestinationKind[] = ['acs', 'phone', 'teams'];

export const ONE_TO_ONE_CAPABILITIES: readonly Capability[] = [
  'mute', 'video', 'screen-share', 'hold', 'dtmf', 'add-participant', 'remove-participant', 'hang-up-for-everyone',
];
export const GROUP_CAPABILITIES: readonly Capability[] = [
  'mute', 'video', 'screen-share', 'add-participant', 'remove-participant', 'participant-mute', 'hang-up-for-everyone',
];

/** How long a `,` in a DTMF string waits, as on a phone's dialer. */
const DTMF_PAUSE_MS = 1000;

type VideoSource = AcsLocalVideoStream | AcsRemoteVideoStream;

interface Binding {
  renderer: AcsRenderer | null;
  readonly views: Set<AcsMediaView>;
}

interface ParticipantEntry {
  readonly rp: AcsRemoteParticipant;
  readonly id: string;
  readonly streams: Map<AcsRemoteVideoStream, () => void>;
  readonly cleanup: (() => void)[];
}

interface CallEntry {
  readonly id: string;
  readonly direction: 'incoming' | 'outgoing';
  readonly group: boolean;
  call: AcsCall | null;
  incoming: AcsIncomingCall | null;
  /** This side hung up or declined, so a normal end is ours. */
  local: boolean;
  connected: boolean;
  ended: boolean;
  readonly participants: Map<string, ParticipantEntry>;
  cleanup: (() => void)[];
}

interface SharedClient {
  readonly client: AcsCallClient;
  readonly deviceManager: Promise<AcsDeviceManager>;
}

/**
 * One CallClient per SDK per page, never disposed: SDK 2.0.0 throws an unhandled TypeError
 * (`reading 'updateDevices'`) when a CallClient is disposed while its device enumeration is in flight,
 * and its device enumerator is page-global anyway. Each session still gets (and disposes) its own CallAgent.
 */
const sharedClients = new WeakMap<AcsSdk, SharedClient>();

function sharedClient(sdk: AcsSdk): SharedClient {
  let shared = sharedClients.get(sdk);
  if (!shared) {
    const client = new sdk.CallClient();
    const deviceManager = client.getDeviceManager();
    deviceManager.catch(() => sharedClients.delete(sdk));
    shared = { client, deviceManager };
    sharedClients.set(sdk, shared);
  }
  return shared;
}

let providerSeq = 0;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Emitter<E extends string, L> {
  on(event: E, listener: L): void;
  off(event: E, listener: L): void;
}

/** Registers one SDK listener (through the emitter's own typed overloads) and returns its undo. */
function listen<E extends string, L>(target: Emitter<E, L>, event: E, listener: L): () => void {
  target.on(event, listener);
  return () => target.off(event, listener);
}

export class AcsProvider implements CallProvider {
  readonly kind = 'acs';
  #sink: ProviderSink | undefined;
  #config: ProviderConfig;
  #options: AcsOptions;
  #loadSdk: () => Promise<AcsSdk>;
  #sdk: AcsSdk | null = null;
  #deviceManager: AcsDeviceManager | null = null;
  #agent: AcsCallAgent | null = null;
  #credential: CommunicationTokenCredential | null = null;
  #cleanup: (() => void)[] = [];
  #calls = new Map<string, CallEntry>();
  #remoteSources = new Map<string, AcsRemoteVideoStream>();
  #bindings = new Map<VideoSource, Binding>();
  #cameras: VideoDeviceInfo[] = [];
  #microphones: AudioDeviceInfo[] = [];
  #speakers: AudioDeviceInfo[] = [];
  #selectedCamera: string | null = null;
  #camera: AcsLocalVideoStream | null = null;
  #cameraLoading: Promise<AcsLocalVideoStream> | null = null;
  #seq = 0;
  #prefix = `acs${++providerSeq}`;
  #disconnected = false;

  /** `loadSdk` is the seam: tests pass fakes typed against the SDK's declarations; pages get the real SDK. */
  constructor(config: ProviderConfig, loadSdk: () => Promise<AcsSdk> = () => loadAcsSdk(config.options)) {
    this.#config = config;
    this.#options = config.options;
    this.#loadSdk = loadSdk;
    const token = this.#options.token;
    if (token !== undefined && typeof token !== 'string' && typeof token !== 'function') {
      throw new CallError('invalid-argument', 'providerOptions.token must be a string or a function returning a promise of one');
    }
    const alt = this.#options.alternateCallerId;
    if (alt !== undefined) this.#alternateCallerId(); // validates early
  }

  /** Renderers alive right now (one per stream that has a visible, available view). */
  get rendererCount(): number {
    let n = 0;
    for (const binding of this.#bindings.values()) if (binding.renderer) n++;
    return n;
  }

  #update(recipe: (s: CallSnapshot) => CallSnapshot): void {
    if (!this.#disconnected) this.#sink?.update(recipe);
  }

  #report(error: unknown, action?: string): void {
    if (!this.#disconnected) this.#sink?.fail(toCallError(error, 'provider-error', action));
  }

  // ---- lifecycle ---------------------------------------------------------------------------------

  async connect(sink: ProviderSink): Promise<void> {
    this.#sink = sink;
    this.#disconnected = false;
    const displayName = this.#options.displayName ?? this.#config.displayName ?? '';
    sink.update((s) => ({
      ...s,
      platform: { kind: this.kind, mode: 'media', capabilities: ['device-select'], destinations: ACS_DESTINATIONS },
      self: { ...s.self, displayName },
    }));
    let sdk: AcsSdk;
    try {
      sdk = await this.#loadSdk();
    } catch (error) {
      // loadAcsSdk's CallErrors say what the page must add; keep them.
      throw error instanceof CallError ? error : new CallError('network', 'Could not load the Azure Communication Services SDK', { cause: error });
    }
    this.#sdk = sdk;
    const shared = sharedClient(sdk);
    let dm: AcsDeviceManager;
    try {
      dm = await shared.deviceManager;
    } catch (error) {
      throw toCallError(error, 'provider-error', 'connect');
    }
    if (this.#disconnected) return;
    this.#deviceManager = dm;
    const refresh = () => void this.#refreshDevices().catch((error: unknown) => this.#report(error, 'devices'));
    this.#cleanup.push(
      listen(dm, 'videoDevicesUpdated', refresh),
      listen(dm, 'audioDevicesUpdated', refresh),
      listen(dm, 'selectedMicrophoneChanged', refresh),
      listen(dm, 'selectedSpeakerChanged', refresh),
    );
    await this.#readPermissions();
    await this.#refreshDevices();

    const token = this.#options.token;
    if (token === undefined) {
      // Pre-call screen: devices and preview work, calling needs a token.
      sink.update((s) => ({ ...s, connection: 'disconnected' }));
      return;
    }
    let claims: ReturnType<typeof checkToken> = null;
    if (typeof token === 'string') {
      claims = checkToken(token);
      this.#credential = new sdk.AzureCommunicationTokenCredential(token);
    } else {
      this.#credential = new sdk.AzureCommunicationTokenCredential({
        tokenRefresher: async () => {
          const fresh = await token();
          if (typeof fresh !== 'string') throw new CallError('auth-failed', 'The token function must resolve to a string');
          return fresh;
        },
        refreshProactively: true,
      });
    }
    let agent: AcsCallAgent | undefined;
    try {
      agent = await shared.client.createCallAgent(this.#credential, displayName ? { displayName } : {});
    } catch (error) {
      this.#disposeCredential();
      throw toCallError(error, 'auth-failed', 'connect');
    }
    if (!agent) {
      this.#disposeCredential();
      throw new CallError('auth-failed', 'Azure Communication Services did not accept the token');
    }
    if (this.#disconnected) {
      await agent.dispose();
      return;
    }
    this.#agent = agent;
    const onIncoming = ({ incomingCall }: { incomingCall: AcsIncomingCall }) => this.#trackIncoming(incomingCall);
    agent.on('incomingCall', onIncoming);
    this.#cleanup.push(
      () => agent.off('incomingCall', onIncoming),
      listen(agent, 'connectionStateChanged', (args: { newValue: string; reason?: string }) => this.#onConnection(args)),
    );
    const id = claims?.skypeid ? `8:${claims.skypeid}` : 'self';
    sink.update((s) => ({
      ...s,
      self: { id, displayName, address: id },
      platform: { ...s.platform, capabilities: this.#platformCapabilities() },
    }));
  }

  async disconnect(): Promise<void> {
    this.#disconnected = true;
    for (const undo of this.#cleanup.splice(0)) undo();
    const hangUps: Promise<unknown>[] = [];
    for (const entry of this.#calls.values()) {
      this.#untrack(entry);
      if (entry.call && entry.call.state !== 'Disconnected') hangUps.push(entry.call.hangUp().catch(() => undefined));
      else if (entry.incoming) hangUps.push(entry.incoming.reject().catch(() => undefined));
    }
    this.#calls.clear();
    await Promise.all(hangUps);
    for (const [source, binding] of this.#bindings) this.#drop(source, binding);
    this.#disposeCamera();
    const agent = this.#agent;
    this.#agent = null;
    if (agent) await agent.dispose().catch(() => undefined);
    this.#disposeCredential();
    this.#sink = undefined;
  }

  #disposeCredential(): void {
    this.#credential?.dispose();
    this.#credential = null;
  }

  #disposeCamera(): void {
    const camera = this.#camera;
    this.#camera = null;
    this.#cameraLoading = null;
    try {
      camera?.dispose();
    } catch {
      // already disposed by the SDK at call end
    }
  }

  #onConnection({ newValue, reason }: { newValue: string; reason?: string }): void {
    let connection: ConnectionState = newValue === 'Connected' ? 'connected' : 'reconnecting';
    if (newValue !== 'Connected' && reason === 'invalidToken') {
      connection = 'failed';
      this.#sink?.fail(new CallError('token-expired', 'The Azure Communication Services token expired or was revoked; sign in again'));
    }
    this.#update((s) => ({ ...s, connection }));
  }

  #platformCapabilities(): Capability[] {
    const caps: Capability[] = [];
    if (this.#agent) caps.push('outgoing', 'incoming', 'group-join');
    caps.push('device-select');
    if (this.#deviceManager?.isSpeakerSelectionAvailable) caps.push('speaker-select');
    return caps;
  }

  // ---- devices -------------------------------------------------------------------------------------

  async #readPermissions(): Promise<void> {
    const query = async (name: string): Promise<PermissionState> => {
      try {
        const status = await navigator.permissions.query({ name: name as PermissionName });
        return status.state;
      } catch {
        return 'unknown';
      }
    };
    const [camera, microphone] = await Promise.all([query('camera'), query('microphone')]);
    this.#update((s) => ({ ...s, permissions: { camera, microphone } }));
  }

  async #refreshDevices(): Promise<void> {
    const dm = this.#deviceManager;
    if (!dm) return;
    const [cameras, microphones, speakers] = await Promise.all([dm.getCameras(), dm.getMicrophones(), dm.getSpeakers()]);
    this.#cameras = cameras;
    this.#microphones = microphones;
    this.#speakers = speakers;
    if (!cameras.some((c) => c.id === this.#selectedCamera)) {
      this.#selectedCamera = cameras[0]?.id ?? null;
      // The camera in use was unplugged: move the live stream (preview and calls) to the new one.
      const next = cameras[0];
      if (this.#camera && next && this.#camera.source.id !== next.id) {
        this.#camera.switchSource(next).catch((error: unknown) => this.#report(error, 'selectDevice'));
      }
    }
    const info = (kind: DeviceKind) => (d: { id: string; name: string }): DeviceInfo => ({ id: d.id, label: d.name, kind });
    this.#update((s) => ({
      ...s,
      platform: { ...s.platform, capabilities: this.#platformCapabilities() },
      devices: {
        cameras: cameras.map(info('camera')),
        microphones: microphones.map(info('microphone')),
        speakers: speakers.map(info('speaker')),
        selected: {
          camera: this.#selectedCamera,
          microphone: dm.selectedMicrophone?.id ?? microphones.find((m) => m.isSystemDefault)?.id ?? microphones[0]?.id ?? null,
          speaker: dm.selectedSpeaker?.id ?? speakers.find((m) => m.isSystemDefault)?.id ?? speakers[0]?.id ?? null,
        },
      },
    }));
  }

  async requestPermissions(request: PermissionRequest): Promise<void> {
    const dm = this.#requireDevices();
    let access: { audio: boolean; video: boolean };
    try {
      access = await dm.askDevicePermission({ audio: request.audio, video: request.video });
    } catch (error) {
      throw toCallError(error, 'permission-denied', 'requestPermissions');
    }
    this.#update((s) => ({
      ...s,
      permissions: {
        camera: request.video ? (access.video ? 'granted' : 'denied') : s.permissions.camera,
        microphone: request.audio ? (access.audio ? 'granted' : 'denied') : s.permissions.microphone,
      },
    }));
    await this.#refreshDevices();
    const denied = [request.audio && !access.audio ? 'microphone' : '', request.video && !access.video ? 'camera' : ''].filter(Boolean);
    if (denied.length) {
      throw new CallError(
        'permission-denied',
        `Access to the ${denied.join(' and ')} was denied. Allow it in the browser's site settings, then try again.`,
      );
    }
  }

  async selectDevice(kind: DeviceKind, deviceId: string): Promise<void> {
    const dm = this.#requireDevices();
    try {
      if (kind === 'microphone') {
        const mic = this.#microphones.find((d) => d.id === deviceId);
        if (!mic) throw new CallError('device-not-found', `No microphone with id ${deviceId}`);
        await dm.selectMicrophone(mic);
      } else if (kind === 'speaker') {
        const speaker = this.#speakers.find((d) => d.id === deviceId);
        if (!speaker) throw new CallError('device-not-found', `No speaker with id ${deviceId}`);
        await dm.selectSpeaker(speaker);
      } else {
        const camera = this.#cameras.find((d) => d.id === deviceId);
        if (!camera) throw new CallError('device-not-found', `No camera with id ${deviceId}`);
        this.#selectedCamera = camera.id;
        // One LocalVideoStream for preview and calls: switching its source moves every view and the call.
        if (this.#camera && this.#camera.source.id !== camera.id) await this.#camera.switchSource(camera);
      }
    } catch (error) {
      throw toCallError(error, 'device-not-found', 'selectDevice');
    }
    await this.#refreshDevices();
  }

  #requireDevices(): AcsDeviceManager {
    if (!this.#deviceManager) throw new CallError('not-connected', 'The Azure Communication Services SDK is not ready yet');
    return this.#deviceManager;
  }

  /** The one local camera stream, created from the selected camera on first use. */
  #localCamera(): Promise<AcsLocalVideoStream> {
    if (this.#camera) return Promise.resolve(this.#camera);
    this.#cameraLoading ??= (async () => {
      const sdk = this.#sdk;
      if (!sdk) throw new CallError('not-connected', 'The Azure Communication Services SDK is not ready yet');
      if (!this.#cameras.length) await this.#refreshDevices();
      const info = this.#cameras.find((c) => c.id === this.#selectedCamera) ?? this.#cameras[0];
      if (!info) throw new CallError('device-not-found', 'No camera found');
      const camera = new sdk.LocalVideoStream(info);
      this.#camera = camera;
      return camera;
    })();
    const loading = this.#cameraLoading;
    loading.catch(() => {
      if (this.#cameraLoading === loading) this.#cameraLoading = null;
    });
    return loading;
  }

  // ---- media views ---------------------------------------------------------------------------------

  createView(stream: StreamRef, options: ViewOptions): MediaView {
    const view = new AcsMediaView(
      stream,
      options,
      (v) => this.#release(v),
      (error) => this.#report(error, 'createView'),
    );
    if (stream.id === PREVIEW_STREAM.id || (stream.local && stream.kind === 'camera' && !this.#localSource(stream))) {
      this.#localCamera().then(
        (camera) => this.#bind(view, camera),
        (error: unknown) => view.fail(error),
      );
      return view;
    }
    const source = stream.local ? this.#localSource(stream) : this.#remoteSources.get(stream.id);
    if (!source) {
      view.fail(new CallError('not-found', `No video stream ${stream.id} in this session`));
      return view;
    }
    this.#bind(view, source);
    return view;
  }

  #localSource(stream: StreamRef): AcsLocalVideoStream | undefined {
    const type = stream.kind === 'screen' ? 'ScreenSharing' : 'Video';
    for (const entry of this.#calls.values()) {
      const found = entry.call?.localVideoStreams.find((s) => s.mediaStreamType === type);
      if (found) return found;
    }
    return stream.kind === 'camera' && this.#camera ? this.#camera : undefined;
  }

  #available(source: VideoSource): boolean {
    return 'isAvailable' in source ? source.isAvailable : true;
  }

  #bind(view: AcsMediaView, source: VideoSource): void {
    if (view.disposed || !this.#sdk) return;
    let binding = this.#bindings.get(source);
    if (!binding) {
      binding = { renderer: null, views: new Set() };
      this.#bindings.set(source, binding);
    }
    binding.views.add(view);
    if (!this.#available(source)) return; // attached when the stream becomes available
    const renderer = this.#rendererFor(source, binding);
    if (renderer) view.attach(renderer);
  }

  #rendererFor(source: VideoSource, binding: Binding): AcsRenderer | null {
    if (binding.renderer) return binding.renderer;
    try {
      binding.renderer = this.#sdk!.createRenderer(source);
    } catch (error) {
      for (const view of binding.views) view.fail(error);
      return null;
    }
    return binding.renderer;
  }

  /** A tile let go of its view: the stream's renderer goes with its last view. */
  #release(view: AcsMediaView): void {
    for (const [source, binding] of this.#bindings) {
      if (!binding.views.delete(view)) continue;
      if (binding.views.size === 0) {
        binding.renderer?.dispose();
        this.#bindings.delete(source);
      }
      return;
    }
  }

  /** Availability changed: attach every waiting view, or dispose SDK views and the renderer. */
  #onAvailability(source: AcsRemoteVideoStream): void {
    const binding = this.#bindings.get(source);
    if (!binding) return;
    if (source.isAvailable) {
      const renderer = this.#rendererFor(source, binding);
      if (renderer) for (const view of binding.views) if (!view.rendererView) view.attach(renderer);
    } else {
      for (const view of binding.views) view.detach();
      binding.renderer?.dispose();
      binding.renderer = null;
    }
  }

  /** The stream is gone for good (participant left, call ended): nothing of the SDK stays alive. */
  #drop(source: VideoSource, binding = this.#bindings.get(source)): void {
    if (!binding) return;
    for (const view of binding.views) view.detach();
    binding.renderer?.dispose();
    binding.renderer = null;
    this.#bindings.delete(source);
  }

  // ---- calls -----------------------------------------------------------------------------------------

  #requireAgent(): AcsCallAgent {
    if (!this.#agent) throw new CallError('not-connected', 'Sign in to Azure Communication Services first (providerOptions.token)');
    return this.#agent;
  }

  #entry(callId: string): CallEntry {
    const entry = this.#calls.get(callId);
    if (!entry) throw new CallError('not-found', `No call with id ${callId}`);
    return entry;
  }

  #liveCall(callId: string): AcsCall {
    const call = this.#entry(callId).call;
    if (!call) throw new CallError('invalid-state', 'The call has not been answered yet');
    return call;
  }

  #alternateCallerId(): PhoneNumberIdentifier | undefined {
    const alt = this.#options.alternateCallerId;
    if (alt === undefined) return undefined;
    if (typeof alt !== 'string') throw new CallError('invalid-argument', 'providerOptions.alternateCallerId must be a phone number string');
    const id = parseTarget(alt, 'phone');
    return isPhoneIdentifier(id) ? { phoneNumber: id.phoneNumber } : undefined;
  }

  async #mediaOptions(video: boolean): Promise<AcsCallOptions> {
    return video ? { videoOptions: { localVideoStreams: [await this.#localCamera()] } } : {};
  }

  async startCall(to: readonly string[], options: StartCallOptions): Promise<string> {
    const agent = this.#requireAgent();
    const targets = to.map((t) => parseTarget(t, options.kind));
    const callOptions: AcsCallOptions = await this.#mediaOptions(options.video);
    if (targets.some(isPhoneIdentifier)) {
      const alt = this.#alternateCallerId();
      if (!alt) {
        throw new CallError('invalid-argument', 'Calling a phone number needs providerOptions.alternateCallerId (an ACS phone number in +E.164 form)');
      }
      callOptions.alternateCallerId = alt;
    }
    let call: AcsCall;
    try {
      call = agent.startCall(targets, callOptions);
    } catch (error) {
      throw toCallError(error, 'provider-error', 'startCall');
    }
    const parties = to.map((t) => ({ displayName: t, address: t }));
    return this.#track(call, { direction: 'outgoing', group: targets.length > 1, parties, video: options.video });
  }

  async join(locator: JoinLocator, options: { readonly video: boolean }): Promise<string> {
    const agent = this.#requireAgent();
    const callOptions = await this.#mediaOptions(options.video);
    let call: AcsCall;
    let label: string;
    try {
      if ('groupId' in locator) {
        call = agent.join({ groupId: locator.groupId }, callOptions);
        label = locator.groupId;
      } else if ('meetingLink' in locator) {
        call = agent.join({ meetingLink: locator.meetingLink }, callOptions);
        label = 'Teams meeting';
      } else if ('meetingId' in locator) {
        const meeting = locator.passcode ? { meetingId: locator.meetingId, passcode: locator.passcode } : { meetingId: locator.meetingId };
        call = agent.join(meeting, callOptions);
        label = locator.meetingId;
      } else if ('roomId' in locator) {
        call = agent.join({ roomId: locator.roomId }, callOptions);
        label = locator.roomId;
      } else {
        throw new CallError('unsupported', 'Azure Communication Services joins a groupId, a Teams meetingLink or meetingId, or a Rooms roomId');
      }
    } catch (error) {
      throw toCallError(error, 'provider-error', 'join');
    }
    return this.#track(call, { direction: 'outgoing', group: true, parties: [{ displayName: label, address: label }], video: options.video, meta: { room: label } });
  }

  #track(
    call: AcsCall,
    init: { direction: 'incoming' | 'outgoing'; group: boolean; parties: { displayName: string; address: string }[]; video: boolean; meta?: Record<string, string> },
    existing?: CallEntry,
  ): string {
    const entry: CallEntry = existing ?? {
      id: `${this.#prefix}-call-${++this.#seq}`,
      direction: init.direction,
      group: init.group,
      call: null,
      incoming: null,
      local: false,
      connected: false,
      ended: false,
      participants: new Map(),
      cleanup: [],
    };
    entry.call = call;
    entry.incoming = null;
    this.#calls.set(entry.id, entry);
    if (!existing) {
      this.#update((s) =>
        upsertCall(
          s,
          createCall({
            id: entry.id,
            direction: init.direction,
            state: toCallState(call.state) === 'ended' ? 'connecting' : toCallState(call.state),
            remoteParties: init.parties,
            capabilities: init.group ? GROUP_CAPABILITIES : ONE_TO_ONE_CAPABILITIES,
            video: init.video,
            meta: init.meta ?? {},
          }),
        ),
      );
    }
    const sync = () => this.#syncCall(entry);
    entry.cleanup.push(
      listen(call, 'stateChanged', sync),
      listen(call, 'isMutedChanged', sync),
      listen(call, 'isScreenSharingOnChanged', sync),
      listen(call, 'isLocalVideoStartedChanged', sync),
      listen(call, 'localVideoStreamsUpdated', sync),
    );
    const onParticipants = ({ added, removed }: { added: AcsRemoteParticipant[]; removed: AcsRemoteParticipant[] }) => {
      for (const rp of added) this.#trackParticipant(entry, rp);
      for (const rp of removed) this.#untrackParticipant(entry, rp, true);
    };
    call.on('remoteParticipantsUpdated', onParticipants);
    entry.cleanup.push(() => call.off('remoteParticipantsUpdated', onParticipants));
    this.#trackFeatures(entry, call);
    for (const rp of call.remoteParticipants) this.#trackParticipant(entry, rp);
    this.#syncCall(entry);
    return entry.id;
  }

  #trackFeatures(entry: CallEntry, call: AcsCall): void {
    const sdk = this.#sdk!;
    try {
      const recording = call.feature(sdk.Features.Recording);
      const sync = () => this.#update((s) => updateCall(s, entry.id, { recording: recording.isRecordingActive }));
      entry.cleanup.push(listen(recording, 'isRecordingActiveChanged', sync));
      sync();
    } catch {
      // Not every call type offers recording; the indicator then stays off.
    }
    try {
      const speakers = call.feature(sdk.Features.DominantSpeakers);
      const sync = () => {
        const first = speakers.dominantSpeakers?.speakersList[0];
        this.#update((s) => updateCall(s, entry.id, { dominantSpeakerId: first ? identifierId(first) : null }));
      };
      entry.cleanup.push(listen(speakers, 'dominantSpeakersChanged', sync));
      sync();
    } catch {
      // 1:1 calls have no dominant speakers feature on some SDK builds.
    }
  }

  #selfStreams(call: AcsCall): StreamRef[] {
    const refs: StreamRef[] = [];
    if (call.isLocalVideoStarted && call.localVideoStreams.some((s) => s.mediaStreamType === 'Video')) {
      refs.push({ id: 'self-camera', participantId: 'self', kind: 'camera', available: true, local: true });
    }
    if (call.isScreenSharingOn) {
      refs.push({ id: 'self-screen', participantId: 'self', kind: 'screen', available: call.localVideoStreams.some((s) => s.mediaStreamType === 'ScreenSharing'), local: true });
    }
    return refs;
  }

  #syncCall(entry: CallEntry): void {
    const call = entry.call;
    if (!call || entry.ended) return;
    if (call.state === 'Disconnected') {
      this.#end(entry, toEndReason(call.callEndReason, { local: entry.local, direction: entry.direction, connected: entry.connected }));
      return;
    }
    const state = toCallState(call.state);
    if (state === 'connected') entry.connected = true;
    const local = {
      muted: call.isMuted,
      video: call.isLocalVideoStarted,
      screenSharing: call.isScreenSharingOn,
      held: call.state === 'LocalHold',
      streams: this.#selfStreams(call),
    };
    this.#update((s) => updateCall(s, entry.id, { state, local }));
  }

  #end(entry: CallEntry, reason: Parameters<typeof endCall>[2]): void {
    entry.ended = true;
    this.#untrack(entry);
    this.#calls.delete(entry.id);
    this.#update((s) => endCall(s, entry.id, reason));
  }

  #untrack(entry: CallEntry): void {
    for (const undo of entry.cleanup.splice(0)) undo();
    for (const p of [...entry.participants.values()]) this.#untrackParticipant(entry, p.rp, false);
  }

  // ---- participants ------------------------------------------------------------------------------------

  #trackParticipant(entry: CallEntry, rp: AcsRemoteParticipant): void {
    const id = identifierId(rp.identifier);
    if (entry.participants.has(id)) return;
    const p: ParticipantEntry = { rp, id, streams: new Map(), cleanup: [] };
    entry.participants.set(id, p);
    const sync = () => this.#syncParticipant(entry, p);
    p.cleanup.push(
      listen(rp, 'stateChanged', sync),
      listen(rp, 'isMutedChanged', sync),
      listen(rp, 'isSpeakingChanged', sync),
      listen(rp, 'displayNameChanged', sync),
      listen(rp, 'videoStreamsUpdated', ({ added, removed }: { added: AcsRemoteVideoStream[]; removed: AcsRemoteVideoStream[] }) => {
        for (const vs of added) this.#trackStream(entry, p, vs);
        for (const vs of removed) this.#untrackStream(p, vs);
        sync();
      }),
    );
    for (const vs of rp.videoStreams) this.#trackStream(entry, p, vs);
    sync();
  }

  #untrackParticipant(entry: CallEntry, rp: AcsRemoteParticipant, leave: boolean): void {
    const id = identifierId(rp.identifier);
    const p = entry.participants.get(id);
    if (!p) return;
    for (const undo of p.cleanup.splice(0)) undo();
    for (const vs of [...p.streams.keys()]) this.#untrackStream(p, vs);
    entry.participants.delete(id);
    if (leave) this.#update((s) => removeParticipant(s, entry.id, id));
  }

  #streamId(p: ParticipantEntry, vs: AcsRemoteVideoStream): string {
    return `${p.id}/${vs.mediaStreamType === 'ScreenSharing' ? 'screen' : 'video'}/${vs.id}`;
  }

  #trackStream(entry: CallEntry, p: ParticipantEntry, vs: AcsRemoteVideoStream): void {
    if (p.streams.has(vs) || (vs.mediaStreamType !== 'Video' && vs.mediaStreamType !== 'ScreenSharing')) return;
    this.#remoteSources.set(this.#streamId(p, vs), vs);
    const onAvailable = () => {
      this.#onAvailability(vs);
      this.#syncParticipant(entry, p);
    };
    p.streams.set(vs, listen(vs, 'isAvailableChanged', onAvailable));
  }

  #untrackStream(p: ParticipantEntry, vs: AcsRemoteVideoStream): void {
    const undo = p.streams.get(vs);
    if (!undo) return;
    undo();
    p.streams.delete(vs);
    this.#remoteSources.delete(this.#streamId(p, vs));
    this.#drop(vs);
  }

  #participantOf(p: ParticipantEntry): Participant {
    const rp = p.rp;
    const video: StreamRef[] = [...p.streams.keys()].map((vs) => ({
      id: this.#streamId(p, vs),
      participantId: p.id,
      kind: vs.mediaStreamType === 'ScreenSharing' ? 'screen' : 'camera',
      available: vs.isAvailable,
      local: false,
    }));
    const address = identifierAddress(rp.identifier);
    return createParticipant({
      id: p.id,
      displayName: rp.displayName || address,
      address,
      state: toParticipantState(rp.state),
      muted: rp.isMuted,
      speaking: rp.isSpeaking,
      held: rp.state === 'Hold',
      video,
    });
  }

  #syncParticipant(entry: CallEntry, p: ParticipantEntry): void {
    if (!entry.participants.has(p.id)) return;
    const participant = this.#participantOf(p);
    this.#update((s) => {
      const next = upsertParticipant(s, entry.id, participant);
      // The first remote party of a 1:1 call takes the participant's real name once the SDK knows it.
      return entry.group || !p.rp.displayName
        ? next
        : updateCall(next, entry.id, (c: Call) =>
            c.participants[0]?.id === p.id && c.remoteParties[0]?.displayName !== p.rp.displayName
              ? { ...c, remoteParties: [{ displayName: participant.displayName, address: participant.address }, ...c.remoteParties.slice(1)] }
              : c,
          );
    });
  }

  // ---- incoming ----------------------------------------------------------------------------------------

  #trackIncoming(incoming: AcsIncomingCall): void {
    const identifier = incoming.callerInfo.identifier;
    const address = identifier ? identifierAddress(identifier) : '';
    const displayName = incoming.callerInfo.displayName || address || 'Unknown caller';
    const entry: CallEntry = {
      id: `${this.#prefix}-call-${++this.#seq}`,
      direction: 'incoming',
      group: false,
      call: null,
      incoming,
      local: false,
      connected: false,
      ended: false,
      participants: new Map(),
      cleanup: [],
    };
    this.#calls.set(entry.id, entry);
    entry.cleanup.push(
      listen(incoming, 'callEnded', ({ callEndReason }: { callEndReason: Parameters<typeof toEndReason>[0] }) => {
        if (entry.call) return; // accepted: the Call reports its own end
        this.#end(entry, toEndReason(callEndReason, { local: entry.local, direction: 'incoming', connected: false }));
      }),
    );
    this.#update((s) =>
      upsertCall(
        s,
        createCall({
          id: entry.id,
          direction: 'incoming',
          state: 'ringing',
          remoteParties: [{ displayName, address }],
          capabilities: ONE_TO_ONE_CAPABILITIES,
        }),
      ),
    );
  }

  async accept(callId: string, options: { readonly video: boolean }): Promise<void> {
    const entry = this.#entry(callId);
    const incoming = entry.incoming;
    if (!incoming) throw new CallError('invalid-state', 'This call is not ringing');
    const callOptions = await this.#mediaOptions(options.video);
    let call: AcsCall;
    try {
      call = await incoming.accept(callOptions);
    } catch (error) {
      throw toCallError(error, 'provider-error', 'accept');
    }
    for (const undo of entry.cleanup.splice(0)) undo();
    this.#track(call, { direction: 'incoming', group: false, parties: [], video: options.video }, entry);
  }

  async reject(callId: string): Promise<void> {
    const entry = this.#entry(callId);
    if (!entry.incoming) throw new CallError('invalid-state', 'This call is not ringing');
    entry.local = true;
    try {
      await entry.incoming.reject();
    } catch (error) {
      entry.local = false;
      throw toCallError(error, 'provider-error', 'reject');
    }
    if (!entry.ended) this.#end(entry, { code: 'declined', platformCode: '0/0' });
  }

  // ---- in-call actions ---------------------------------------------------------------------------------

  async hangUp(callId: string, options: { readonly forEveryone: boolean }): Promise<void> {
    const entry = this.#entry(callId);
    if (!entry.call) return this.reject(callId);
    entry.local = true;
    try {
      await entry.call.hangUp({ forEveryone: options.forEveryone });
    } catch (error) {
      entry.local = false;
      throw toCallError(error, 'provider-error', 'hangUp');
    }
    this.#syncCall(entry);
  }

  async #act(callId: string, action: string, run: (call: AcsCall) => Promise<void>): Promise<void> {
    const entry = this.#entry(callId);
    const call = this.#liveCall(callId);
    try {
      await run(call);
    } catch (error) {
      throw toCallError(error, 'provider-error', action);
    }
    this.#syncCall(entry);
  }

  setMuted(callId: string, muted: boolean): Promise<void> {
    return this.#act(callId, 'setMuted', (call) => (muted ? call.mute() : call.unmute()));
  }

  setVideo(callId: string, on: boolean): Promise<void> {
    return this.#act(callId, 'setVideo', async (call) => {
      if (on) {
        if (!call.isLocalVideoStarted) await call.startVideo(await this.#localCamera());
        return;
      }
      // stopVideo needs the very LocalVideoStream the call is sending.
      const sending = call.localVideoStreams.find((s) => s.mediaStreamType === 'Video');
      if (sending) await call.stopVideo(sending);
    });
  }

  setScreenShare(callId: string, on: boolean): Promise<void> {
    return this.#act(callId, 'setScreenShare', (call) => (on ? call.startScreenSharing() : call.stopScreenSharing()));
  }

  hold(callId: string): Promise<void> {
    return this.#act(callId, 'hold', (call) => call.hold());
  }

  resume(callId: string): Promise<void> {
    return this.#act(callId, 'resume', async (call) => {
      if (call.state !== 'LocalHold') throw new CallError('invalid-state', 'Only a call you put on hold can be resumed');
      await call.resume();
    });
  }

  sendDtmf(callId: string, digits: string): Promise<void> {
    const tones = toDtmfTones(digits);
    return this.#act(callId, 'sendDtmf', async (call) => {
      for (const tone of tones) {
        if (tone === null) await sleep(DTMF_PAUSE_MS);
        else await call.sendDtmf(tone);
      }
    });
  }

  addParticipant(callId: string, target: string): Promise<void> {
    const entry = this.#entry(callId);
    const identifier = parseTarget(target);
    return this.#act(callId, 'addParticipant', (call) => {
      let rp: AcsRemoteParticipant;
      if (isPhoneIdentifier(identifier)) {
        const alt = this.#alternateCallerId();
        if (!alt) throw new CallError('invalid-argument', 'Adding a phone number needs providerOptions.alternateCallerId');
        rp = call.addParticipant({ phoneNumber: identifier.phoneNumber }, { alternateCallerId: alt });
      } else if ('communicationUserId' in identifier || 'microsoftTeamsUserId' in identifier) {
        rp = call.addParticipant(identifier);
      } else {
        throw new CallError('invalid-argument', `Cannot add ${target} to an ACS call`);
      }
      this.#trackParticipant(entry, rp);
      return Promise.resolve();
    });
  }

  removeParticipant(callId: string, participantId: string): Promise<void> {
    const entry = this.#entry(callId);
    const p = entry.participants.get(participantId);
    if (!p) return Promise.reject(new CallError('not-found', `No participant with id ${participantId}`));
    return this.#act(callId, 'removeParticipant', (call) => call.removeParticipant(p.rp.identifier));
  }

  participantAction(callId: string, participantId: string, action: ParticipantAction): Promise<void> {
    if (action.type !== 'mute' || !action.muted) {
      return Promise.reject(new CallError('unsupported', 'Azure Communication Services can mute other participants, not unmute, hold or record them'));
    }
    const p = this.#entry(callId).participants.get(participantId);
    if (!p) return Promise.reject(new CallError('not-found', `No participant with id ${participantId}`));
    return this.#act(callId, 'participant-mute', () => p.rp.mute());
  }
}

/**
 * Azure Communication Services through the real `@azure/communication-calling` 2.x SDK. This file is the
 * provider's face: lifecycle and actions. Sign-in, devices, renderers, calls and participants each live
 * in their own module (acs-auth, acs-devices, stream-tiles, call-tracker, participant-tracker), and each
 * removes the SDK listeners it adds. SDK objects are kept by our own stable ids (an ACS `call.id` can change).
 */
import type { PhoneNumberIdentifier } from '@azure/communication-common';
import { CallError } from '../../core/errors.js';
import { PREVIEW_STREAM, type MediaView, type ViewOptions } from '../../core/media.js';
import type {
  CallProvider,
  JoinLocator,
  ParticipantAction,
  PermissionRequest,
  ProviderConfig,
  ProviderSink,
  StartCallOptions,
  TransferTarget,
} from '../../core/provider.js';
import type { CallSnapshot, Capability, ConnectionState, DestinationKind, DeviceKind, StreamRef } from '../../core/state.js';
import { Subscriptions } from '../kit/subscriptions.js';
import { checkTokenOption, sharedClient, signIn, type AcsToken } from './acs-auth.js';
import { AcsCallActions } from './call-actions.js';
import { AcsDevices } from './acs-devices.js';
import { AcsMediaView } from './acs-view.js';
import { TrackedCall, type CallInit, type CallSession } from './call-tracker.js';
import { transferCall, withTransferCapabilities } from './call-transfer.js';
import { isPhoneIdentifier, parseTarget, toCallError } from './mapping.js';
import { StreamTiles } from './stream-tiles.js';
import {
  loadAcsSdk,
  type AcsCall,
  type AcsCallAgent,
  type AcsCallOptions,
  type AcsDeviceManager,
  type AcsIncomingCall,
  type AcsLocalVideoStream,
  type AcsRemoteVideoStream,
  type AcsSdk,
  type AcsSdkSource,
} from './sdk.js';

export { GROUP_CAPABILITIES, ONE_TO_ONE_CAPABILITIES } from './call-tracker.js';

export interface AcsOptions extends AcsSdkSource {
  /** An ACS user access token, or a function that fetches a fresh one (used as the credential's `tokenRefresher`). */
  readonly token?: AcsToken;
  readonly displayName?: string;
  /** An ACS phone number (E.164) shown as the caller id on calls to phone numbers. Required for PSTN. */
  readonly alternateCallerId?: string;
}

export const ACS_DESTINATIONS: readonly DestinationKind[] = ['acs', 'phone', 'teams'];

let providerSeq = 0;

export class AcsProvider implements CallProvider {
  readonly kind = 'acs';
  #sink: ProviderSink | undefined;
  #config: ProviderConfig;
  #options: AcsOptions;
  #loadSdk: () => Promise<AcsSdk>;
  #sdk: AcsSdk | null = null;
  #agent: AcsCallAgent | null = null;
  #signOut: (() => void) | null = null;
  readonly #subscriptions = new Subscriptions();
  readonly #calls = new Map<string, TrackedCall>();
  readonly #remoteSources = new Map<string, AcsRemoteVideoStream>();
  readonly #tiles = new StreamTiles((source) => this.#sdk!.createRenderer(source));
  readonly #devices = new AcsDevices({
    update: (recipe) => this.#update(recipe),
    report: (error, action) => this.#report(error, action),
    capabilities: () => this.#platformCapabilities(),
  });
  readonly #actions = new AcsCallActions({
    entry: (callId) => this.#entry(callId),
    localCamera: () => this.#devices.localCamera(),
    alternateCallerId: () => this.#alternateCallerId(),
  });
  #seq = 0;
  #prefix = `acs${++providerSeq}`;
  /** Bumped by every connect and disconnect: an older connect that resumes after an await stops there. */
  #generation = 0;

  /** `loadSdk` is the seam: tests pass fakes typed against the SDK's declarations; pages get the real SDK. */
  constructor(config: ProviderConfig, loadSdk: () => Promise<AcsSdk> = () => loadAcsSdk(config.options)) {
    this.#config = config;
    this.#options = config.options;
    this.#loadSdk = loadSdk;
    checkTokenOption(this.#options.token);
    if (this.#options.alternateCallerId !== undefined) this.#alternateCallerId(); // validates early
  }

  /** Renderers alive right now (one per tile of an available stream). */
  get rendererCount(): number {
    return this.#tiles.rendererCount;
  }

  #update(recipe: (s: CallSnapshot) => CallSnapshot): void {
    this.#sink?.update((s) => withTransferCapabilities(recipe(s), (id) => this.#calls.get(id)?.group === false));
  }

  #report(error: unknown, action?: string): void {
    this.#sink?.fail(toCallError(error, 'provider-error', action));
  }

  #session(): CallSession {
    return {
      sdk: this.#sdk!,
      tiles: this.#tiles,
      remoteSources: this.#remoteSources,
      update: (recipe) => this.#update(recipe),
      report: (error, action) => this.#report(error, action),
      ended: (entry) => this.#calls.delete(entry.id),
      // Identity: the SDK adds the target call to `calls` before it fires transferAccepted.
      callOf: (call) => this.#agent?.calls.find((c): boolean => (c as object) === call),
    };
  }

  // ---- lifecycle ---------------------------------------------------------------------------------

  async connect(sink: ProviderSink): Promise<void> {
    this.#sink = sink;
    const generation = ++this.#generation;
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
    if (generation !== this.#generation) return;
    await this.#devices.attach(sdk, dm);

    const token = this.#options.token;
    if (token === undefined) {
      // Pre-call screen: devices and preview work, calling needs a token.
      sink.update((s) => ({ ...s, connection: 'disconnected' }));
      return;
    }
    const { agent, credential, selfId } = await signIn(sdk, shared.client, token, displayName);
    if (generation !== this.#generation) {
      await agent.dispose();
      credential.dispose();
      return;
    }
    this.#agent = agent;
    this.#signOut = () => credential.dispose();
    const onIncoming = ({ incomingCall }: { incomingCall: AcsIncomingCall }) => this.#ring(incomingCall);
    agent.on('incomingCall', onIncoming);
    this.#subscriptions.add(() => agent.off('incomingCall', onIncoming));
    this.#subscriptions.on(agent, 'connectionStateChanged', (args: { newValue: string; reason?: string }) => this.#onConnection(args));
    sink.update((s) => ({
      ...s,
      self: { id: selfId, displayName, address: selfId },
      platform: { ...s.platform, capabilities: this.#platformCapabilities() },
    }));
  }

  async disconnect(): Promise<void> {
    this.#generation++;
    this.#subscriptions.dispose();
    const hangUps: Promise<unknown>[] = [];
    for (const entry of this.#calls.values()) {
      entry.release();
      if (entry.call && entry.call.state !== 'Disconnected') hangUps.push(entry.call.hangUp().catch(() => undefined));
      else if (entry.incoming) hangUps.push(entry.incoming.reject().catch(() => undefined));
    }
    this.#calls.clear();
    await Promise.all(hangUps);
    this.#tiles.dropAll();
    this.#remoteSources.clear();
    this.#devices.detach();
    const agent = this.#agent;
    this.#agent = null;
    if (agent) await agent.dispose().catch(() => undefined);
    this.#signOut?.();
    this.#signOut = null;
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
    if (this.#devices.speakerSelection) caps.push('speaker-select');
    return caps;
  }

  // ---- devices -------------------------------------------------------------------------------------

  requestPermissions(request: PermissionRequest): Promise<void> {
    return this.#devices.requestPermissions(request);
  }

  selectDevice(kind: DeviceKind, deviceId: string): Promise<void> {
    return this.#devices.select(kind, deviceId);
  }

  // ---- media views ---------------------------------------------------------------------------------

  createView(stream: StreamRef, options: ViewOptions): MediaView {
    const view = new AcsMediaView(
      stream,
      options,
      (v) => this.#tiles.release(v),
      (error) => this.#report(error, 'createView'),
    );
    if (stream.id === PREVIEW_STREAM.id || (stream.local && stream.kind === 'camera' && !this.#localSource(stream))) {
      this.#devices.localCamera().then(
        (camera) => this.#tiles.bind(view, camera),
        (error: unknown) => view.fail(error),
      );
      return view;
    }
    const source = stream.local ? this.#localSource(stream) : this.#remoteSources.get(stream.id);
    if (!source) {
      view.fail(new CallError('not-found', `No video stream ${stream.id} in this session`));
      return view;
    }
    this.#tiles.bind(view, source);
    return view;
  }

  #localSource(stream: StreamRef): AcsLocalVideoStream | undefined {
    const type = stream.kind === 'screen' ? 'ScreenSharing' : 'Video';
    for (const entry of this.#calls.values()) {
      const found = entry.call?.localVideoStreams.find((s) => s.mediaStreamType === type);
      if (found) return found;
    }
    return stream.kind === 'camera' ? (this.#devices.camera ?? undefined) : undefined;
  }

  // ---- calls -----------------------------------------------------------------------------------------

  #requireAgent(): AcsCallAgent {
    if (!this.#agent) throw new CallError('not-connected', 'Sign in to Azure Communication Services first (providerOptions.token)');
    return this.#agent;
  }

  #entry(callId: string): TrackedCall {
    const entry = this.#calls.get(callId);
    if (!entry) throw new CallError('not-found', `No call with id ${callId}`);
    return entry;
  }

  #alternateCallerId(): PhoneNumberIdentifier | undefined {
    const alt = this.#options.alternateCallerId;
    if (alt === undefined) return undefined;
    if (typeof alt !== 'string') throw new CallError('invalid-argument', 'providerOptions.alternateCallerId must be a phone number string');
    const id = parseTarget(alt, 'phone');
    return isPhoneIdentifier(id) ? { phoneNumber: id.phoneNumber } : undefined;
  }

  async #mediaOptions(video: boolean): Promise<AcsCallOptions> {
    return video ? { videoOptions: { localVideoStreams: [await this.#devices.localCamera()] } } : {};
  }

  #newEntry(direction: 'incoming' | 'outgoing', group: boolean): TrackedCall {
    const entry = new TrackedCall(this.#session(), `${this.#prefix}-call-${++this.#seq}`, direction, group);
    this.#calls.set(entry.id, entry);
    return entry;
  }

  #track(call: AcsCall, init: CallInit): string {
    const entry = this.#newEntry(init.direction, init.group);
    entry.follow(call, init);
    return entry.id;
  }

  #ring(incoming: AcsIncomingCall): void {
    this.#newEntry('incoming', false).ring(incoming);
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
    entry.follow(call);
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
    if (!entry.ended) entry.end({ code: 'declined', platformCode: '0/0' });
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
    entry.sync();
  }

  setMuted(callId: string, muted: boolean): Promise<void> {
    return this.#actions.setMuted(callId, muted);
  }

  setVideo(callId: string, on: boolean): Promise<void> {
    return this.#actions.setVideo(callId, on);
  }

  setScreenShare(callId: string, on: boolean): Promise<void> {
    return this.#actions.setScreenShare(callId, on);
  }

  hold(callId: string): Promise<void> {
    return this.#actions.hold(callId);
  }

  resume(callId: string): Promise<void> {
    return this.#actions.resume(callId);
  }

  sendDtmf(callId: string, digits: string): Promise<void> {
    return this.#actions.sendDtmf(callId, digits);
  }

  addParticipant(callId: string, target: string): Promise<void> {
    return this.#actions.addParticipant(callId, target);
  }

  removeParticipant(callId: string, participantId: string): Promise<void> {
    return this.#actions.removeParticipant(callId, participantId);
  }

  participantAction(callId: string, participantId: string, action: ParticipantAction): Promise<void> {
    return this.#actions.participantAction(callId, participantId, action);
  }

  transfer(callId: string, target: TransferTarget): Promise<void> {
    return transferCall({ entry: (id) => this.#entry(id), sdk: this.#sdk! }, callId, target);
  }
}

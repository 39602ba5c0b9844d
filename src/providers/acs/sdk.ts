/**
 * The slice of `@azure/communication-calling` 2.x (and `@azure/communication-common`) the adapter uses,
 * written as Picks of the SDK's own declarations. `loadAcsSdk` assigns the real modules to `AcsSdk`, so
 * an SDK release that renames or retypes any of these members breaks the build here; the test fakes
 * implement the same interfaces, so they cannot drift from the real API either.
 *
 * Only types are imported statically: the page's own copy of the 1.7 MB SDK is imported by `loadAcsSdk`
 * when a session picks `acs`.
 */
import { CallError } from '../../core/errors.js';
import { importSdk, type SdkSpec } from '../sdk-source.js';
import type {
  AddPhoneNumberOptions,
  AudioOptions,
  Call,
  CallAgent,
  CallAgentOptions,
  CallClientOptions,
  CallFeatureFactory,
  CollectionUpdatedEvent,
  ConnectionStateChangedEvent,
  CallEndedEvent,
  CreateViewOptions,
  DeviceManager,
  DominantSpeakersCallFeature,
  GroupLocator,
  IncomingCall,
  LocalVideoStream,
  LocalVideoStreamOptions,
  PropertyChangedEvent,
  RecordingCallFeature,
  RemoteParticipant,
  RemoteVideoStream,
  RoomLocator,
  TeamsMeetingIdLocator,
  Transfer,
  TransferAcceptedEvent,
  TransferCallFeature,
  TransferToCallLocator,
  TransferToParticipantLocator,
  TeamsMeetingLinkLocator,
  VideoConstraints,
  VideoDeviceInfo,
  VideoStreamRendererView,
} from '@azure/communication-calling';
import type {
  CommunicationIdentifier,
  CommunicationTokenCredential,
  CommunicationTokenRefreshOptions,
  CommunicationUserIdentifier,
  MicrosoftTeamsUserIdentifier,
  PhoneNumberIdentifier,
} from '@azure/communication-common';

export type AcsLocalVideoStream = Pick<LocalVideoStream, 'source' | 'mediaStreamType' | 'switchSource' | 'dispose' | 'getMediaStream'>;

export type AcsRemoteVideoStream = Pick<
  RemoteVideoStream,
  'id' | 'mediaStreamType' | 'isAvailable' | 'isReceiving' | 'size' | 'on' | 'off' | 'getMediaStream'
>;

export interface AcsRemoteParticipant
  extends Pick<RemoteParticipant, 'identifier' | 'displayName' | 'state' | 'callEndReason' | 'isMuted' | 'isSpeaking' | 'mute'> {
  readonly videoStreams: ReadonlyArray<AcsRemoteVideoStream>;
  on(event: 'stateChanged', listener: PropertyChangedEvent): void;
  on(event: 'isMutedChanged', listener: PropertyChangedEvent): void;
  on(event: 'displayNameChanged', listener: PropertyChangedEvent): void;
  on(event: 'isSpeakingChanged', listener: PropertyChangedEvent): void;
  on(event: 'videoStreamsUpdated', listener: CollectionUpdatedEvent<AcsRemoteVideoStream>): void;
  off(event: 'stateChanged', listener: PropertyChangedEvent): void;
  off(event: 'isMutedChanged', listener: PropertyChangedEvent): void;
  off(event: 'displayNameChanged', listener: PropertyChangedEvent): void;
  off(event: 'isSpeakingChanged', listener: PropertyChangedEvent): void;
  off(event: 'videoStreamsUpdated', listener: CollectionUpdatedEvent<AcsRemoteVideoStream>): void;
}

export type AcsRecordingFeature = Pick<RecordingCallFeature, 'isRecordingActive' | 'on' | 'off'>;
export type AcsDominantSpeakersFeature = Pick<DominantSpeakersCallFeature, 'dominantSpeakers' | 'on' | 'off'>;

export type AcsTransfer = Pick<Transfer, 'state' | 'error' | 'on' | 'off'>;

/**
 * `Features.Transfer`. SDK 2.0.0's `off` calls `on` (TransferCallFeatureImpl), so a `transferAccepted`
 * listener cannot be removed: the adapter adds one per call and guards it instead.
 */
export interface AcsTransferFeature {
  transfer(target: TransferToParticipantLocator): AcsTransfer;
  transfer(target: TransferToCallLocator): AcsTransfer;
  on(event: 'transferAccepted', listener: TransferAcceptedEvent): void;
}

export interface AcsFeatures {
  readonly Recording: CallFeatureFactory<RecordingCallFeature>;
  readonly DominantSpeakers: CallFeatureFactory<DominantSpeakersCallFeature>;
  readonly Transfer: CallFeatureFactory<TransferCallFeature>;
}

/** What the adapter passes when it starts, joins or accepts a call (a narrowing of the SDK's options). */
export interface AcsCallOptions {
  videoOptions?: { localVideoStreams?: AcsLocalVideoStream[]; constraints?: VideoConstraints };
  audioOptions?: AudioOptions;
  alternateCallerId?: PhoneNumberIdentifier;
}

export interface AcsCall
  extends Pick<
    Call,
    | 'id'
    | 'state'
    | 'direction'
    | 'callEndReason'
    | 'callerInfo'
    | 'isMuted'
    | 'isScreenSharingOn'
    | 'isLocalVideoStarted'
    | 'hangUp'
    | 'mute'
    | 'unmute'
    | 'sendDtmf'
    | 'hold'
    | 'resume'
    | 'stopScreenSharing'
    | 'removeParticipant'
  > {
  readonly localVideoStreams: ReadonlyArray<AcsLocalVideoStream>;
  readonly remoteParticipants: ReadonlyArray<AcsRemoteParticipant>;
  startVideo(localVideoStream: AcsLocalVideoStream): Promise<void>;
  stopVideo(localVideoStream: AcsLocalVideoStream): Promise<void>;
  startScreenSharing(): Promise<void>;
  addParticipant(identifier: CommunicationUserIdentifier | MicrosoftTeamsUserIdentifier): AcsRemoteParticipant;
  addParticipant(identifier: PhoneNumberIdentifier, options?: AddPhoneNumberOptions): AcsRemoteParticipant;
  feature(factory: CallFeatureFactory<RecordingCallFeature>): AcsRecordingFeature;
  feature(factory: CallFeatureFactory<DominantSpeakersCallFeature>): AcsDominantSpeakersFeature;
  feature(factory: CallFeatureFactory<TransferCallFeature>): AcsTransferFeature;
  on(event: 'stateChanged', listener: PropertyChangedEvent): void;
  on(event: 'isMutedChanged', listener: PropertyChangedEvent): void;
  on(event: 'isScreenSharingOnChanged', listener: PropertyChangedEvent): void;
  on(event: 'isLocalVideoStartedChanged', listener: PropertyChangedEvent): void;
  on(event: 'remoteParticipantsUpdated', listener: CollectionUpdatedEvent<AcsRemoteParticipant>): void;
  on(event: 'localVideoStreamsUpdated', listener: CollectionUpdatedEvent<AcsLocalVideoStream>): void;
  off(event: 'stateChanged', listener: PropertyChangedEvent): void;
  off(event: 'isMutedChanged', listener: PropertyChangedEvent): void;
  off(event: 'isScreenSharingOnChanged', listener: PropertyChangedEvent): void;
  off(event: 'isLocalVideoStartedChanged', listener: PropertyChangedEvent): void;
  off(event: 'remoteParticipantsUpdated', listener: CollectionUpdatedEvent<AcsRemoteParticipant>): void;
  off(event: 'localVideoStreamsUpdated', listener: CollectionUpdatedEvent<AcsLocalVideoStream>): void;
}

export interface AcsIncomingCall extends Pick<IncomingCall, 'id' | 'callerInfo' | 'callEndReason' | 'reject'> {
  accept(options?: AcsCallOptions): Promise<AcsCall>;
  on(event: 'callEnded', listener: CallEndedEvent): void;
  off(event: 'callEnded', listener: CallEndedEvent): void;
}

export type AcsIncomingCallEvent = (args: { incomingCall: AcsIncomingCall }) => void;

export interface AcsCallAgent extends Pick<CallAgent, 'connectionState' | 'dispose'> {
  readonly calls: ReadonlyArray<AcsCall>;
  startCall(participants: CommunicationIdentifier[], options?: AcsCallOptions): AcsCall;
  join(locator: GroupLocator, options?: AcsCallOptions): AcsCall;
  join(locator: TeamsMeetingLinkLocator, options?: AcsCallOptions): AcsCall;
  join(locator: TeamsMeetingIdLocator, options?: AcsCallOptions): AcsCall;
  join(locator: RoomLocator, options?: AcsCallOptions): AcsCall;
  on(event: 'incomingCall', listener: AcsIncomingCallEvent): void;
  on(event: 'connectionStateChanged', listener: ConnectionStateChangedEvent): void;
  off(event: 'incomingCall', listener: AcsIncomingCallEvent): void;
  off(event: 'connectionStateChanged', listener: ConnectionStateChangedEvent): void;
}

export type AcsDeviceManager = Pick<
  DeviceManager,
  | 'isSpeakerSelectionAvailable'
  | 'selectedMicrophone'
  | 'selectedSpeaker'
  | 'getCameras'
  | 'getMicrophones'
  | 'getSpeakers'
  | 'selectMicrophone'
  | 'selectSpeaker'
  | 'askDevicePermission'
  | 'on'
  | 'off'
>;

export interface AcsCallClient {
  createCallAgent(credential: CommunicationTokenCredential, options?: CallAgentOptions): Promise<AcsCallAgent>;
  getDeviceManager(): Promise<AcsDeviceManager>;
}

export type AcsRendererView = Pick<VideoStreamRendererView, 'target' | 'scalingMode' | 'isMirrored' | 'updateScalingMode' | 'dispose'>;

export interface AcsRenderer {
  createView(options?: CreateViewOptions): Promise<AcsRendererView>;
  dispose(): void;
}

export interface AcsSdk {
  readonly CallClient: new (options?: CallClientOptions) => AcsCallClient;
  readonly LocalVideoStream: new (source: VideoDeviceInfo, options?: LocalVideoStreamOptions) => AcsLocalVideoStream;
  /** `new VideoStreamRenderer(stream)`; a function because the real constructor only takes its own classes. */
  readonly createRenderer: (stream: AcsLocalVideoStream | AcsRemoteVideoStream) => AcsRenderer;
  readonly Features: AcsFeatures;
  readonly AzureCommunicationTokenCredential: {
    new (token: string): CommunicationTokenCredential;
    new (options: CommunicationTokenRefreshOptions): CommunicationTokenCredential;
  };
}

const CALLING: SdkSpec = {
  title: 'the Azure Communication Services Calling SDK',
  packageName: '@azure/communication-calling',
  option: 'sdk',
  npmPackages: ['@azure/communication-calling', '@azure/communication-common'],
  importMap: {
    '@azure/communication-calling': 'https://esm.sh/@azure/communication-calling@2.0.0',
    '@azure/communication-common': 'https://esm.sh/@azure/communication-common@2.5.0',
  },
  importByName: () => import('@azure/communication-calling'),
};
const COMMON: SdkSpec = {
  ...CALLING,
  title: 'the Azure Communication Services common SDK',
  packageName: '@azure/communication-common',
  option: 'commonSdk',
  importByName: () => import('@azure/communication-common'),
};

type Calling = typeof import('@azure/communication-calling');
type Common = typeof import('@azure/communication-common');

/** One adapter per SDK module, so every session on the page shares one CallClient (see sharedClient). */
const adapted = new WeakMap<object, AcsSdk>();

function adapt(calling: Calling, common: Common): AcsSdk {
  let sdk = adapted.get(calling);
  if (!sdk) {
    const Renderer: new (stream: LocalVideoStream | RemoteVideoStream) => AcsRenderer = calling.VideoStreamRenderer;
    sdk = {
      CallClient: calling.CallClient,
      LocalVideoStream: calling.LocalVideoStream,
      // Streams handed back here were created by this same SDK (CallClient, LocalVideoStream above).
      createRenderer: (stream) => new Renderer(stream as LocalVideoStream | RemoteVideoStream),
      Features: calling.Features,
      AzureCommunicationTokenCredential: tokenCredential(common),
    };
    adapted.set(calling, sdk);
  }
  return sdk;
}

/**
 * The SDK's credential, whose constructor's own failure (communication-common before 2.5 parses a string
 * token at once and throws "Invalid token specified") is a sign-in failure, not a network one.
 */
function tokenCredential(common: Common): AcsSdk['AzureCommunicationTokenCredential'] {
  return class extends common.AzureCommunicationTokenCredential {
    constructor(tokenOrOptions: string | CommunicationTokenRefreshOptions) {
      try {
        super(tokenOrOptions as string);
      } catch (error) {
        throw new CallError('auth-failed', `The Azure Communication Services token is not valid: ${error instanceof Error ? error.message : String(error)}`, { action: 'connect', cause: error });
      }
    }
  };
}

/** Where the page's SDK is: `providerOptions.sdk` / `.commonSdk` (module or URL), else the package names. */
export interface AcsSdkSource {
  readonly sdk?: unknown;
  readonly commonSdk?: unknown;
}

/**
 * The page's ACS SDK (call-elements does not ship it; see sdk-source.ts). Fails with a CallError that says
 * what to add; a failed download can be retried by the next session.
 */
export async function loadAcsSdk(source: AcsSdkSource = {}): Promise<AcsSdk> {
  const [calling, common] = await Promise.all([importSdk(CALLING, source.sdk), importSdk(COMMON, source.commonSdk)]);
  for (const [spec, module, name] of [
    [CALLING, calling, 'CallClient'],
    [COMMON, common, 'AzureCommunicationTokenCredential'],
  ] as const) {
    if (typeof module[name] !== 'function') {
      throw new CallError('invalid-argument', `providerOptions.${spec.option} is not the ${spec.packageName} module (it has no ${name})`, { action: 'connect' });
    }
  }
  return adapt(calling as unknown as Calling, common as unknown as Common);
}

/**
 * The part of `@kandy-io/cpaas-sdk@4.9.0` this adapter uses, typed from the unminified bundle (the package
 * ships no .d.ts). Line numbers refer to `dist/kandy.js`. The test fake implements these interfaces and a
 * browser test checks them against the real client object, so a wrong name here fails a test.
 */
import { CallError } from '../../core/errors.js';
import { importSdk, type SdkSpec } from '../sdk-source.js';

/** `BasicError` (kandy.js:32930): what the SDK puts in `params.error`. */
export interface KandyError {
  readonly name?: string;
  readonly code: string;
  readonly message: string;
}

/** `call.states` (kandy.js:20328). The tutorial's `'ENDED'` never matches: the value is `'Ended'`. */
export const KANDY_CALL_STATES = {
  INITIATING: 'Initiating',
  INITIATED: 'Initiated',
  EARLY_MEDIA: 'Early Media',
  RINGING: 'Ringing',
  CANCELLED: 'Cancelled',
  CONNECTED: 'Connected',
  ON_HOLD: 'On Hold',
  ENDED: 'Ended',
} as const;
export type KandyCallState = (typeof KANDY_CALL_STATES)[keyof typeof KANDY_CALL_STATES];

/** `call:operation` operation names (call/interfaceNew/constants.js, kandy.js:23810). */
export type KandyOperation =
  | 'MAKE'
  | 'ANSWER'
  | 'REJECT'
  | 'IGNORE'
  | 'END'
  | 'FORWARD_CALL'
  | 'HOLD'
  | 'UNHOLD'
  | 'ADD_MEDIA'
  | 'REMOVE_MEDIA'
  | 'GET_STATS'
  | 'SEND_DTMF'
  | 'CONSULTATIVE_TRANSFER'
  | 'DIRECT_TRANSFER'
  | 'JOIN'
  | 'REPLACE_TRACK'
  | 'START_MOH'
  | 'STOP_MOH'
  | 'SLOW_START';

/** A call as `call.getById` returns it: a Redux state snapshot, not a live object. */
export interface KandyCallObject {
  readonly id: string;
  readonly direction: 'incoming' | 'outgoing';
  readonly state: KandyCallState;
  readonly localHold: boolean;
  readonly remoteHold: boolean;
  /** Track ids, not tracks. */
  readonly localTracks: readonly string[];
  readonly remoteTracks: readonly string[];
  readonly remoteParticipant?: { readonly displayNumber?: string; readonly displayName?: string };
  readonly startTime?: number;
  readonly endTime?: number;
  readonly to?: string;
  readonly from?: string;
  readonly mediaConstraints?: { readonly audio?: unknown; readonly video?: unknown; readonly screenShare?: unknown };
}

/** `media.getTrackById` (kandy.js:48876): note `trackId`; the docs' `id` is deleted from the state. */
export interface KandyTrackObject {
  readonly trackId: string;
  readonly streamId?: string;
  readonly kind: 'audio' | 'video';
  readonly label: string;
  /** `!track.enabled` */
  readonly muted: boolean;
  /** the native `track.muted` */
  readonly disabled?: boolean;
  readonly state: 'live' | 'ended';
  readonly containers?: readonly string[];
}

export interface KandyDeviceInfo {
  readonly deviceId: string;
  readonly groupId?: string;
  readonly kind: string;
  readonly label: string;
}

export interface KandyMediaOptions {
  audio?: boolean;
  audioOptions?: { deviceId?: string };
  video?: boolean;
  videoOptions?: { deviceId?: string };
  screen?: boolean;
  screenOptions?: Record<string, unknown>;
}

/** `client.call` (call/interfaceNew/api/call.js, kandy.js:22493–23475). Every action is fire-and-forget. */
export interface KandyCallApi {
  make(destination: string, media: KandyMediaOptions, options?: Record<string, unknown>): string;
  answer(callId: string, media: KandyMediaOptions, options?: Record<string, unknown>): void;
  reject(callId: string): void;
  ignore(callId: string): void;
  end(callId: string): void;
  hold(callId: string): void;
  unhold(callId: string): void;
  getAll(): readonly KandyCallObject[];
  getById(callId: string): KandyCallObject | undefined;
  addMedia(callId: string, media: KandyMediaOptions, options?: Record<string, unknown>): void;
  removeMedia(callId: string, trackIds: readonly string[], options?: Record<string, unknown>): void;
  sendDTMF(callId: string, tone: string, duration?: number, intertoneGap?: number): void;
  /** These four exist but do nothing on CPaaS in 4.9.0 (no saga, no request): see kandy-provider.ts. */
  forward(callId: string, destination: string): void;
  directTransfer(callId: string, destination: string): void;
  consultativeTransfer(callId: string, otherCallId: string): void;
  join(callId: string, otherCallId: string): void;
  replaceTrack(callId: string, trackId: string, media: KandyMediaOptions): void;
  readonly states: typeof KANDY_CALL_STATES;
}

/** `client.media` (webrtc/interface/api/media.js, kandy.js:48800–48975). */
export interface KandyMediaApi {
  getDevices(): { camera?: readonly KandyDeviceInfo[]; microphone?: readonly KandyDeviceInfo[]; speaker?: readonly KandyDeviceInfo[] };
  getTrackById(trackId: string): KandyTrackObject | undefined;
  /** The docs say CSS selector; an HTMLElement is used as is (kandy.js:52940), which is how we reach shadow DOM. */
  renderTracks(trackIds: readonly string[], container: string | HTMLElement, options?: { speakerId?: string }): void;
  removeTracks(trackIds: readonly string[], container: string | HTMLElement): void;
  muteTracks(trackIds: readonly string[]): void;
  unmuteTracks(trackIds: readonly string[]): void;
}

export interface KandyServicesApi {
  subscribe(services: readonly string[], type?: 'websocket'): void;
  unsubscribe(services: readonly string[], type?: 'websocket'): void;
  getSubscriptions(): { subscribed: readonly string[]; available: readonly string[]; isPending?: boolean };
}

/** Every event this adapter listens to; each is emitted by 4.9.0 (a test scans the bundle for them). */
export const KANDY_EVENTS = [
  'subscription:change',
  'subscription:error',
  'auth:error',
  'call:start',
  'call:receive',
  'call:stateChange',
  'call:operation',
  'call:newTrack',
  'call:trackEnded',
  'call:trackReplaced',
  'media:muted',
  'media:unmuted',
  'devices:change',
] as const;
export type KandyEventName = (typeof KANDY_EVENTS)[number];

export interface KandyEventMap {
  'subscription:change': { reason?: string };
  'subscription:error': { error: KandyError };
  'auth:error': { error: KandyError };
  'call:start': { callId: string; error?: KandyError };
  'call:receive': { callId: string; error?: KandyError };
  'call:stateChange': {
    callId: string;
    previous: { state: KandyCallState; localHold?: boolean; remoteHold?: boolean };
    transition?: { statusCode?: number; reasonText?: string };
    error?: KandyError;
  };
  'call:operation': {
    callId: string;
    operation: KandyOperation;
    transition: 'START' | 'UPDATE' | 'FINISH';
    isLocal: boolean;
    previous?: { operation?: string; status?: string };
    error?: KandyError;
  };
  'call:newTrack': { callId: string; mediaId?: string; trackId: string; local: boolean };
  'call:trackEnded': { callId: string; mediaId?: string; trackId: string; local: boolean };
  'call:trackReplaced': { callId: string; newTrackId?: string; oldTrack?: KandyTrackObject; error?: KandyError };
  'media:muted': { tracks: readonly string[] };
  'media:unmuted': { tracks: readonly string[] };
  'devices:change': Record<string, never>;
}

export type KandyListener<K extends KandyEventName> = (params: KandyEventMap[K]) => void;

/** The parts of `client.state.get()` (kandy.js:33878, the store with public selectors) the adapter reads. */
export interface KandyPublicState {
  readonly authentication?: { readonly userInfo?: { readonly username?: string; readonly accessToken?: string } };
  readonly subscription?: {
    /** Keyed by channel type: `websocket`. */
    readonly notificationChannels?: Readonly<Record<string, { readonly channelId?: string; readonly channelType?: string } | undefined>>;
    readonly subscriptions?: readonly { readonly subscriptionId?: string; readonly service?: string; readonly channelType?: string }[];
  };
}

/** `client.connection` (connectivity/interface/api.js, kandy.js:32168). */
export interface KandyConnectionApi {
  enableConnectivityChecking(enable: boolean): void;
}

export interface KandyClient {
  setTokens(tokens: { accessToken: string; idToken: string }): void;
  readonly state: { get(): KandyPublicState };
  readonly connection: KandyConnectionApi;
  on<K extends KandyEventName>(type: K, listener: KandyListener<K>): void;
  off<K extends KandyEventName>(type: K, listener: KandyListener<K>): void;
  readonly services: KandyServicesApi;
  readonly call: KandyCallApi;
  readonly media: KandyMediaApi;
}

/** `Kandy.create(config)` (kandy.js:36224). */
export interface KandyConfig {
  authentication: { server: { base: string; protocol?: string; port?: number | string; version?: string }; clientCorrelator: string };
  call?: Record<string, unknown>;
  logs?: Record<string, unknown>;
  subscription?: Record<string, unknown>;
  [key: string]: unknown;
}

export type KandyFactory = (config: KandyConfig) => KandyClient;

const KANDY: SdkSpec = {
  title: 'the Kandy CPaaS SDK',
  packageName: '@kandy-io/cpaas-sdk',
  option: 'sdk',
  npmPackages: ['@kandy-io/cpaas-sdk'],
  importMap: { '@kandy-io/cpaas-sdk': 'https://esm.sh/@kandy-io/cpaas-sdk@4.9.0' },
  importByName: () => import('@kandy-io/cpaas-sdk'),
};

/** `providerOptions.sdk`: the `@kandy-io/cpaas-sdk` module (or the `Kandy` object) or a URL to it. */
export interface KandySdkSource {
  readonly sdk?: unknown;
}

type KandyNamespace = { create?: unknown };

/**
 * The page's Kandy SDK (call-elements does not ship it; see sdk-source.ts), as `Kandy.create`. The package
 * is a UMD bundle: run as a plain module (a `<script type=module>`-style URL, WTR) its wrapper finds no
 * `exports`/`define` and assigns `window.Kandy`; through a CommonJS-aware bundler or an ESM CDN it
 * arrives as the default export. The page may also pass the `Kandy` object itself.
 */
export async function loadKandy(source: KandySdkSource = {}): Promise<KandyFactory> {
  const module = (await importSdk(KANDY, source.sdk)) as KandyNamespace & { default?: KandyNamespace };
  const kandy = [module, module.default, (globalThis as { Kandy?: KandyNamespace }).Kandy].find((k) => typeof k?.create === 'function');
  if (!kandy) {
    throw new CallError('invalid-argument', `${source.sdk === undefined ? 'The @kandy-io/cpaas-sdk module' : 'providerOptions.sdk'} has no Kandy.create (and set no window.Kandy)`, { action: 'connect' });
  }
  return kandy.create as KandyFactory;
}

/**
 * Kandy 4.9.0 vocabulary → the normalized one. Pure functions, tested value by value against the SDK's
 * own strings (kandy.js:20328 for states, errors/codes.js for error codes).
 */
import { deviceInfos, toDevices as toDeviceState } from '../kit/devices.js';
import { CallError, type CallErrorCode } from '../../core/errors.js';
import type { CallState, Capability, DestinationKind, Devices, EndReason } from '../../core/state.js';
import type { KandyCallObject, KandyError, KandyMediaApi } from './kandy-sdk.js';

/**
 * A call's normalized state. Kandy keeps `state: 'On Hold'` for either side holding and says which side
 * through `localHold`/`remoteHold`; a local hold wins because it is the one the user can undo.
 */
/**
 * Unknown strings (a newer SDK) read as `connecting` rather than crash. An incoming call is `Initiated`
 * until the SDK has told the caller it rings; for the user it rings from the moment it is received.
 */
export function toCallState(state: string, localHold = false, remoteHold = false, direction: 'incoming' | 'outgoing' = 'outgoing'): CallState {
  switch (state) {
    case 'Initiating':
    case 'Initiated':
      return direction === 'incoming' ? 'ringing' : 'connecting';
    case 'Early Media':
      return 'early-media';
    case 'Ringing':
      return 'ringing';
    case 'Connected':
    case 'On Hold':
      if (localHold) return 'on-hold';
      if (remoteHold) return 'remote-hold';
      return state === 'On Hold' ? 'on-hold' : 'connected';
    case 'Cancelled':
    case 'Ended':
      return 'ended';
    default:
      return 'connecting';
  }
}

export const isEndedState = (state: string): boolean => state === 'Ended' || state === 'Cancelled';

/**
 * Why a Kandy call ended, from the `call:stateChange` that ended it: its `transition` (a SIP status, or
 * 9909 when the SDK's call audit found the session gone, kandy.js:28741), its `error` (a refused request),
 * the state before, and whether this side ended it. `Initiating`/`Initiated` is not ringing for an outgoing
 * call: the platform has not yet reached the callee.
 */
export function toEndReason(
  call: Pick<KandyCallObject, 'state' | 'direction'>,
  previousState: string | undefined,
  transition: { statusCode?: number; reasonText?: string } | undefined,
  endedLocally: boolean,
  error?: KandyError,
): EndReason {
  const status = transition?.statusCode;
  const message = transition?.reasonText || error?.message;
  const platformCode = status === undefined ? error?.code : String(status);
  const base = { ...(message ? { message } : {}), ...(platformCode ? { platformCode } : {}) };
  if (status === 486 || status === 600) return { code: 'busy', ...base };
  if (status === 480 || status === 404) return { code: 'unavailable', ...base };
  if (status === 408) return { code: 'no-answer', ...base };
  if (status === 403 || status === 401) return { code: 'forbidden', ...base };
  if (status === 603) return { code: 'declined', ...base };
  if (status === CALL_AUDIT_FAILED) return { code: 'network', ...base };
  // A request the platform refused: SVC0004 is the CPaaS (ParlayREST) "no valid address" exception.
  if (error) return { code: error.code === 'SVC0004' ? 'unavailable' : 'failed', ...base };
  if (call.state === 'Cancelled') return { code: 'cancelled', ...base };
  const incoming = call.direction === 'incoming';
  const rang = previousState === 'Ringing' || previousState === 'Early Media';
  const beforeRinging = previousState === 'Initiating' || previousState === 'Initiated';
  if (endedLocally) {
    if ((rang || beforeRinging) && incoming) return { code: 'declined', ...base };
    if (rang || beforeRinging) return { code: 'cancelled', ...base };
    return { code: 'hung-up', ...base };
  }
  if (rang && !incoming) return { code: 'declined', ...base };
  if (beforeRinging && !incoming) return { code: 'unavailable', ...base };
  if (rang || beforeRinging) return { code: 'cancelled', ...base };
  return { code: 'remote-hung-up', ...base };
}

/** The status the SDK puts in `transition` when its call audit finds the session gone (kandy.js:28741). */
export const CALL_AUDIT_FAILED = 9909;

/** Kandy `BasicError.code` (errors/codes.js) → our stable codes. */
const ERROR_CODES: Readonly<Record<string, CallErrorCode>> = {
  'authentication:1': 'auth-failed',
  'authentication:2': 'network',
  'authentication:8': 'token-expired',
  'authentication:12': 'unsupported',
  'subscription:1': 'network',
  'subscription:2': 'network',
  'subscription:3': 'network',
  'subscription:4': 'network',
  'subscription:5': 'server-error',
  'subscription:6': 'server-error',
  'subscription:7': 'server-error',
  'call:1': 'provider-error',
  'call:2': 'provider-error',
  'call:3': 'device-not-found',
  'call:4': 'permission-denied',
  'call:5': 'unsupported',
  'call:6': 'invalid-state',
  'call:7': 'invalid-argument',
  'call:8': 'internal',
  'call:9': 'provider-error',
  // CPaaS service exceptions, passed through as the code (handleRequestError): no valid address.
  SVC0004: 'not-found',
};

export function toCallError(error: KandyError | undefined | null, action?: string, callId?: string): CallError {
  const code = (error && ERROR_CODES[error.code]) ?? 'provider-error';
  const message = error?.message || 'The Kandy service reported an error';
  return new CallError(code, message, { cause: error, ...(action ? { action } : {}), ...(callId ? { callId } : {}) });
}

/** What a Kandy destination string is: a phone number or a user address. */
export function destinationKind(destination: string): DestinationKind | null {
  const text = destination.trim();
  if (/^\+?[0-9][0-9 ().-]{2,}$/.test(text)) return 'phone';
  if (/^(sip:)?[^\s@]+@[^\s@]+$/.test(text)) return text.includes('.') ? 'email' : 'user';
  if (/^[A-Za-z0-9._-]+$/.test(text)) return 'user';
  return null;
}

/** Phone numbers lose their formatting; addresses are kept as typed. */
export function toKandyDestination(destination: string): string {
  const text = destination.trim();
  return destinationKind(text) === 'phone' ? text.replace(/[ ().-]/g, '') : text;
}

export function toDevices(list: ReturnType<KandyMediaApi['getDevices']>, selected: Devices['selected']): Devices {
  return toDeviceState(
    {
      microphone: deviceInfos(list.microphone ?? [], 'microphone'),
      camera: deviceInfos(list.camera ?? [], 'camera'),
      speaker: deviceInfos(list.speaker ?? [], 'speaker'),
    },
    selected,
  );
}

/**
 * What a call can do in a state, as the SDK's sagas check it: `addMedia`/`removeMedia`/`replaceTrack` need
 * `state === 'Connected'` (kandy.js:26954, 27054, 27377), which a hold by either side turns into `On Hold`
 * (reducers kandy.js:24774–24801); `sendDTMF` needs Connected, Ringing or Early Media (kandy.js:25798);
 * hold needs no local hold, unhold a local one (kandy.js:26732, 26814). Forward, transfer and join are not
 * offered: 4.9.0 wires no saga to them on CPaaS (see kandy-provider.ts `transfer`).
 */
export function callCapabilities(call: Pick<KandyCallObject, 'state' | 'direction' | 'localHold'>): Capability[] {
  switch (call.state) {
    case 'Ringing':
    case 'Initiating':
    case 'Initiated':
    case 'Early Media':
      return call.direction === 'incoming' ? ['video'] : [];
    case 'Connected':
      return ['mute', 'video', 'screen-share', 'hold', 'dtmf'];
    case 'On Hold':
      return ['mute', 'hold'];
    default:
      return [];
  }
}

/**
 * ACS vocabulary → the normalized one: call and participant states, `callEndReason` code/subCode, SDK
 * errors, identifiers and DTMF tones. Pure functions over the SDK's own types, tested table by table.
 */
import { knownErrorCode, type StatusOverrides } from '../kit/http-status.js';
import { jwtClaims, jwtExpiry, stringClaim } from '../kit/jwt.js';
import type { CallEndReason, CallState as AcsCallState, DtmfTone, RemoteParticipantState } from '@azure/communication-calling';
import type { CommunicationIdentifier, CommunicationIdentifierKind } from '@azure/communication-common';
import { CallError, type CallErrorCode } from '../../core/errors.js';
import type { CallState, DestinationKind, EndReason, EndReasonCode, ParticipantState } from '../../core/state.js';

export const CALL_STATES: Readonly<Record<AcsCallState, CallState>> = {
  None: 'connecting',
  Connecting: 'connecting',
  Ringing: 'ringing',
  EarlyMedia: 'early-media',
  Connected: 'connected',
  LocalHold: 'on-hold',
  RemoteHold: 'remote-hold',
  InLobby: 'in-lobby',
  Disconnecting: 'disconnecting',
  Disconnected: 'ended',
};

export const PARTICIPANT_STATES: Readonly<Record<RemoteParticipantState, ParticipantState>> = {
  Idle: 'idle',
  Connecting: 'connecting',
  Ringing: 'ringing',
  EarlyMedia: 'early-media',
  Connected: 'connected',
  Hold: 'on-hold',
  InLobby: 'in-lobby',
  Disconnected: 'disconnected',
};

export const toCallState = (state: AcsCallState): CallState => CALL_STATES[state] ?? 'connecting';
export const toParticipantState = (state: RemoteParticipantState): ParticipantState => PARTICIPANT_STATES[state] ?? 'connecting';

/**
 * Subcodes that decide the reason on their own (Microsoft's "Calling end call codes and subcodes" table).
 * `undefined` means "a normal end": who ended it is decided by the caller of `toEndReason`.
 */
const END_SUBCODES: Readonly<Record<number, EndReasonCode>> = {
  4097: 'remote-hung-up', // ended for everyone by the organizer
  4507: 'forbidden', // the token was not valid any more
  4521: 'remote-hung-up', // the other side closed the app without hanging up
  5000: 'remote-hung-up', // removed by another participant
  5003: 'declined', // every callee endpoint declined
  5300: 'remote-hung-up', // removed by another participant
  5828: 'forbidden', // not invited to the room
  5829: 'forbidden', // outside the room's time window
  5830: 'forbidden',
  7000: 'remote-hung-up', // ended by Call Automation or a bot
  10003: 'answered-elsewhere',
  10004: 'no-answer',
  10009: 'forbidden',
  10024: 'declined',
  10037: 'unavailable',
  10057: 'no-answer',
  10076: 'unavailable',
  10077: 'unavailable',
  10078: 'unavailable',
  510403: 'forbidden',
  540487: 'cancelled',
  560000: 'remote-hung-up',
  560486: 'busy',
};

const END_CODES: Readonly<Record<number, EndReasonCode>> = {
  401: 'forbidden',
  403: 'forbidden',
  404: 'unavailable',
  408: 'no-answer',
  410: 'network',
  430: 'unavailable',
  480: 'unavailable',
  481: 'failed',
  486: 'busy',
  487: 'cancelled',
  490: 'network',
  491: 'network',
  495: 'forbidden',
  496: 'network',
  497: 'network',
  498: 'network',
  500: 'failed',
  503: 'failed',
  504: 'failed',
  603: 'declined',
};

export interface EndContext {
  /** This side hung up or declined. */
  readonly local: boolean;
  readonly direction: 'incoming' | 'outgoing';
  /** The call had connected before it ended. */
  readonly connected: boolean;
}

/** A readable end reason for a `callEndReason`; `platformCode` keeps `code/subCode` for support. */
export function toEndReason(reason: CallEndReason | undefined, context: EndContext): EndReason {
  const code = reason?.code ?? 0;
  const subCode = reason?.subCode ?? 0;
  const platformCode = `${code}/${subCode}`;
  const bySub = END_SUBCODES[subCode];
  if (bySub) return { code: bySub, platformCode };
  if (code === 0 || code === 200) {
    if (context.local) return { code: context.direction === 'incoming' && !context.connected ? 'declined' : 'hung-up', platformCode };
    // A ringing incoming call that ends without us answering: the caller gave up (or it was taken elsewhere).
    if (!context.connected && context.direction === 'incoming') return { code: 'cancelled', platformCode };
    return { code: 'remote-hung-up', platformCode };
  }
  if (code === 487 && context.local) return { code: context.direction === 'incoming' ? 'declined' : 'cancelled', platformCode };
  const byCode = END_CODES[code] ?? (code >= 500 && code < 600 ? 'failed' : code >= 600 ? 'declined' : 'failed');
  return { code: byCode, platformCode };
}

/** Subcodes of errors thrown by the SDK's calls that say more than the code. */
const ERROR_SUBCODES: Readonly<Record<number, { code: CallErrorCode; message: string }>> = {
  44110: { code: 'auth-failed', message: 'Could not get an Azure Communication Services token from the token function' },
  44111: { code: 'auth-failed', message: 'The Azure Communication Services token is not valid' },
  4507: { code: 'token-expired', message: 'The Azure Communication Services token has expired' },
};

/**
 * The SDK's error codes are SIP-style (PROVIDERS.md §1, the ACS troubleshooting codes): 480 is "temporarily
 * unavailable", the callee is not reachable; 486 busy; 603 decline; 49x are the SDK's own network and
 * token conditions. The rest mean what they mean in HTTP.
 */
const ACS_STATUS_OVERRIDES: StatusOverrides = {
  410: 'network',
  480: 'user-offline',
  486: 'busy',
  490: 'network',
  491: 'network',
  495: 'token-expired',
  496: 'network',
  497: 'network',
  498: 'network',
  603: 'rejected',
};

interface SdkErrorShape {
  readonly code?: unknown;
  readonly subCode?: unknown;
  readonly message?: unknown;
}

/** Any error the SDK throws (a `CallingCommunicationError {code, subCode}`, a DOMException, …) → CallError. */
export function toCallError(error: unknown, fallback: CallErrorCode = 'provider-error', action?: string): CallError {
  if (error instanceof CallError) return error;
  const shape = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const code = typeof shape.code === 'number' ? shape.code : undefined;
  const subCode = typeof shape.subCode === 'number' ? shape.subCode : undefined;
  const raw = typeof shape.message === 'string' && shape.message ? shape.message : error instanceof Error ? error.message : '';
  const options = { cause: error, ...(action ? { action } : {}) };
  const known = subCode !== undefined ? ERROR_SUBCODES[subCode] : undefined;
  if (known) return new CallError(known.code, `${known.message} (${code ?? 0}/${subCode})`, options);
  const mapped = code !== undefined && code > 0 ? knownErrorCode(code, ACS_STATUS_OVERRIDES) : undefined;
  if (mapped) {
    const suffix = subCode !== undefined ? ` (${code}/${subCode})` : ` (${code})`;
    return new CallError(mapped, `${raw || 'Azure Communication Services error'}${suffix}`, options);
  }
  return CallError.from(error, fallback, options);
}

/** The id a participant gets in the snapshot: the identifier's raw id, stable across events. */
export function identifierId(identifier: CommunicationIdentifierKind): string {
  switch (identifier.kind) {
    case 'communicationUser':
      return identifier.communicationUserId;
    case 'phoneNumber':
      return identifier.rawId ?? `4:${identifier.phoneNumber}`;
    case 'microsoftTeamsUser':
      return identifier.rawId ?? `8:orgid:${identifier.microsoftTeamsUserId}`;
    case 'microsoftTeamsApp':
      return identifier.rawId ?? `28:orgid:${identifier.teamsAppId}`;
    case 'teamsExtensionUser':
      return identifier.rawId ?? `8:${identifier.userId}`;
    default:
      return (identifier as { id?: string }).id ?? 'unknown';
  }
}

/** What to show as a participant's address: a phone number, or the raw id. */
export function identifierAddress(identifier: CommunicationIdentifierKind): string {
  return identifier.kind === 'phoneNumber' ? identifier.phoneNumber : identifierId(identifier);
}

const PHONE = /^\+[1-9]\d{6,14}$/;
const ACS_PREFIXES = ['8:acs:', '8:spool:', '8:dod-acs:', '8:gcch-acs:'];
const TEAMS_PREFIXES = ['8:orgid:', '8:dod:', '8:gcch:', '8:teamsvisitor:'];

function phoneIdentifier(text: string): CommunicationIdentifier {
  const digits = text.replace(/^4:/, '').replace(/[\s().-]/g, '');
  const e164 = digits.startsWith('00') ? `+${digits.slice(2)}` : digits;
  if (!PHONE.test(e164)) {
    throw new CallError('invalid-argument', `"${text}" is not a phone number in international format (+ and country code)`);
  }
  return { phoneNumber: e164 };
}

/**
 * A dialled string → an ACS identifier. `kind` comes from the dialer; without it the raw-id prefix
 * decides (`8:acs:` user, `8:orgid:` Teams user, `4:` or `+` phone number).
 */
export function parseTarget(target: string, kind?: DestinationKind): CommunicationIdentifier {
  const text = target.trim();
  if (kind === 'phone') return phoneIdentifier(text);
  if (kind === 'teams' || TEAMS_PREFIXES.some((p) => text.startsWith(p))) {
    const id = text.replace(/^8:(orgid|dod|gcch|teamsvisitor):/, '');
    if (!id) throw new CallError('invalid-argument', 'A Teams user needs an id');
    return text.startsWith('8:') ? { microsoftTeamsUserId: id, rawId: text } : { microsoftTeamsUserId: id };
  }
  if (kind === 'acs' || ACS_PREFIXES.some((p) => text.startsWith(p))) {
    if (!ACS_PREFIXES.some((p) => text.startsWith(p))) {
      throw new CallError('invalid-argument', `"${text}" is not an Azure Communication Services user id (8:acs:…)`);
    }
    return { communicationUserId: text };
  }
  if (text.startsWith('4:') || text.startsWith('+') || /^[\d\s().-]+$/.test(text)) return phoneIdentifier(text);
  if (kind) throw new CallError('unsupported', `Azure Communication Services cannot call a ${kind} destination`);
  throw new CallError('invalid-argument', `"${text}" is not an ACS user id (8:acs:…), a Teams user id (8:orgid:…) or a phone number (+…)`);
}

export const isPhoneIdentifier = (id: CommunicationIdentifier): id is { phoneNumber: string } => 'phoneNumber' in id;

const TONES: Readonly<Record<string, DtmfTone>> = {
  '0': 'Num0',
  '1': 'Num1',
  '2': 'Num2',
  '3': 'Num3',
  '4': 'Num4',
  '5': 'Num5',
  '6': 'Num6',
  '7': 'Num7',
  '8': 'Num8',
  '9': 'Num9',
  '*': 'Star',
  '#': 'Pound',
  A: 'A',
  B: 'B',
  C: 'C',
  D: 'D',
};

/** Digits as the dialer sends them → `DtmfTone` names, with `null` for a pause (`,`). */
export function toDtmfTones(digits: string): (DtmfTone | null)[] {
  return [...digits.toUpperCase()].map((ch) => {
    if (ch === ',') return null;
    const tone = TONES[ch];
    if (!tone) throw new CallError('invalid-argument', `"${ch}" is not a DTMF tone`);
    return tone;
  });
}

interface TokenClaims {
  readonly exp?: number;
  readonly skypeid?: string;
}

/** The claims of a JWT, or null when the token is opaque (the SDK then decides whether it is valid). */
export function tokenClaims(token: string): TokenClaims | null {
  const claims = jwtClaims(token);
  if (!claims) return null;
  const exp = jwtExpiry(claims);
  const skypeid = stringClaim(claims, 'skypeid');
  return { ...(exp !== null ? { exp: exp / 1000 } : {}), ...(skypeid ? { skypeid } : {}) };
}

/**
 * Checks a token before the SDK sees it: SDK 2.0.0 answers an expired JWT with an agent of `undefined`
 * rather than an error, so the expiry is checked here to give a clear `token-expired`.
 */
export function checkToken(token: string, now = Date.now()): TokenClaims | null {
  if (!token.trim()) throw new CallError('auth-failed', 'The Azure Communication Services token is empty');
  const claims = tokenClaims(token);
  if (claims && typeof claims.exp === 'number' && claims.exp * 1000 <= now) {
    throw new CallError('token-expired', 'The Azure Communication Services token has expired; get a new one from your server');
  }
  return claims;
}

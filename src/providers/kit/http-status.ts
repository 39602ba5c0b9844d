/**
 * One table from HTTP (and SIP-style) status codes to CallErrorCode. Platforms differ on a few codes; each
 * passes its documented differences as overrides instead of keeping its own table.
 */
import type { CallErrorCode } from '../../core/errors.js';

/** What the codes mean in plain HTTP (RFC 9110), which every platform here follows unless it says otherwise. */
export const HTTP_STATUS_CODES: Readonly<Record<number, CallErrorCode>> = {
  400: 'invalid-argument',
  401: 'auth-failed',
  403: 'forbidden',
  404: 'not-found',
  408: 'timeout',
  409: 'invalid-state',
  412: 'invalid-state',
  415: 'invalid-argument',
  // Unprocessable content: the request is well formed but its values are not acceptable.
  422: 'invalid-argument',
  429: 'rate-limited',
  500: 'server-error',
  503: 'server-error',
  504: 'timeout',
};

export type StatusOverrides = Readonly<Record<number, CallErrorCode>>;

/**
 * The code for a status: the platform's override, else the shared table, else `server-error` from 500 up
 * and `fallback` for the rest. Status 0 (no answer at all) is a network failure.
 */
export function errorCodeForStatus(status: number, overrides: StatusOverrides = {}, fallback: CallErrorCode = 'provider-error'): CallErrorCode {
  return knownErrorCode(status, overrides) ?? fallback;
}

/** The code a status is known to mean, or undefined (callers with other clues then use those). */
export function knownErrorCode(status: number, overrides: StatusOverrides = {}): CallErrorCode | undefined {
  if (status === 0) return 'network';
  return overrides[status] ?? HTTP_STATUS_CODES[status] ?? (status >= 500 ? 'server-error' : undefined);
}

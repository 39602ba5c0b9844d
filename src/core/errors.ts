/**
 * Stable error codes. They are public API: pages switch on them, so a code is never renamed.
 */
export type CallErrorCode =
  | 'invalid-argument'
  | 'unsupported'
  | 'invalid-state'
  | 'not-found'
  | 'not-connected'
  | 'permission-denied'
  | 'device-not-found'
  | 'device-in-use'
  | 'auth-failed'
  | 'token-expired'
  | 'forbidden'
  | 'network'
  | 'timeout'
  | 'rate-limited'
  | 'busy'
  | 'no-answer'
  | 'rejected'
  | 'user-offline'
  | 'user-taken'
  | 'room-full'
  | 'server-error'
  | 'provider-error'
  | 'disposed'
  | 'internal';

export interface CallErrorOptions {
  cause?: unknown;
  /** The controller action that failed, e.g. `setMuted`. */
  action?: string;
  callId?: string;
}

/** The one error type every action rejects with and every `call-error` event carries. */
export class CallError extends Error {
  override readonly name = 'CallError';
  readonly code: CallErrorCode;
  readonly action: string | undefined;
  readonly callId: string | undefined;

  constructor(code: CallErrorCode, message: string, options: CallErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.action = options.action;
    this.callId = options.callId;
  }

  /** Wraps anything thrown into a CallError, keeping an existing CallError's code. */
  static from(error: unknown, fallback: CallErrorCode = 'provider-error', options: CallErrorOptions = {}): CallError {
    if (error instanceof CallError) {
      if ((options.action && !error.action) || (options.callId && !error.callId)) {
        return new CallError(error.code, error.message, {
          cause: error.cause,
          action: error.action ?? options.action,
          callId: error.callId ?? options.callId,
        });
      }
      return error;
    }
    const rawName = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
    const name = typeof rawName === 'string' ? rawName : '';
    const message =
      error instanceof Error ? error.message : typeof error === 'string' ? error : 'Unexpected error';
    // DOMException names from getUserMedia and friends have standard meanings.
    const byName: Record<string, CallErrorCode> = {
      NotAllowedError: 'permission-denied',
      SecurityError: 'permission-denied',
      NotFoundError: 'device-not-found',
      OverconstrainedError: 'device-not-found',
      NotReadableError: 'device-in-use',
      AbortError: 'device-in-use',
      TimeoutError: 'timeout',
    };
    return new CallError(byName[name] ?? fallback, message, { ...options, cause: error });
  }
}

export const isCallError = (value: unknown): value is CallError => value instanceof CallError;

/**
 * Loads the Genesys Cloud Platform API client (`purecloud-platform-client-v2`) on demand and turns its
 * rejections into CallErrors. One ApiClient per provider, so two sessions on a page stay independent.
 */
import { errorCodeForStatus, type StatusOverrides } from '../kit/http-status.js';
import type { ApiClientClass, ConversationsApi, NotificationsApi, UsersApi } from 'purecloud-platform-client-v2';
import { CallError, type CallErrorCode } from '../../core/errors.js';

export interface GenesysGateway {
  readonly host: string;
  readonly protocol?: string;
  readonly port?: number;
  readonly path_params_api?: string;
  readonly path_params_login?: string;
}

export interface PlatformClient {
  readonly client: ApiClientClass;
  readonly conversations: ConversationsApi;
  readonly notifications: NotificationsApi;
  readonly users: UsersApi;
}

/** Dynamic imports only: pages that never choose `genesys` never download the client. */
export async function loadPlatformClient(environment: string | undefined, gateway: GenesysGateway | undefined): Promise<PlatformClient> {
  const [{ default: ApiClient }, { default: Conversations }, { default: Notifications }, { default: Users }] = await Promise.all([
    import('purecloud-platform-client-v2/src/purecloud-platform-client-v2/ApiClient.js'),
    import('purecloud-platform-client-v2/src/purecloud-platform-client-v2/api/ConversationsApi.js'),
    import('purecloud-platform-client-v2/src/purecloud-platform-client-v2/api/NotificationsApi.js'),
    import('purecloud-platform-client-v2/src/purecloud-platform-client-v2/api/UsersApi.js'),
  ]);
  const client = new ApiClient();
  // Its logger would print request headers (the bearer token) at debug level: keep it silent.
  client.config.logger.log_level = 'none';
  client.config.logger.log_to_console = false;
  client.setPersistSettings(false);
  // Status and headers (Retry-After) on failures, not only the body.
  client.setReturnExtendedResponses(true);
  if (environment) client.setEnvironment(environment);
  if (gateway) client.setGateway({ ...gateway });
  return {
    client,
    conversations: new Conversations(client),
    notifications: new Notifications(client),
    users: new Users(client),
  };
}

interface ExtendedFailure {
  status?: unknown;
  headers?: unknown;
  body?: unknown;
  message?: unknown;
  code?: unknown;
}

/** Genesys Cloud follows plain HTTP: 422 is a request with values it will not take (bad attributes). */
const GENESYS_STATUS_OVERRIDES: StatusOverrides = {};

const MESSAGES: Partial<Record<CallErrorCode, string>> = {
  'auth-failed': 'Genesys Cloud did not accept the sign-in (401). Sign in again.',
  'token-expired': 'The Genesys Cloud session expired (401). Sign in again.',
  'rate-limited': 'Genesys Cloud is rate limiting requests (429); retrying after the requested pause.',
  network: 'Genesys Cloud cannot be reached. Check the network; retrying.',
  'server-error': 'Genesys Cloud had a problem answering. Retrying.',
};

/** The HTTP status of a client rejection, or 0 when no response arrived (network loss, CORS, timeout). */
export function statusOf(error: unknown): number {
  const status = (error as ExtendedFailure | null)?.status;
  return typeof status === 'number' ? status : 0;
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date), or null. */
export function retryAfterMs(error: unknown, now = Date.now()): number | null {
  const headers = (error as ExtendedFailure | null)?.headers;
  if (!headers || typeof headers !== 'object') return null;
  const raw = (headers as Record<string, unknown>)['retry-after'] ?? (headers as Record<string, unknown>)['Retry-After'];
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(String(raw));
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** What a Genesys CallError keeps as its cause: never the raw client error (see toCallError). */
export interface GenesysFailure {
  readonly status: number;
  readonly body: unknown;
  readonly retryAfterMs: number | null;
}

/**
 * A client rejection as a CallError. The cause keeps status, body and Retry-After only: the raw axios error
 * carries the request config, and with it the Authorization header, which must never reach a page's logs.
 * `signedIn`: a 401 after the session worked means the token expired, not that sign-in failed.
 */
export function toCallError(error: unknown, options: { action?: string; callId?: string; signedIn?: boolean } = {}): CallError {
  if (error instanceof CallError) return error;
  const failure = (error && typeof error === 'object' ? error : {}) as ExtendedFailure;
  const status = statusOf(error);
  let code: CallErrorCode = errorCodeForStatus(status, GENESYS_STATUS_OVERRIDES);
  if (code === 'auth-failed' && options.signedIn) code = 'token-expired';
  const body = failure.body && typeof failure.body === 'object' ? (failure.body as Record<string, unknown>) : {};
  const platformMessage = typeof body.message === 'string' ? body.message : '';
  const message =
    MESSAGES[code] ??
    (platformMessage ? `Genesys Cloud: ${platformMessage}${status ? ` (${status})` : ''}` : `Genesys Cloud request failed${status ? ` (${status})` : ''}`);
  const cause: GenesysFailure = { status, body: failure.body ?? (typeof error === 'string' ? error : undefined), retryAfterMs: retryAfterMs(error) };
  return new CallError(code, message, {
    cause,
    ...(options.action ? { action: options.action } : {}),
    ...(options.callId ? { callId: options.callId } : {}),
  });
}

/** The body of a successful call: the client is set to return `{ status, headers, body }` envelopes. */
export function unwrap<T>(value: T): T {
  if (value && typeof value === 'object' && 'body' in value && 'status' in value) return (value as { body: T }).body;
  return value;
}

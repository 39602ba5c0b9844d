/**
 * The slice of the jambonz REST API (OpenAPI spec `lib/swagger/swagger.yaml`, served under `/v1`) that live
 * call control uses, and a small fetch client for it. Types follow the spec; fields the server accepts
 * beyond it (`dtmf`, `tag`, whisper verbs) follow the server's `validateUpdateCall` (see PROVIDERS.md §4).
 */
import { errorCodeForStatus, type StatusOverrides } from '../kit/http-status.js';
import { CallError, type CallErrorCode } from '../../core/errors.js';

/** `Call.call_status` in the spec, plus `early-media`, which the list filter and the server use. */
export type JambonzCallStatus =
  | 'trying'
  | 'ringing'
  | 'alerting'
  | 'early-media'
  | 'in-progress'
  | 'completed'
  | 'busy'
  | 'no-answer'
  | 'failed'
  | 'queued';

export const JAMBONZ_CALL_STATUSES: readonly JambonzCallStatus[] = [
  'trying', 'ringing', 'alerting', 'early-media', 'in-progress', 'completed', 'busy', 'no-answer', 'failed', 'queued',
];

/** The `callStatus` query filter of `listCalls` (the spec's enum: no `alerting`). */
export type JambonzStatusFilter = Exclude<JambonzCallStatus, 'alerting'>;
export const JAMBONZ_STATUS_FILTERS: readonly JambonzStatusFilter[] = JAMBONZ_CALL_STATUSES.filter(
  (s): s is JambonzStatusFilter => s !== 'alerting',
);

export type JambonzDirection = 'inbound' | 'outbound';

/** `components.schemas.Call`. */
export interface JambonzCall {
  readonly account_sid: string;
  readonly application_sid?: string;
  readonly call_id: string;
  readonly call_sid: string;
  readonly call_status: JambonzCallStatus | (string & {});
  readonly caller_name?: string;
  readonly direction: JambonzDirection | (string & {});
  readonly duration?: number;
  readonly from: string;
  readonly originating_sip_trunk_name?: string;
  readonly parent_call_sid?: string;
  readonly service_url: string;
  readonly sip_status: number;
  readonly to: string;
}

/** `components.schemas.Webhook` (the spec's method enum is lower case). */
export interface JambonzWebhook {
  readonly url: string;
  readonly method?: 'get' | 'post';
  readonly username?: string;
  readonly password?: string;
}

export type JambonzTargetType = 'phone' | 'sip' | 'user' | 'teams';

/** `components.schemas.Target`. */
export interface JambonzTarget {
  readonly type: JambonzTargetType;
  readonly number?: string;
  readonly sipUri?: string;
  readonly name?: string;
  readonly tenant?: string;
  readonly trunk?: string;
}

/** The `createCall` request body. */
export interface JambonzCreateCall {
  readonly from: string;
  readonly to: JambonzTarget;
  readonly application_sid?: string;
  readonly call_hook?: JambonzWebhook;
  readonly call_status_hook?: JambonzWebhook;
  readonly timeout?: number;
  readonly tag?: Readonly<Record<string, unknown>>;
}

/** A whisper is a `say` or `play` verb played to this leg only. */
export type JambonzWhisper = { readonly verb: 'say'; readonly text: string } | { readonly verb: 'play'; readonly url: string };

export type JambonzRecordAction = 'startCallRecording' | 'stopCallRecording' | 'pauseCallRecording' | 'resumeCallRecording';

/**
 * A `record` change. The API server refuses any action without `siprecServerURL` unless `type` is `cloud`
 * (`validateUpdateCall`, lib/routes/api/accounts.js l.357), stop, pause and resume included.
 */
export type JambonzRecord =
  | { readonly action: JambonzRecordAction; readonly siprecServerURL: string; readonly recordingID?: string }
  | { readonly action: JambonzRecordAction; readonly type: 'cloud' };

/**
 * The `updateCall` body. The server takes exactly one change per request (`validateUpdateCall`), so the
 * type is a union of one-key objects.
 */
export type JambonzUpdate =
  | { readonly call_hook: JambonzWebhook }
  | { readonly call_status: 'completed' | 'no-answer' }
  | { readonly mute_status: 'mute' | 'unmute' }
  | { readonly conf_mute_status: 'mute' | 'unmute' }
  | { readonly conf_hold_status: 'hold' | 'unhold' }
  | { readonly listen_status: 'pause' | 'silence' | 'resume' }
  | { readonly whisper: JambonzWhisper }
  | { readonly record: JambonzRecord }
  | { readonly dtmf: { readonly digit: string; readonly duration?: number } }
  | { readonly tag: Readonly<Record<string, unknown>> };

export interface JambonzListFilter {
  readonly direction?: JambonzDirection;
  readonly callStatus?: JambonzStatusFilter;
  readonly from?: string;
  readonly to?: string;
}

export type TokenSource = string | (() => string | Promise<string>);

export interface JambonzApiOptions {
  /** The API server root (`https://api.example.com`) or a same-origin proxy path; `/v1` is appended once. */
  readonly baseUrl: string;
  readonly accountSid: string;
  readonly token?: TokenSource | undefined;
  /** Per request, ms. */
  readonly requestTimeout: number;
  readonly fetch?: typeof fetch | undefined;
}

/**
 * Where jambonz differs from plain HTTP (test/fixtures/specs/jambonz-swagger.yaml): the live-call routes
 * answer 422 for a call that cannot take the change in its current state ("call is not in progress"),
 * and createCall answers 480 "temporary failure" when no feature server is free, a server-side condition.
 */
export const JAMBONZ_STATUS_OVERRIDES: StatusOverrides = {
  422: 'invalid-state',
  480: 'server-error',
};

const STATUS_TEXT: Record<number, string> = {
  400: 'jambonz rejected the request as invalid',
  401: 'jambonz did not accept the API key or token',
  403: 'This API key or token may not do that',
  404: 'jambonz does not know this call (it may have ended)',
  422: 'jambonz cannot do that to the call in its current state',
  429: 'Too many requests to jambonz',
  480: 'No jambonz feature server is available right now',
};

/** Turns an HTTP answer into a CallError with a stable code and a message a person can act on. */
export function errorForStatus(status: number, serverMessage: string | undefined, action: string): CallError {
  const code: CallErrorCode = errorCodeForStatus(status, JAMBONZ_STATUS_OVERRIDES);
  const base = STATUS_TEXT[status] ?? (status >= 500 ? 'The jambonz server had a problem' : 'jambonz refused the request');
  const detail = serverMessage ? `: ${serverMessage}` : '';
  return new CallError(code, `${base} (${status}${detail})`, { action, cause: { status, message: serverMessage } });
}

/** Resolves `baseUrl` against the page and appends `/v1` unless it is already there. */
export function apiRoot(baseUrl: string): string {
  const url = new URL(baseUrl, document.baseURI);
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith('/v1') ? path : `${path}/v1`;
  url.search = '';
  url.hash = '';
  return url.href;
}

export class JambonzApi {
  readonly #root: string;
  readonly #options: JambonzApiOptions;
  #disposed = new AbortController();

  constructor(options: JambonzApiOptions) {
    this.#options = options;
    this.#root = `${apiRoot(options.baseUrl)}/Accounts/${encodeURIComponent(options.accountSid)}/Calls`;
  }

  /** Accepts requests again after `dispose` (the session connects again). */
  open(): void {
    if (this.#disposed.signal.aborted) this.#disposed = new AbortController();
  }

  /** Cancels every request in flight; later requests fail with `disposed` until `open`. */
  dispose(): void {
    this.#disposed.abort();
  }

  async listCalls(filter: JambonzListFilter = {}): Promise<JambonzCall[]> {
    const query = new URLSearchParams();
    for (const key of ['direction', 'from', 'to', 'callStatus'] as const) {
      const value = filter[key];
      if (value) query.set(key, value);
    }
    const qs = query.toString();
    const body = await this.#request('listCalls', 'GET', qs ? `?${qs}` : '');
    if (!Array.isArray(body)) throw new CallError('provider-error', 'jambonz answered the call list with something that is not a list', { action: 'listCalls' });
    return body.filter(isCall);
  }

  async getCall(callSid: string): Promise<JambonzCall> {
    const body = await this.#request('getCall', 'GET', `/${encodeURIComponent(callSid)}`);
    if (!isCall(body)) throw new CallError('provider-error', 'jambonz answered with a call record that is not valid', { action: 'getCall' });
    return body;
  }

  async createCall(request: JambonzCreateCall): Promise<string> {
    const body = await this.#request('createCall', 'POST', '', request);
    const sid = typeof body === 'object' && body !== null ? (body as { sid?: unknown }).sid : undefined;
    if (typeof sid !== 'string' || !sid) throw new CallError('provider-error', 'jambonz created the call but returned no call sid', { action: 'createCall' });
    return sid;
  }

  /** The spec declares update as POST (the server also routes PUT, which the spec and Prism reject). */
  async updateCall(callSid: string, change: JambonzUpdate): Promise<void> {
    if (Object.keys(change).length !== 1) throw new CallError('internal', 'jambonz takes exactly one change per update request');
    await this.#request('updateCall', 'POST', `/${encodeURIComponent(callSid)}`, change);
  }

  async #token(action: string): Promise<string | undefined> {
    const source = this.#options.token;
    if (source === undefined) return undefined;
    try {
      const token = typeof source === 'function' ? await source() : source;
      if (typeof token !== 'string' || !token) throw new Error('the token function returned no token');
      return token;
    } catch (error) {
      // The message never includes the token itself.
      throw new CallError('auth-failed', `Could not get a jambonz token: ${error instanceof Error ? error.message : 'unknown error'}`, { action });
    }
  }

  async #request(action: string, method: 'GET' | 'POST', suffix: string, body?: unknown): Promise<unknown> {
    if (this.#disposed.signal.aborted) throw new CallError('disposed', 'The jambonz session was closed', { action });
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const token = await this.#token(action);
    if (token) headers.Authorization = `Bearer ${token}`;
    const signal = AbortSignal.any([this.#disposed.signal, AbortSignal.timeout(this.#options.requestTimeout)]);
    const doFetch = this.#options.fetch ?? globalThis.fetch.bind(globalThis);
    let response: Response;
    try {
      response = await doFetch(this.#root + suffix, {
        method,
        headers,
        signal,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (error) {
      if (this.#disposed.signal.aborted) throw new CallError('disposed', 'The jambonz session was closed', { action, cause: error });
      if (error instanceof DOMException && error.name === 'TimeoutError') {
        throw new CallError('timeout', 'jambonz did not answer in time', { action, cause: error });
      }
      throw new CallError('network', 'Could not reach the jambonz API', { action, cause: error });
    }
    const text = await response.text().catch(() => '');
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const msg = typeof parsed === 'object' && parsed !== null ? (parsed as { msg?: unknown }).msg : undefined;
      throw errorForStatus(response.status, typeof msg === 'string' ? msg.slice(0, 300) : undefined, action);
    }
    return parsed;
  }
}

function isCall(value: unknown): value is JambonzCall {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.call_sid === 'string' && !!v.call_sid && typeof v.call_status === 'string' && typeof v.direction === 'string'
    && typeof v.from === 'string' && typeof v.to === 'string';
}

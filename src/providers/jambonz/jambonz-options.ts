/**
 * `providerOptions` of `<call-session provider="jambonz">`, read and checked once when the provider is made,
 * so a typo shows as an `invalid-argument` CallError instead of a failed request later.
 */
import type { ProviderConfig } from '../../core/provider.js';
import type { DestinationKind } from '../../core/state.js';
import { realClock, type Clock } from '../kit/clock.js';
import { OptionReader } from '../kit/options.js';
import {
  JAMBONZ_STATUS_FILTERS,
  type JambonzCall,
  type JambonzCreateCall,
  type JambonzListFilter,
  type JambonzWebhook,
  type TokenSource,
} from './jambonz-api.js';

/** Timers, injectable so tests drive polling, back-off and DTMF pauses without waiting. */
export type PollClock = Clock;

export interface JambonzOptions {
  /** The API server, or (recommended) the site's own backend proxy that adds the credentials. */
  baseUrl: string;
  accountSid: string;
  /** An API key or a user JWT, or a function returning one (called before each request). Omit behind a proxy. */
  token?: TokenSource;
  /** How often to re-read the call list, ms (default 2000, at least 250). */
  pollInterval?: number;
  /** List filters, as the API's `listCalls` query. */
  filter?: JambonzListFilter;
  /** Outgoing calls: the calling number, and an application or a call hook to run when answered. */
  from?: string;
  applicationSid?: string;
  callHook?: string | JambonzWebhook;
  callStatusHook?: string | JambonzWebhook;
  /** Seconds an outgoing call rings before jambonz gives up. */
  timeout?: number;
  /** Customer metadata attached to calls this page places. */
  tag?: Record<string, unknown>;
  /** Microsoft Teams tenant for `teams` destinations. */
  teamsTenant?: string;
  /** SIPREC server for recording: every `record` update names it (the API server requires it). */
  siprecServerURL?: string;
  /** Record to the account's own storage (jambonz `type: 'cloud'`) instead of SIPREC. */
  cloudRecording?: boolean;
  /**
   * The site's jambonz application that transfers a call: `transfer({to})` redirects the call there
   * (`call_hook`) with `?to=<destination>&kind=<kind>`, and the application answers with a `sip:refer` verb.
   */
  transferHook?: string | JambonzWebhook;
  /** Which calls sit in a jambonz conference (the call resource does not say): enables hold and conference mute. */
  inConference?: (call: JambonzCall) => boolean;
  /** Per request, ms (default 10000). */
  requestTimeout?: number;
  fetch?: typeof fetch;
  clock?: PollClock;
}

/** How this account records: SIPREC to a server, or jambonz cloud recording. */
export type JambonzRecording = { readonly siprecServerURL: string } | { readonly type: 'cloud' };

export interface JambonzSettings {
  readonly baseUrl: string;
  readonly accountSid: string;
  readonly token: TokenSource | undefined;
  readonly pollInterval: number;
  readonly requestTimeout: number;
  readonly filter: JambonzListFilter;
  /** What every createCall carries, or null when this page cannot place calls. */
  readonly create: Omit<JambonzCreateCall, 'to'> | null;
  readonly teamsTenant: string | undefined;
  readonly recording: JambonzRecording | null;
  readonly transferHook: JambonzWebhook | undefined;
  readonly inConference: ((call: JambonzCall) => boolean) | undefined;
  readonly fetch: typeof fetch | undefined;
  readonly clock: Clock;
}

export const DESTINATIONS: readonly DestinationKind[] = ['phone', 'sip', 'user', 'teams'];

function webhook(reader: OptionReader, value: unknown, key: string): JambonzWebhook | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const hook = typeof value === 'string' ? { url: value } : (value as Partial<JambonzWebhook>);
  if (typeof hook !== 'object' || typeof hook.url !== 'string') throw reader.invalid(`${key} must be a URL or { url, method }`);
  try {
    const url = new URL(hook.url);
    if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) throw new Error();
  } catch {
    throw reader.invalid(`${key} must be an absolute http(s) or ws(s) URL`);
  }
  const method = hook.method === undefined ? undefined : String(hook.method).toLowerCase();
  if (method !== undefined && method !== 'get' && method !== 'post') throw reader.invalid(`${key}.method must be GET or POST`);
  return { url: hook.url, ...(method ? { method } : {}), ...(hook.username ? { username: hook.username, password: hook.password ?? '' } : {}) };
}

function readFilter(reader: OptionReader): JambonzListFilter {
  const f = reader.object<Record<string, unknown>>('filter');
  if (!f) return {};
  if (f.direction !== undefined && f.direction !== 'inbound' && f.direction !== 'outbound') {
    throw reader.invalid('filter.direction must be inbound or outbound');
  }
  if (f.callStatus !== undefined && !JAMBONZ_STATUS_FILTERS.includes(f.callStatus as never)) {
    throw reader.invalid(`filter.callStatus must be one of ${JAMBONZ_STATUS_FILTERS.join(', ')}`);
  }
  for (const key of ['from', 'to']) if (f[key] !== undefined && typeof f[key] !== 'string') throw reader.invalid(`filter.${key} must be a string`);
  return {
    ...(f.direction ? { direction: f.direction } : {}),
    ...(f.callStatus ? { callStatus: f.callStatus as JambonzListFilter['callStatus'] } : {}),
    ...(f.from ? { from: f.from as string } : {}),
    ...(f.to ? { to: f.to as string } : {}),
  };
}

function readRecording(reader: OptionReader, raw: Readonly<Record<string, unknown>>): JambonzRecording | null {
  const siprecServerURL = reader.text('siprecServerURL');
  const cloud = raw.cloudRecording;
  if (cloud !== undefined && typeof cloud !== 'boolean') throw reader.invalid('cloudRecording must be true or false');
  if (siprecServerURL && cloud) throw reader.invalid('set siprecServerURL or cloudRecording, not both');
  if (siprecServerURL) return { siprecServerURL };
  return cloud ? { type: 'cloud' } : null;
}

function readCreate(reader: OptionReader, raw: Readonly<Record<string, unknown>>): Omit<JambonzCreateCall, 'to'> | null {
  const timeout = reader.number('timeout', undefined, { min: 1, integer: true, unit: 'seconds' });
  const tag = reader.object<Record<string, unknown>>('tag');
  const from = reader.text('from');
  const applicationSid = reader.text('applicationSid');
  const callHook = webhook(reader, raw.callHook, 'callHook');
  const callStatusHook = webhook(reader, raw.callStatusHook, 'callStatusHook');
  if (!from || !(applicationSid || callHook)) return null;
  return {
    from,
    ...(applicationSid ? { application_sid: applicationSid } : { call_hook: callHook }),
    ...(callStatusHook ? { call_status_hook: callStatusHook } : {}),
    ...(timeout !== undefined ? { timeout } : {}),
    ...(tag ? { tag } : {}),
  };
}

export function readJambonzOptions(config: ProviderConfig): JambonzSettings {
  const raw = config.options;
  const reader = new OptionReader(raw, 'jambonz');
  return {
    baseUrl: reader.requiredText('baseUrl', 'needs providerOptions.baseUrl (the API server or your backend proxy)'),
    accountSid: reader.requiredText('accountSid', 'needs providerOptions.accountSid'),
    token: reader.token<TokenSource>('token'),
    pollInterval: reader.number('pollInterval', 2000, { min: 250, unit: 'ms' }),
    requestTimeout: reader.number('requestTimeout', 10_000, { min: 1, unit: 'ms' }),
    filter: readFilter(reader),
    create: readCreate(reader, raw),
    teamsTenant: reader.text('teamsTenant'),
    recording: readRecording(reader, raw),
    transferHook: webhook(reader, raw.transferHook, 'transferHook'),
    inConference: reader.fn<(call: JambonzCall) => boolean>('inConference'),
    fetch: reader.fn<typeof fetch>('fetch'),
    clock: (raw.clock as Clock | undefined) ?? realClock,
  };
}

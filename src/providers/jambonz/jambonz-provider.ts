/**
 * jambonz REST live call control. The browser steers calls whose media stays on jambonz: it keeps the
 * account's call list current by polling, places calls, and changes running calls one update at a time.
 */
import { CallError } from '../../core/errors.js';
import type { MediaView } from '../../core/media.js';
import { endCall, updateCall, upsertCall } from '../../core/patch.js';
import type { CallProvider, ParticipantAction, ProviderConfig, ProviderSink, StartCallOptions } from '../../core/provider.js';
import type { Call, CallSnapshot, Capability, DestinationKind } from '../../core/state.js';
import {
  JAMBONZ_STATUS_FILTERS,
  JambonzApi,
  type JambonzCall,
  type JambonzCreateCall,
  type JambonzListFilter,
  type JambonzTargetType,
  type JambonzUpdate,
  type JambonzWebhook,
  type TokenSource,
} from './jambonz-api.js';
import { guessKind, initialLeg, isTerminal, toCall, toEndReason, toTarget, type LegState } from './jambonz-mapping.js';
import { realClock, type Clock } from '../kit/clock.js';
import { OptionReader } from '../kit/options.js';
import { PollLoop } from '../kit/poll-loop.js';

/** Timers, injectable so tests drive polling and back-off without waiting. */
export type PollClock = Clock;

/** `providerOptions` of `<call-session provider="jambonz">`. */
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
  /** SIPREC server for recording (jambonz records through SIPREC). */
  siprecServerURL?: string;
  /** Which calls sit in a jambonz conference (the call resource does not say): enables hold and conference mute. */
  inConference?: (call: JambonzCall) => boolean;
  /** Per request, ms (default 10000). */
  requestTimeout?: number;
  fetch?: typeof fetch;
  clock?: PollClock;
}

interface Settings {
  readonly pollInterval: number;
  readonly filter: JambonzListFilter;
  readonly create: Omit<JambonzCreateCall, 'to'> | null;
  readonly teamsTenant: string | undefined;
  readonly siprecServerURL: string | undefined;
  readonly inConference: ((call: JambonzCall) => boolean) | undefined;
}

const MAX_BACKOFF = 30_000;
/** A call we placed may take a moment to show in the list; until then it is not taken for gone. */
const CREATE_GRACE = 10_000;
const DESTINATIONS: readonly DestinationKind[] = ['phone', 'sip', 'user', 'teams'];

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

/** While the list cannot be read the platform is not really connected, even during the first read. */
const degraded = (s: CallSnapshot): CallSnapshot =>
  s.connection === 'connected' || s.connection === 'connecting' ? { ...s, connection: 'reconnecting' } : s;

export class JambonzProvider implements CallProvider {
  readonly kind = 'jambonz';
  readonly api: JambonzApi;
  readonly #config: ProviderConfig;
  readonly #settings: Settings;
  readonly #clock: Clock;
  readonly #accountSid: string;
  readonly #poll: PollLoop;
  #sink: ProviderSink | undefined;
  #pollError: CallError | null = null;
  #records = new Map<string, JambonzCall>();
  #legs = new Map<string, LegState>();
  /** Calls this page placed, by sid → when, until the list shows them. */
  #created = new Map<string, number>();
  #requests = 0;

  constructor(config: ProviderConfig) {
    const o = config.options;
    const reader = new OptionReader(o, 'jambonz');
    const baseUrl = reader.requiredText('baseUrl', 'needs providerOptions.baseUrl (the API server or your backend proxy)');
    const accountSid = reader.requiredText('accountSid', 'needs providerOptions.accountSid');
    const token = reader.token<TokenSource>('token');
    const poll = reader.number('pollInterval', 2000, { min: 250, unit: 'ms' });
    const requestTimeout = reader.number('requestTimeout', 10_000, { min: 1, unit: 'ms' });
    const timeout = reader.number('timeout', undefined, { min: 1, integer: true, unit: 'seconds' });
    const tag = reader.object<Record<string, unknown>>('tag');
    const inConference = reader.fn<(call: JambonzCall) => boolean>('inConference');
    const fetchImpl = reader.fn<typeof fetch>('fetch');

    const from = reader.text('from');
    const applicationSid = reader.text('applicationSid');
    const callHook = webhook(reader, o.callHook, 'callHook');
    const callStatusHook = webhook(reader, o.callStatusHook, 'callStatusHook');
    const create: Omit<JambonzCreateCall, 'to'> | null =
      from && (applicationSid || callHook)
        ? {
            from,
            ...(applicationSid ? { application_sid: applicationSid } : { call_hook: callHook }),
            ...(callStatusHook ? { call_status_hook: callStatusHook } : {}),
            ...(timeout !== undefined ? { timeout } : {}),
            ...(tag ? { tag } : {}),
          }
        : null;

    this.#config = config;
    this.#accountSid = accountSid;
    this.#clock = (o.clock as Clock | undefined) ?? realClock;
    this.#settings = {
      pollInterval: poll,
      filter: readFilter(reader),
      create,
      teamsTenant: reader.text('teamsTenant'),
      siprecServerURL: reader.text('siprecServerURL'),
      inConference,
    };
    this.#poll = new PollLoop({
      clock: this.#clock,
      round: () => this.#read(),
      interval: () => poll,
      backoff: { base: poll * 2, max: Math.max(MAX_BACKOFF, poll) },
      onSuccess: () => this.#recovered(),
      onFailure: (error, { quiet }) => {
        if (quiet) this.#sink?.update(degraded);
        else this.#report(error as CallError);
        return undefined;
      },
    });
    this.api = new JambonzApi({
      baseUrl,
      accountSid,
      token,
      requestTimeout,
      fetch: (input, init) => {
        this.#requests++;
        return (fetchImpl ?? globalThis.fetch.bind(globalThis))(input, init);
      },
    });
  }

  /** HTTP requests sent so far, for tests and diagnostics. */
  get requestCount(): number {
    return this.#requests;
  }

  // ---- lifecycle ---------------------------------------------------------------------------------

  async connect(sink: ProviderSink): Promise<void> {
    this.#sink = sink;
    const platform: Capability[] = this.#settings.create ? ['outgoing'] : [];
    sink.update((s) => ({
      ...s,
      platform: { kind: this.kind, mode: 'control', capabilities: platform, destinations: this.#settings.create ? DESTINATIONS : [] },
      self: { id: this.#accountSid, displayName: this.#config.displayName ?? 'jambonz', address: '' },
    }));
    // The first read is part of connecting; a failure is shown and polling keeps trying (the list recovers).
    this.api.open();
    this.#poll.restart();
    await this.#poll.poll();
  }

  disconnect(): Promise<void> {
    this.#poll.stop();
    this.api.dispose();
    return Promise.resolve();
  }

  createView(): MediaView {
    throw new CallError('unsupported', 'jambonz calls carry no media to this page: it only controls them', { action: 'createView' });
  }

  // ---- polling -------------------------------------------------------------------------------------

  /** Next poll delay: the interval, doubled per consecutive failure up to 30 s. */
  get nextDelay(): number {
    return this.#poll.nextDelay;
  }

  /** One list read (the poll loop never runs two at once). */
  async #read(): Promise<void> {
    let list: readonly JambonzCall[];
    try {
      list = await this.api.listCalls(this.#settings.filter);
    } catch (error) {
      throw CallError.from(error, 'provider-error', { action: 'listCalls' });
    }
    this.#apply(list);
  }

  /** A failed background read is shown once per streak (or when its code changes), not on every retry. */
  #report(error: CallError): void {
    const sink = this.#sink;
    if (!sink) return;
    const repeated = this.#pollError?.code === error.code && sink.snapshot.error === this.#pollError;
    sink.update(degraded);
    if (repeated) return;
    this.#pollError = sink.fail(error, 'provider-error', { action: 'listCalls' });
  }

  #recovered(): void {
    const shown = this.#pollError;
    this.#pollError = null;
    this.#sink?.update((s) => ({
      ...s,
      connection: s.connection === 'reconnecting' ? 'connected' : s.connection,
      error: shown && s.error === shown ? null : s.error,
    }));
  }

  /** Re-read the call list now; rejects with the failure (the controller shows it). */
  async refresh(): Promise<void> {
    const error = await this.#poll.poll({ quiet: true });
    if (error) throw CallError.from(error, 'provider-error', { action: 'listCalls' });
  }

  #leg(sid: string): LegState {
    return this.#legs.get(sid) ?? initialLeg;
  }

  #apply(list: readonly JambonzCall[]): void {
    const now = this.#clock.now();
    const listed = new Set<string>();
    const ended: { sid: string; record: JambonzCall | undefined }[] = [];
    for (const record of list) {
      listed.add(record.call_sid);
      this.#created.delete(record.call_sid);
      if (isTerminal(record.call_status)) {
        ended.push({ sid: record.call_sid, record });
        continue;
      }
      const conference = this.#settings.inConference?.(record) ?? false;
      const leg = this.#leg(record.call_sid);
      if (leg.conference !== conference) this.#legs.set(record.call_sid, { ...leg, conference });
      this.#records.set(record.call_sid, record);
    }
    for (const sid of this.#records.keys()) {
      if (listed.has(sid)) continue;
      const createdAt = this.#created.get(sid);
      if (createdAt !== undefined && now - createdAt < CREATE_GRACE) continue;
      ended.push({ sid, record: undefined });
    }
    this.#sink?.update((s) => {
      let next = s;
      for (const record of list) {
        if (isTerminal(record.call_status)) continue;
        const prev = next.calls.find((c) => c.id === record.call_sid);
        next = upsertCall(next, toCall(record, this.#leg(record.call_sid), prev, now));
      }
      for (const { sid, record } of ended) {
        const leg = this.#leg(sid);
        const hungUp = leg.hangingUp;
        let reason = record ? toEndReason(record, hungUp) : { code: hungUp ? ('hung-up' as const) : ('remote-hung-up' as const) };
        if (leg.declining) reason = { ...reason, code: 'declined' };
        next = endCall(next, sid, reason, now);
      }
      return next;
    });
    for (const { sid } of ended) {
      this.#records.delete(sid);
      this.#legs.delete(sid);
      this.#created.delete(sid);
    }
  }

  /** Rebuild one call from its last record and the leg state this page holds. */
  #render(sid: string): void {
    const record = this.#records.get(sid);
    if (!record) return;
    const now = this.#clock.now();
    this.#sink?.update((s) => updateCall(s, sid, (prev) => toCall(record, this.#leg(sid), prev, now)));
  }

  // ---- actions -------------------------------------------------------------------------------------

  #call(callId: string): Call {
    const call = this.#sink?.snapshot.calls.find((c) => c.id === callId);
    if (!call || !this.#records.has(callId)) throw new CallError('not-found', `No jambonz call ${callId}`);
    return call;
  }

  /** One change to one call, then what this page knows about the leg. */
  async #change(callId: string, change: JambonzUpdate, leg?: Partial<LegState>): Promise<void> {
    this.#call(callId);
    await this.api.updateCall(callId, change);
    if (leg) {
      this.#legs.set(callId, { ...this.#leg(callId), ...leg });
      this.#render(callId);
    }
  }

  async startCall(to: readonly string[], options: StartCallOptions): Promise<string> {
    const create = this.#settings.create;
    if (!create) {
      throw new CallError('unsupported', 'To place calls, set providerOptions.from and applicationSid or callHook', { action: 'startCall' });
    }
    if (to.length !== 1) throw new CallError('invalid-argument', 'A jambonz call goes to exactly one destination', { action: 'startCall' });
    if (options.video) throw new CallError('unsupported', 'jambonz calls are voice only', { action: 'startCall' });
    const destination = to[0]!;
    const kind = (options.kind ?? guessKind(destination)) as JambonzTargetType;
    if (!DESTINATIONS.includes(kind)) throw new CallError('unsupported', `jambonz cannot call a ${kind}`, { action: 'startCall' });
    const target = toTarget(destination, kind, this.#settings.teamsTenant);
    const sid = await this.api.createCall({ ...create, to: target });
    const sink = this.#sink!;
    const now = this.#clock.now();
    const record: JambonzCall = {
      account_sid: this.#accountSid,
      call_id: '',
      call_sid: sid,
      call_status: 'trying',
      direction: 'outbound',
      from: create.from,
      to: target.number ?? target.sipUri ?? target.name ?? destination,
      service_url: '',
      sip_status: 100,
      ...(create.application_sid ? { application_sid: create.application_sid } : {}),
    };
    this.#records.set(sid, record);
    this.#created.set(sid, now);
    this.#legs.set(sid, { ...initialLeg, ...(create.tag ? { tag: create.tag } : {}) });
    sink.update((s) => upsertCall(s, toCall(record, this.#leg(sid), undefined, now)));
    // Read the list soon so the new call's real status shows without waiting a whole interval.
    void this.#poll.poll();
    return sid;
  }

  async hangUp(callId: string): Promise<void> {
    const call = this.#call(callId);
    const unanswered = call.state === 'connecting' || call.state === 'ringing' || call.state === 'early-media';
    await this.#change(callId, { call_status: unanswered ? 'no-answer' : 'completed' }, { hangingUp: true });
  }

  /** Decline a ringing inbound call: jambonz answers it with a failure (`no-answer`). */
  async reject(callId: string): Promise<void> {
    await this.#change(callId, { call_status: 'no-answer' }, { hangingUp: true, declining: true });
  }

  setMuted(callId: string, muted: boolean): Promise<void> {
    return this.#mute(callId, muted);
  }

  #mute(callId: string, muted: boolean): Promise<void> {
    const status = muted ? 'mute' : 'unmute';
    const change: JambonzUpdate = this.#leg(callId).conference ? { conf_mute_status: status } : { mute_status: status };
    return this.#change(callId, change, { muted });
  }

  hold(callId: string): Promise<void> {
    return this.#hold(callId, true);
  }

  resume(callId: string): Promise<void> {
    return this.#hold(callId, false);
  }

  #hold(callId: string, held: boolean): Promise<void> {
    if (!this.#leg(callId).conference) return Promise.reject(new CallError('unsupported', 'jambonz holds only calls in a conference'));
    return this.#change(callId, { conf_hold_status: held ? 'hold' : 'unhold' }, { held });
  }

  async sendDtmf(callId: string, digits: string): Promise<void> {
    // FreeSWITCH (uuid_send_dtmf) takes a string of digits, `w` being a half-second pause.
    await this.#change(callId, { dtmf: { digit: digits.replace(/,/g, 'w') } });
  }

  setRecording(callId: string, on: boolean): Promise<void> {
    return this.#record(callId, on ? 'startCallRecording' : 'stopCallRecording', on);
  }

  /** Pause or resume a running recording (jambonz-specific; the controller has no such action). */
  setRecordingPaused(callId: string, paused: boolean): Promise<void> {
    return this.#record(callId, paused ? 'pauseCallRecording' : 'resumeCallRecording', !paused);
  }

  #record(callId: string, action: 'startCallRecording' | 'stopCallRecording' | 'pauseCallRecording' | 'resumeCallRecording', recording: boolean): Promise<void> {
    const siprec = action === 'startCallRecording' && this.#settings.siprecServerURL ? { siprecServerURL: this.#settings.siprecServerURL } : {};
    return this.#change(callId, { record: { action, ...siprec } }, { recording });
  }

  redirect(callId: string, url: string): Promise<void> {
    return this.#change(callId, { call_hook: { url } });
  }

  /** Replace the call's metadata (`tag`, a server field beyond the spec). */
  async setTag(callId: string, tag: Record<string, unknown>): Promise<void> {
    await this.#change(callId, { tag }, { tag });
  }

  participantAction(callId: string, participantId: string, action: ParticipantAction): Promise<void> {
    if (participantId !== callId) return Promise.reject(new CallError('not-found', `No party ${participantId} on jambonz call ${callId}`));
    switch (action.type) {
      case 'mute':
        return this.#mute(callId, action.muted);
      case 'hold':
        return this.#hold(callId, action.held);
      case 'record':
        return this.setRecording(callId, action.recording);
      case 'listen': {
        const status = action.status === 'active' ? 'resume' : action.status === 'paused' ? 'pause' : 'silence';
        return this.#change(callId, { listen_status: status }, { listen: action.status });
      }
      case 'whisper':
        return this.#change(callId, { whisper: action.url !== undefined ? { verb: 'play', url: action.url } : { verb: 'say', text: action.text ?? '' } });
    }
  }
}


/**
 * jambonz REST live call control. The browser steers calls whose media stays on jambonz: it keeps the
 * account's call list current by polling, places calls, and changes running calls one update at a time.
 */
import { CallError } from '../../core/errors.js';
import type { MediaView } from '../../core/media.js';
import type { CallProvider, ParticipantAction, ProviderConfig, ProviderSink, StartCallOptions, TransferTarget } from '../../core/provider.js';
import type { Call, CallSnapshot, Capability, DestinationKind } from '../../core/state.js';
import type { Clock } from '../kit/clock.js';
import { PollLoop } from '../kit/poll-loop.js';
import { JambonzApi, type JambonzCall, type JambonzRecordAction, type JambonzTargetType, type JambonzUpdate } from './jambonz-api.js';
import { DtmfSender, dtmfCancelled } from './jambonz-dtmf.js';
import { JambonzLegs } from './jambonz-legs.js';
import { guessKind, initialLeg, toTarget, type LegState } from './jambonz-mapping.js';
import { DESTINATIONS, readJambonzOptions, type JambonzSettings } from './jambonz-options.js';

export type { JambonzOptions, PollClock } from './jambonz-options.js';

const MAX_BACKOFF = 30_000;
/** What a `sip:refer` Refer-To can name: a number, a SIP URI or a user (tasks/sip_refer.js `_normalizeReferHeaders`). */
const TRANSFER_DESTINATIONS: readonly DestinationKind[] = ['phone', 'sip', 'user'];

/** While the list cannot be read the platform is not really connected, even during the first read. */
const degraded = (s: CallSnapshot): CallSnapshot =>
  s.connection === 'connected' || s.connection === 'connecting' ? { ...s, connection: 'reconnecting' } : s;

export class JambonzProvider implements CallProvider {
  readonly kind = 'jambonz';
  readonly api: JambonzApi;
  readonly #config: ProviderConfig;
  readonly #settings: JambonzSettings;
  readonly #clock: Clock;
  readonly #poll: PollLoop;
  readonly #legs: JambonzLegs;
  readonly #dtmf: DtmfSender;
  #sink: ProviderSink | undefined;
  #pollError: CallError | null = null;
  #requests = 0;

  constructor(config: ProviderConfig) {
    const settings = readJambonzOptions(config);
    this.#config = config;
    this.#settings = settings;
    this.#clock = settings.clock;
    this.#legs = new JambonzLegs({ record: settings.recording !== null, transfer: !!settings.transferHook }, settings.inConference);
    this.#dtmf = new DtmfSender(settings.clock);
    const poll = settings.pollInterval;
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
    const fetchImpl = settings.fetch;
    this.api = new JambonzApi({
      baseUrl: settings.baseUrl,
      accountSid: settings.accountSid,
      token: settings.token,
      requestTimeout: settings.requestTimeout,
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
    this.#legs.clear();
    const placing = !!this.#settings.create;
    const platform: Capability[] = placing ? ['outgoing'] : [];
    const destinations = placing ? DESTINATIONS : this.#settings.transferHook ? TRANSFER_DESTINATIONS : [];
    sink.update((s) => ({
      ...s,
      platform: { kind: this.kind, mode: 'control', capabilities: platform, destinations },
      self: { id: this.#settings.accountSid, displayName: this.#config.displayName ?? 'jambonz', address: '' },
    }));
    // The first read is part of connecting; a failure is shown and polling keeps trying (the list recovers).
    this.api.open();
    this.#poll.restart();
    await this.#poll.poll();
  }

  disconnect(): Promise<void> {
    this.#poll.stop();
    this.#dtmf.cancelAll(dtmfCancelled.disconnected());
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
    const { patch, ended } = this.#legs.apply(list, this.#clock.now());
    for (const sid of ended) this.#dtmf.cancel(sid, dtmfCancelled.ended());
    this.#sink?.update(patch);
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

  // ---- actions -------------------------------------------------------------------------------------

  #call(callId: string): Call {
    const call = this.#sink?.snapshot.calls.find((c) => c.id === callId);
    if (!call || !this.#legs.has(callId)) throw new CallError('not-found', `No jambonz call ${callId}`);
    return call;
  }

  /** One change to one call, then what this page knows about the leg. */
  async #change(callId: string, change: JambonzUpdate, leg?: Partial<LegState>): Promise<void> {
    this.#call(callId);
    await this.api.updateCall(callId, change);
    if (leg) this.#sink?.update(this.#legs.change(callId, leg, this.#clock.now()));
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
    const record: JambonzCall = {
      account_sid: this.#settings.accountSid,
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
    const leg: LegState = { ...initialLeg, ...(create.tag ? { tag: create.tag } : {}) };
    this.#sink?.update(this.#legs.placed(record, leg, this.#clock.now()));
    // Read the list soon so the new call's real status shows without waiting a whole interval.
    void this.#poll.poll();
    return sid;
  }

  /**
   * The feature server takes `completed` only for an answered call and `no-answer` only for one still
   * ringing (lib/http-routes/api/update-call.js `retrieveCallSession`), so the state picks which.
   */
  async hangUp(callId: string): Promise<void> {
    const call = this.#call(callId);
    const unanswered = call.state === 'connecting' || call.state === 'ringing' || call.state === 'early-media';
    // Hanging up an incoming call before it is answered is declining it.
    if (unanswered && call.direction === 'incoming') return this.reject(callId);
    this.#dtmf.cancel(callId, dtmfCancelled.hungUp());
    await this.#change(callId, { call_status: unanswered ? 'no-answer' : 'completed' }, { hangingUp: true });
  }

  /**
   * Decline a ringing inbound call: `no-answer`, which jambonz answers to the caller with a SIP 503 and then
   * releases the leg without a last status, so the call ends here once jambonz accepted (see `release`).
   */
  async reject(callId: string): Promise<void> {
    this.#call(callId);
    await this.api.updateCall(callId, { call_status: 'no-answer' });
    this.#dtmf.cancel(callId, dtmfCancelled.ended());
    this.#sink?.update(this.#legs.release(callId, { hangingUp: true, declining: true }, this.#clock.now()));
  }

  setMuted(callId: string, muted: boolean): Promise<void> {
    return this.#mute(callId, muted);
  }

  #mute(callId: string, muted: boolean): Promise<void> {
    const status = muted ? 'mute' : 'unmute';
    const change: JambonzUpdate = this.#legs.leg(callId).conference ? { conf_mute_status: status } : { mute_status: status };
    return this.#change(callId, change, { muted });
  }

  hold(callId: string): Promise<void> {
    return this.#hold(callId, true);
  }

  resume(callId: string): Promise<void> {
    return this.#hold(callId, false);
  }

  #hold(callId: string, held: boolean): Promise<void> {
    if (!this.#legs.leg(callId).conference) return Promise.reject(new CallError('unsupported', 'jambonz holds only calls in a conference'));
    return this.#change(callId, { conf_hold_status: held ? 'hold' : 'unhold' }, { held });
  }

  /** One update per digit, spaced and paused here (see jambonz-dtmf.ts for why). */
  sendDtmf(callId: string, digits: string): Promise<void> {
    this.#call(callId);
    return this.#dtmf.send(callId, digits, (tone) => this.#change(callId, { dtmf: tone }));
  }

  async setRecording(callId: string, on: boolean): Promise<void> {
    this.#call(callId);
    // The feature server ignores a start while recording and a stop while not (call-session.js
    // `notifyRecordOptions`) after answering 202, so a repeat is settled here without a request.
    if (this.#legs.leg(callId).recording === on) return;
    await this.#record(callId, on ? 'startCallRecording' : 'stopCallRecording', { recording: on, recordingPaused: false });
  }

  /** Pause or resume the running recording; the feature server takes pause only while on, resume only while paused. */
  async setRecordingPaused(callId: string, paused: boolean): Promise<void> {
    this.#call(callId);
    const leg = this.#legs.leg(callId);
    if (!leg.recording) throw new CallError('invalid-state', 'There is no recording to pause or resume', { action: 'setRecordingPaused' });
    if (leg.recordingPaused === paused) return;
    await this.#record(callId, paused ? 'pauseCallRecording' : 'resumeCallRecording', { recordingPaused: paused });
  }

  #record(callId: string, action: JambonzRecordAction, leg: Partial<LegState>): Promise<void> {
    const recording = this.#settings.recording;
    if (!recording) {
      return Promise.reject(new CallError('unsupported', 'To record, set providerOptions.siprecServerURL or cloudRecording', { action: 'setRecording' }));
    }
    return this.#change(callId, { record: { action, ...recording } }, leg);
  }

  redirect(callId: string, url: string): Promise<void> {
    return this.#change(callId, { call_hook: { url } });
  }

  /**
   * Blind transfer: the call is redirected to the site's transfer application, which answers with a
   * `sip:refer` verb. Live call control has no REFER of its own: its `sip_request` needs a body
   * (`validateUpdateCall`), which a REFER does not carry (tasks/sip_refer.js sends none).
   */
  transfer(callId: string, target: TransferTarget): Promise<void> {
    const hook = this.#settings.transferHook;
    if ('callId' in target) return Promise.reject(new CallError('unsupported', 'jambonz has no consultative transfer', { action: 'transfer' }));
    if (!hook) return Promise.reject(new CallError('unsupported', 'To transfer, set providerOptions.transferHook', { action: 'transfer' }));
    const kind = target.kind ?? guessKind(target.to);
    if (!TRANSFER_DESTINATIONS.includes(kind)) return Promise.reject(new CallError('unsupported', `jambonz cannot transfer to a ${kind}`, { action: 'transfer' }));
    const url = new URL(hook.url);
    url.searchParams.set('to', kind === 'phone' ? toTarget(target.to, 'phone').number! : target.to);
    url.searchParams.set('kind', kind);
    return this.#change(callId, { call_hook: { ...hook, url: url.href } });
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

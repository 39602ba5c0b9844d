/**
 * Contract tests: the jambonz adapter in Chromium against Prism (a validating mock of the jambonz OpenAPI
 * spec) in front of a stub of the documented server behaviour (test/harness/plugins/jambonz.mjs).
 */
import { eventually } from './eventually.js';
import { expect } from '@open-wc/testing';
import { JAMBONZ_API, JAMBONZ_SERVER, JAMBONZ_TOKEN, PRISM_URL } from '/__jambonz.js';
import { CallController } from '../../src/core/controller.js';
import type { CallError } from '../../src/core/errors.js';
import { DTMF_GAP_MS, DTMF_PAUSE_MS, DTMF_TONE_MS, JambonzProvider, type JambonzOptions } from '../../src/providers/jambonz/index.js';
import { ManualClock } from '../../src/providers/kit/clock.js';
import { JambonzWorld, type LoggedRequest } from '../fixtures/jambonz/world.js';
import { settle, until } from '../harness/recording-provider.js';

const live: CallController[] = [];
/** Conditions that wait on the stand-in through Prism: sized for a loaded 2-core machine. */
const LOADED = 20000;
/** A SIPREC recorder address: the API server wants it on every record update. */
const SIPREC = 'sip:recorder@127.0.0.1';
const auth = { Authorization: `Bearer ${JAMBONZ_TOKEN}`, 'Content-Type': 'application/json' };

/** Sends one update straight to the stand-in, as the API server would get it. */
const postUpdate = (base: string, world: JambonzWorld, sid: string, body: unknown): Promise<Response> =>
  fetch(`${base}/v1/Accounts/${world.account}/Calls/${sid}`, { method: 'POST', headers: auth, body: JSON.stringify(body) });

async function start(world: JambonzWorld, options: Partial<JambonzOptions> = {}) {
  const provider = new JambonzProvider({
    options: { baseUrl: JAMBONZ_API, accountSid: world.account, token: JAMBONZ_TOKEN, pollInterval: 60_000, requestTimeout: 30_000, ...options },
  });
  const controller = new CallController(provider);
  live.push(controller);
  await controller.connect();
  await settle();
  return { provider, controller, s: () => controller.snapshot };
}

/** Every request the adapter sent through the validated route passed Prism, and every answer fit the spec. */
async function expectValid(world: JambonzWorld): Promise<LoggedRequest[]> {
  let log: LoggedRequest[] = [];
  // A background read may still be in flight (logged, not yet answered): wait for its verdict.
  await eventually(async () => {
    log = (await world.log()).log;
    return log.every((e) => e.status !== undefined);
  }, 'every logged request answered');
  const viaPrism = log.filter((e) => e.via === 'prism');
  expect(viaPrism.length, 'requests through Prism').to.be.greaterThan(0);
  const bad = viaPrism.filter((e) => (e.prismStatus ?? 999) >= 400 || e.violations || e.responseViolations);
  expect(bad, 'requests Prism rejected or answers off the spec').to.deep.equal([]);
  return viaPrism;
}

async function rejection(promise: Promise<unknown>): Promise<CallError> {
  try {
    await promise;
  } catch (error) {
    return error as CallError;
  }
  throw new Error('expected a rejection');
}

afterEach(async () => {
  for (const c of live.splice(0)) await c.dispose();
});

describe('jambonz provider against the spec (Prism) and the server stub', function () {
  // Real stand-ins, Prism and SDKs on a loaded 2-core machine: minutes of CPU are shared by everyone.
  this.timeout(60000);
  it('Prism answers CORS to this page and rejects what the spec forbids (so the check can fail)', async () => {
    const calls = `${PRISM_URL}/v1/Accounts/acc/Calls`;
    const ok = await fetch(calls, { headers: auth });
    expect(ok.status).to.equal(200);
    const badEnum = await fetch(`${calls}/some-sid`, { method: 'POST', headers: auth, body: JSON.stringify({ mute_status: 'silence' }) });
    expect(badEnum.status).to.equal(422);
    expect(badEnum.headers.get('sl-violations')).to.contain('mute_status');
    const badTarget = await fetch(calls, { method: 'POST', headers: auth, body: JSON.stringify({ from: '1', to: { type: 'fax' } }) });
    expect([badTarget.status, badTarget.headers.get('sl-violations')?.includes('to.type')]).to.deep.equal([400, true]);
    expect((await fetch(`${calls}/some-sid`, { method: 'PUT', headers: auth, body: '{}' })).status).to.equal(405);
    expect((await fetch(`${PRISM_URL}/v1/Accounts/acc/Callz`, { headers: auth })).status).to.equal(404);
    expect((await fetch(calls)).status, 'no bearer token').to.equal(401);

    // Through the front, a request Prism rejects is logged with its violations and never reaches the stub.
    const world = new JambonzWorld();
    const [sid] = [crypto.randomUUID()];
    await world.seed({ call_sid: sid });
    const res = await fetch(`${JAMBONZ_API}/v1/Accounts/${world.account}/Calls/${sid}`, { method: 'POST', headers: auth, body: JSON.stringify({ listen_status: 'stop' }) });
    expect(res.status).to.equal(422);
    const { log, updates } = await world.log();
    expect(log.at(-1)!.violations).to.contain('listen_status');
    expect(updates).to.deep.equal({});
  });

  it('lists the account calls with the configured filters, as a control platform without media', async () => {
    const world = new JambonzWorld();
    const inbound = world.call({ caller_name: 'Ada Lovelace', duration: 65 });
    await world.seed(inbound, { direction: 'outbound', call_status: 'ringing', caller_name: 'x' });
    const { s, controller } = await start(world, { filter: { direction: 'inbound', callStatus: 'in-progress' } });
    expect(s().connection).to.equal('connected');
    expect(s().platform).to.deep.include({ kind: 'jambonz', mode: 'control' });
    expect(s().platform.capabilities).to.not.include('outgoing'); // no from / hook configured
    expect(s().calls.map((c) => [c.id, c.direction, c.state, c.remoteParties[0]!.displayName])).to.deep.equal([
      [inbound.call_sid, 'incoming', 'connected', 'Ada Lovelace'],
    ]);
    expect(Date.now() - s().calls[0]!.startedAt!).to.be.within(64_000, 70_000);
    expect(() => controller.createView({ id: 'x', participantId: 'y', kind: 'camera', available: true, local: false })).to.throw().with.property('code', 'unsupported');
    const requests = await expectValid(world);
    expect(requests[0]!.query).to.equal('?direction=inbound&callStatus=in-progress');
  });

  it('maps every control action to exactly one spec-valid update and shows its effect', async () => {
    const world = new JambonzWorld();
    const rec = world.call();
    const sid = rec.call_sid;
    await world.seed(rec);
    const { s, controller } = await start(world, { siprecServerURL: SIPREC });
    const party = () => s().calls[0]!.participants[0]!;

    await controller.setMuted(true);
    expect([s().calls[0]!.local.muted, party().muted]).to.deep.equal([true, true]);
    await controller.participantAction(sid, { type: 'mute', muted: false });
    expect(party().muted).to.equal(false);
    await controller.participantAction(sid, { type: 'listen', status: 'paused' });
    expect(party().listen).to.equal('paused');
    await controller.participantAction(sid, { type: 'listen', status: 'silenced' });
    await controller.participantAction(sid, { type: 'listen', status: 'active' });
    await controller.participantAction(sid, { type: 'whisper', url: 'https://example.com/beep.mp3' });
    await controller.redirect('https://example.com/new-app');
    expect(s().calls[0]!.capabilities, 'no pause before a recording runs').to.not.include('record-pause');
    await controller.setRecording(true);
    expect([s().calls[0]!.recording, s().calls[0]!.capabilities.includes('record-pause')]).to.deep.equal([true, true]);
    await controller.setRecordingPaused(true);
    expect([s().calls[0]!.recording, s().calls[0]!.recordingPaused]).to.deep.equal([true, true]);
    await controller.setRecordingPaused(false);
    expect(s().calls[0]!.recordingPaused).to.equal(false);
    await controller.setRecording(false);
    expect([s().calls[0]!.recording, s().calls[0]!.capabilities.includes('record-pause')]).to.deep.equal([false, false]);
    await controller.sendDtmf('12#');
    expect(s().calls[0]!.dtmf).to.equal('12#');
    await controller.hangUp();
    expect(s().calls[0]!.state).to.equal('disconnecting');

    const { updates } = await world.log();
    expect(updates[sid]).to.deep.equal([
      { mute_status: 'mute' },
      { mute_status: 'unmute' },
      { listen_status: 'pause' },
      { listen_status: 'silence' },
      { listen_status: 'resume' },
      { whisper: { verb: 'play', url: 'https://example.com/beep.mp3' } },
      { call_hook: { url: 'https://example.com/new-app' } },
      { record: { action: 'startCallRecording', siprecServerURL: SIPREC } },
      { record: { action: 'pauseCallRecording', siprecServerURL: SIPREC } },
      { record: { action: 'resumeCallRecording', siprecServerURL: SIPREC } },
      { record: { action: 'stopCallRecording', siprecServerURL: SIPREC } },
      // One tone per update: the feature server puts `digit` into one SIP INFO `Signal=` line.
      { dtmf: { digit: '1', duration: DTMF_TONE_MS } },
      { dtmf: { digit: '2', duration: DTMF_TONE_MS } },
      { dtmf: { digit: '#', duration: DTMF_TONE_MS } },
      { call_status: 'completed' },
    ]);
    // The feature server acted on every one: nothing ignored after its 202, the far end heard 1, 2, #.
    const far = await world.log();
    expect(far.ignored).to.deep.equal([]);
    expect(far.tones[sid]!.map((t) => t.digit)).to.deep.equal(['1', '2', '#']);
    expect(far.recording[sid]).to.equal('off');
    const requests = await expectValid(world);
    expect(requests.filter((r) => r.method === 'POST').every((r) => r.path === `/v1/Accounts/${world.account}/Calls/${sid}`)).to.equal(true);

    // The stub now reports the call completed: it leaves the list as ended by us.
    await controller.refresh();
    await settle();
    expect(s().calls).to.deep.equal([]);
    expect([s().lastEndedCall!.id, s().lastEndedCall!.endReason!.code]).to.deep.equal([sid, 'hung-up']);
  });

  it('in a conference: hold and mute go to conf_hold_status and conf_mute_status', async () => {
    const world = new JambonzWorld();
    const rec = world.call();
    await world.seed(rec);
    const { s, controller } = await start(world, { inConference: (c) => c.call_sid === rec.call_sid });
    expect(s().calls[0]!.capabilities).to.include.members(['hold', 'participant-hold']);
    await controller.hold();
    expect([s().calls[0]!.state, s().calls[0]!.participants[0]!.state]).to.deep.equal(['on-hold', 'on-hold']);
    await controller.participantAction(rec.call_sid, { type: 'mute', muted: true });
    await controller.participantAction(rec.call_sid, { type: 'hold', held: false });
    expect(s().calls[0]!.state).to.equal('connected');
    const { updates } = await world.log();
    expect(updates[rec.call_sid]).to.deep.equal([{ conf_hold_status: 'hold' }, { conf_mute_status: 'mute' }, { conf_hold_status: 'unhold' }]);
    await expectValid(world);
  });

  it('outside a conference there is no hold; a ringing call is hung up as no-answer and ends cancelled', async () => {
    const world = new JambonzWorld();
    const rec = world.call({ direction: 'outbound', call_status: 'ringing', duration: 0 });
    await world.seed(rec);
    const { s, controller } = await start(world);
    expect(s().calls[0]!.capabilities).to.deep.equal([]);
    expect((await rejection(controller.hold())).code).to.equal('unsupported');
    await controller.hangUp(rec.call_sid);
    await controller.refresh();
    await settle();
    expect(s().lastEndedCall!.endReason!.code).to.equal('cancelled');
    expect((await world.log()).updates[rec.call_sid]).to.deep.equal([{ call_status: 'no-answer' }]);
    await expectValid(world);
  });

  it('places calls to phone, sip, user and teams targets with from, hook, timeout and tag', async () => {
    const world = new JambonzWorld();
    const { s, controller, provider } = await start(world, {
      from: '+15083728299',
      callHook: 'https://example.com/answer',
      callStatusHook: { url: 'https://example.com/status', method: 'POST' as 'post' },
      timeout: 30,
      tag: { accountCode: '288fe284' },
      teamsTenant: 'contoso.com',
    });
    expect(s().platform.capabilities).to.include('outgoing');
    expect(s().platform.destinations).to.deep.equal(['phone', 'sip', 'user', 'teams']);
    const sid = await controller.startCall('+1 617 237 5089', { kind: 'phone' });
    expect(s().calls.find((c) => c.id === sid)).to.include({ state: 'connecting', direction: 'outgoing' });
    expect(s().calls.find((c) => c.id === sid)!.meta.tag).to.equal('{"accountCode":"288fe284"}');
    await controller.startCall('alice@sip.example.com', { kind: 'sip' });
    await controller.startCall('alice', { kind: 'user' });
    await controller.startCall('+493012345', { kind: 'teams' });
    const posts = (await expectValid(world)).filter((r) => r.method === 'POST');
    expect(posts.map((r) => (r.body as { to: unknown }).to)).to.deep.equal([
      { type: 'phone', number: '+16172375089' },
      { type: 'sip', sipUri: 'sip:alice@sip.example.com' },
      { type: 'user', name: 'alice' },
      { type: 'teams', number: '+493012345', tenant: 'contoso.com' },
    ]);
    expect(posts[0]!.body).to.deep.equal({
      from: '+15083728299',
      call_hook: { url: 'https://example.com/answer' },
      call_status_hook: { url: 'https://example.com/status', method: 'post' },
      timeout: 30,
      tag: { accountCode: '288fe284' },
      to: { type: 'phone', number: '+16172375089' },
    });
    // The platform answers elsewhere; the next read shows it connected.
    await world.set(sid, { call_status: 'in-progress', sip_status: 200 });
    await provider.refresh();
    await settle();
    expect(s().calls.find((c) => c.id === sid)!.state).to.equal('connected');
    expect((await rejection(controller.startCall(['a', 'b']))).code).to.equal('invalid-argument');
  });

  it('an application sid instead of a hook; without from or either, placing calls is unsupported', async () => {
    const world = new JambonzWorld();
    const app = crypto.randomUUID();
    const { controller } = await start(world, { from: '1000', applicationSid: app });
    await controller.startCall('+16172375089');
    const post = (await expectValid(world)).find((r) => r.method === 'POST')!;
    expect(post.body).to.deep.equal({ from: '1000', application_sid: app, to: { type: 'phone', number: '+16172375089' } });
    const bare = await start(new JambonzWorld());
    expect((await rejection(bare.controller.startCall('+16172375089'))).code).to.equal('unsupported');
  });

  it('fields beyond the spec follow the server: whisper say, tag, dtmf, one change per request', async () => {
    const world = new JambonzWorld();
    const rec = world.call();
    await world.seed(rec);
    // The spec types whisper as a Webhook (url required), so Prism rejects a say verb the server takes.
    const viaSpec = await start(world);
    const gap = await rejection(viaSpec.controller.participantAction(rec.call_sid, { type: 'whisper', text: 'Offer the discount' }));
    expect(gap.code).to.be.oneOf(['invalid-argument', 'invalid-state']);
    // Straight to the server stub it is accepted, as are tag and dtmf.
    const { controller, provider } = await start(world, { baseUrl: JAMBONZ_SERVER });
    await controller.participantAction(rec.call_sid, { type: 'whisper', text: 'Offer the discount' });
    await provider.setTag(rec.call_sid, { priority: 'high' });
    await controller.sendDtmf('1');
    expect((await world.log()).updates[rec.call_sid]).to.deep.equal([
      { whisper: { verb: 'say', text: 'Offer the discount' } },
      { tag: { priority: 'high' } },
      { dtmf: { digit: '1', duration: DTMF_TONE_MS } },
    ]);
    // The server refuses two changes in one request, which is why the adapter never sends them.
    const res = await postUpdate(JAMBONZ_SERVER, world, rec.call_sid, { mute_status: 'mute', listen_status: 'pause' });
    expect([res.status, ((await res.json()) as { msg: string }).msg]).to.deep.equal([400, 'multiple options are not allowed in updateCall']);
  });

  it('400, 401, 404, 422, 480 and a dropped connection each become a clear CallError; the list recovers', async () => {
    const world = new JambonzWorld();
    const rec = world.call();
    await world.seed(rec);
    const { s, controller } = await start(world, { from: '1000', callHook: 'https://example.com/answer', siprecServerURL: SIPREC });
    const seen: string[] = [];
    controller.addEventListener('call-error', (e) => seen.push(e.detail.error.code));

    await world.fault({ method: 'POST', match: rec.call_sid, status: 400, body: { msg: 'invalid listen_status' } });
    const e400 = await rejection(controller.setMuted(true));
    expect([e400.code, e400.message]).to.deep.equal(['invalid-argument', 'jambonz rejected the request as invalid (400: invalid listen_status)']);

    await world.fault({ method: 'POST', match: rec.call_sid, status: 422, body: { msg: 'call is not in progress' } });
    expect((await rejection(controller.setRecording(true))).code).to.equal('invalid-state');

    await world.fault({ method: 'POST', status: 480, body: { msg: 'no available feature servers at this time' } });
    const e480 = await rejection(controller.startCall('+16172375089'));
    expect([e480.code, e480.message]).to.deep.equal(['server-error', 'No jambonz feature server is available right now (480: no available feature servers at this time)']);
    expect(s().error).to.equal(e480);

    await world.token('rotated-key');
    const e401 = await rejection(controller.refresh());
    expect([e401.code, s().connection]).to.deep.equal(['auth-failed', 'reconnecting']);
    await world.token(JAMBONZ_TOKEN);

    // Chromium silently retries a GET once when a kept-alive socket drops, so the network stays down a while.
    await world.fault({ method: 'GET', drop: true, times: 5 });
    expect((await rejection(controller.refresh())).code).to.equal('network');
    await world.clearFaults();

    await world.set(rec.call_sid, { remove: true });
    const e404 = await rejection(controller.setMuted(false));
    expect(e404.code).to.equal('not-found');
    expect(seen).to.deep.equal(['invalid-argument', 'invalid-state', 'server-error', 'auth-failed', 'network', 'not-found']);

    // Recovered: the next read succeeds and shows the account's calls again.
    const next = world.call({ caller_name: 'Grace Hopper' });
    await world.seed(next);
    await controller.refresh();
    await settle();
    expect([s().connection, s().calls.map((c) => c.remoteParties[0]!.displayName)]).to.deep.equal(['connected', ['Grace Hopper']]);
  });

  it('polls without overlap, backs off on errors, clears its error on recovery and stops on disconnect', async () => {
    const world = new JambonzWorld();
    await world.seed(world.call());
    const clock = new ManualClock(Date.now());
    let active = 0;
    let most = 0;
    const counting: typeof fetch = (input, init) => {
      most = Math.max(most, ++active);
      return fetch(input, init).finally(() => active--);
    };
    const { s, controller, provider } = await start(world, { pollInterval: 1000, clock, fetch: counting });
    expect([provider.requestCount, provider.nextDelay, clock.pendingTimers]).to.deep.equal([1, 1000, 1]);

    // Refreshes while a read is in flight share one follow-up read: never two requests at once.
    await Promise.all([controller.refresh(), controller.refresh(), controller.refresh()]);
    expect(provider.requestCount).to.equal(3);
    expect(most, 'requests in flight at once').to.equal(1);

    await world.fault({ method: 'GET', status: 500, body: { msg: 'redis down' }, times: 2 });
    clock.advance(1000);
    await until(() => s().error?.code === 'server-error', 'poll error shown', LOADED);
    expect([provider.nextDelay, s().connection]).to.deep.equal([2000, 'reconnecting']);
    let errors = 0;
    controller.addEventListener('call-error', () => errors++);
    clock.advance(1999);
    await settle();
    expect(provider.requestCount, 'no read before the back-off delay').to.equal(4);
    clock.advance(1);
    await until(() => provider.nextDelay === 4000, 'second failure backs off further', LOADED);
    expect(errors, 'the same failure is not fired again').to.equal(0);

    clock.advance(4000);
    await until(() => s().error === null, 'error cleared once the list reads again', LOADED);
    expect([s().connection, provider.nextDelay, s().calls.length]).to.deep.equal(['connected', 1000, 1]);

    const count = provider.requestCount;
    await controller.dispose();
    expect(clock.pendingTimers).to.equal(0);
    clock.advance(10_000);
    await settle();
    expect(provider.requestCount).to.equal(count);
  });

  it('asks a token function before each request; the token never appears in URLs', async () => {
    const world = new JambonzWorld();
    await world.seed(world.call());
    let asked = 0;
    const { controller } = await start(world, {
      token: () => {
        asked++;
        return Promise.resolve(JAMBONZ_TOKEN);
      },
    });
    await controller.refresh();
    expect(asked).to.equal(2);
    const { log } = await world.log();
    expect(log.some((e) => (e.path + e.query).includes(JAMBONZ_TOKEN))).to.equal(false);
    const failing = await start(new JambonzWorld(), { token: () => Promise.reject(new Error('sign-in expired')) });
    expect(failing.s().error!.code).to.equal('auth-failed');
    expect(failing.s().error!.message).to.contain('sign-in expired');
  });

  it('DTMF: one update per digit, spaced by the tone; a comma waits in the page; hang-up and disconnect stop it', async () => {
    const world = new JambonzWorld();
    const rec = world.call();
    const other = world.call();
    await world.seed(rec, other);
    const clock = new ManualClock(Date.now());
    const { controller, provider } = await start(world, { clock });
    const dtmfSent = async (sid: string) => ((await world.log()).updates[sid] ?? []).filter((u) => 'dtmf' in (u as object)).length;
    const baseline = clock.pendingTimers; // the poll timer

    // '1,2': the 1 goes at once; the 2 waits one tone, one gap and one pause, on the page's clock.
    const sent = controller.sendDtmf('1,2', rec.call_sid);
    await until(() => clock.pendingTimers === baseline + 1, 'waiting before the 2', LOADED);
    expect(await dtmfSent(rec.call_sid)).to.equal(1);
    expect(clock.nextDue! - clock.now()).to.equal(DTMF_TONE_MS + DTMF_GAP_MS + DTMF_PAUSE_MS);
    const requests = provider.requestCount;
    clock.advance(DTMF_TONE_MS + DTMF_GAP_MS + DTMF_PAUSE_MS - 1);
    expect([clock.pendingTimers, provider.requestCount], 'nothing sent before the pause is over').to.deep.equal([baseline + 1, requests]);
    clock.advance(1);
    await sent;
    expect((await world.log()).tones[rec.call_sid]!.map((t) => [t.digit, t.duration])).to.deep.equal([['1', 250], ['2', 250]]);

    // Hanging up mid-sequence stops it: the rest is never sent, the wait is cleared, the caller hears why.
    clock.advance(DTMF_TONE_MS + DTMF_GAP_MS); // the 2 has played: the next sequence starts at once
    const long = rejection(controller.sendDtmf('3,,,,4', rec.call_sid));
    await until(() => clock.pendingTimers === baseline + 1, 'waiting before the 4', LOADED);
    expect(await dtmfSent(rec.call_sid)).to.equal(3);
    await controller.hangUp(rec.call_sid);
    expect((await long).code).to.equal('invalid-state');
    expect(clock.pendingTimers).to.equal(baseline);
    clock.advance(10_000);
    const { updates, ignored } = await world.log();
    expect(updates[rec.call_sid]!.slice(2)).to.deep.equal([{ dtmf: { digit: '3', duration: DTMF_TONE_MS } }, { call_status: 'completed' }]);
    expect(ignored).to.deep.equal([]);

    // Disconnecting mid-sequence: rejected as disposed, no timer left.
    const cut = rejection(controller.sendDtmf('5,,6', other.call_sid));
    await until(() => clock.pendingTimers === baseline + 1, 'waiting before the 6', LOADED);
    await controller.disconnect();
    expect((await cut).code).to.equal('disposed');
    expect(clock.pendingTimers).to.equal(0);
    expect(await dtmfSent(other.call_sid)).to.equal(1);
  });

  it('the stand-in treats DTMF as the feature server does: a digit string is no tone, nor is DTMF before answer', async () => {
    const world = new JambonzWorld();
    const talking = world.call();
    const ringing = world.call({ call_status: 'ringing', duration: 0 });
    await world.seed(talking, ringing);
    // The API server only wants a digit (accounts.js l.354) and answers 202; the feature server then sends
    // `Signal=12#` in one INFO, which is not one DTMF event, and ignores DTMF without an answered dialog.
    expect((await postUpdate(JAMBONZ_API, world, talking.call_sid, { dtmf: { digit: '12#' } })).status).to.equal(202);
    expect((await postUpdate(JAMBONZ_API, world, ringing.call_sid, { dtmf: { digit: '1' } })).status).to.equal(202);
    expect((await postUpdate(JAMBONZ_SERVER, world, talking.call_sid, { dtmf: {} })).status).to.equal(400);
    const { ignored, tones } = await world.log();
    expect(ignored.map((i) => i.why)).to.deep.equal(['INFO Signal=12# is not one DTMF event', '_lccDtmf: no stable dialog']);
    expect(tones).to.deep.equal({});
  });

  it('recording: every record update names the SIPREC server; pause only while on, resume only while paused', async () => {
    const world = new JambonzWorld();
    const rec = world.call();
    await world.seed(rec);
    // The API server refuses a record action without siprecServerURL (accounts.js l.357), a stop too.
    const bare = await postUpdate(JAMBONZ_SERVER, world, rec.call_sid, { record: { action: 'stopCallRecording' } });
    expect([bare.status, ((await bare.json()) as { msg: string }).msg]).to.deep.equal([400, 'record requires siprecServerURL property when starting recording']);

    const { s, controller, provider } = await start(world, { siprecServerURL: SIPREC });
    const call = () => s().calls[0]!;
    // No recording to pause: refused before any request.
    expect((await rejection(provider.setRecordingPaused(rec.call_sid, true))).code).to.equal('invalid-state');
    await controller.setRecording(true);
    await controller.setRecording(true); // already on: nothing sent (the feature server would ignore it)
    await controller.setRecordingPaused(true);
    await controller.setRecordingPaused(true);
    expect([call().recording, call().recordingPaused]).to.deep.equal([true, true]);
    // Stopping a paused recording ends it; paused no longer applies.
    await controller.setRecording(false);
    expect([call().recording, call().recordingPaused, call().capabilities.includes('record-pause')]).to.deep.equal([false, false, false]);
    const { updates, ignored, recording } = await world.log();
    expect(updates[rec.call_sid]!.map((u) => (u as { record: { action: string } }).record.action)).to.deep.equal([
      'startCallRecording',
      'pauseCallRecording',
      'stopCallRecording',
    ]);
    expect([ignored, recording[rec.call_sid]]).to.deep.equal([[], 'off']);
    await expectValid(world);
  });

  it('recording: cloud recording sends type cloud; without a recorder set up nothing records', async () => {
    const world = new JambonzWorld();
    const rec = world.call();
    await world.seed(rec);
    const cloud = await start(world, { cloudRecording: true });
    await cloud.controller.setRecording(true);
    await cloud.controller.setRecordingPaused(true);
    await cloud.controller.setRecordingPaused(false);
    expect((await world.log()).updates[rec.call_sid]).to.deep.equal([
      { record: { action: 'startCallRecording', type: 'cloud' } },
      { record: { action: 'pauseCallRecording', type: 'cloud' } },
      { record: { action: 'resumeCallRecording', type: 'cloud' } },
    ]);
    await expectValid(world);

    const plain = await start(world);
    const call = plain.s().calls[0]!;
    expect(call.capabilities).to.not.include.members(['record', 'record-pause']);
    expect((await rejection(plain.controller.setRecording(true))).code).to.equal('unsupported');
    expect((await rejection(plain.provider.setRecording(rec.call_sid, true))).code).to.equal('unsupported');
    expect(() => new JambonzProvider({ options: { baseUrl: JAMBONZ_API, accountSid: 'a', siprecServerURL: SIPREC, cloudRecording: true } })).to.throw().with.property('code', 'invalid-argument');
  });

  it('transfer: redirects the call to the transfer application with the destination; offered only when set up', async () => {
    const world = new JambonzWorld();
    const rec = world.call();
    const ringing = world.call({ call_status: 'ringing', duration: 0 });
    await world.seed(rec, ringing);
    const { s, controller } = await start(world, { transferHook: { url: 'https://example.com/transfer?app=1', method: 'post' } });
    const call = (sid: string) => s().calls.find((c) => c.id === sid)!;
    expect(call(rec.call_sid).capabilities).to.include('transfer');
    // sip:refer needs an answered call (TaskPreconditions.StableCall): not while it rings.
    expect(call(ringing.call_sid).capabilities).to.not.include('transfer');
    expect((await rejection(controller.transfer('+14155550100', ringing.call_sid))).code).to.equal('unsupported');
    await controller.transfer('+1 415 555 0100', rec.call_sid);
    await controller.transfer({ to: 'sip:desk@example.com', kind: 'sip' }, rec.call_sid);
    expect((await world.log()).updates[rec.call_sid]).to.deep.equal([
      { call_hook: { url: 'https://example.com/transfer?app=1&to=%2B14155550100&kind=phone', method: 'post' } },
      { call_hook: { url: 'https://example.com/transfer?app=1&to=sip%3Adesk%40example.com&kind=sip', method: 'post' } },
    ]);
    // No consultative transfer on jambonz.
    expect((await rejection(controller.transfer({ callId: ringing.call_sid }, rec.call_sid))).code).to.equal('unsupported');
    await expectValid(world);

    const plain = await start(world);
    expect(plain.s().calls.find((c) => c.id === rec.call_sid)!.capabilities).to.not.include('transfer');
    expect((await rejection(plain.controller.transfer('+14155550100', rec.call_sid))).code).to.equal('unsupported');
  });

  it('a failed outbound leg ends with the reason its SIP status gives', async () => {
    const world = new JambonzWorld();
    const cases: [number, string][] = [[486, 'busy'], [480, 'no-answer'], [404, 'unavailable'], [603, 'declined'], [403, 'forbidden'], [500, 'failed']];
    const legs = cases.map(() => world.call({ direction: 'outbound', call_status: 'ringing', sip_status: 180, duration: 0 }));
    await world.seed(...legs);
    const { controller } = await start(world);
    const ended = new Map<string, { code: string; platformCode?: string }>();
    controller.addEventListener('call-ended', (e) => ended.set(e.detail.call.id, e.detail.call.endReason!));
    // One at a time: the controller announces one `call-ended` per change it notifies.
    for (const [i, [sip]] of cases.entries()) {
      await world.set(legs[i]!.call_sid, { call_status: 'failed', sip_status: sip });
      await controller.refresh();
      await until(() => ended.has(legs[i]!.call_sid), `leg ${i} ended`, LOADED);
    }
    expect(legs.map((leg) => ended.get(leg.call_sid)!.code)).to.deep.equal(cases.map(([, code]) => code));
    expect(ended.get(legs[0]!.call_sid)!.platformCode).to.equal('failed 486');
  });

  it('the stand-in refuses hang-ups the feature server refuses: completed before answer, no-answer after', async () => {
    const world = new JambonzWorld();
    const answered = world.call();
    const ringingOut = world.call({ direction: 'outbound', call_status: 'ringing', duration: 0 });
    await world.seed(answered, ringingOut);
    const refused = [
      await postUpdate(JAMBONZ_API, world, answered.call_sid, { call_status: 'no-answer' }),
      await postUpdate(JAMBONZ_API, world, ringingOut.call_sid, { call_status: 'completed' }),
    ];
    expect(refused.map((r) => r.status)).to.deep.equal([422, 422]);
    // The adapter picks the one that fits the state, so both hang up.
    const { s, controller } = await start(world);
    await controller.hangUp(answered.call_sid);
    await controller.hangUp(ringingOut.call_sid);
    await controller.refresh();
    await until(() => s().calls.length === 0, 'both ended', LOADED);
    expect((await world.log()).updates).to.deep.equal({
      [answered.call_sid]: [{ call_status: 'completed' }],
      [ringingOut.call_sid]: [{ call_status: 'no-answer' }],
    });
  });

  it('declining (or hanging up) a ringing inbound leg ends it declined at once; its stale record stays ended', async () => {
    const world = new JambonzWorld();
    const first = world.call({ call_status: 'ringing', duration: 0 });
    const second = world.call({ call_status: 'early-media', duration: 0 });
    await world.seed(first, second);
    const { s, controller } = await start(world);
    const ended: string[] = [];
    controller.addEventListener('call-ended', (e) => ended.push(`${e.detail.call.id}:${e.detail.call.endReason!.code}`));
    await controller.reject(first.call_sid);
    await until(() => ended.length === 1, 'first ended', LOADED);
    await controller.hangUp(second.call_sid);
    await until(() => ended.length === 2, 'second ended', LOADED);
    expect(ended).to.deep.equal([`${first.call_sid}:declined`, `${second.call_sid}:declined`]);
    // jambonz keeps the records' last status (no status change after a decline); reading them again
    // neither revives the calls nor ends them twice, and the session is gone for further updates.
    await controller.refresh();
    await settle();
    expect([s().calls, ended.length]).to.deep.equal([[], 2]);
    const listed = (await (await fetch(`${JAMBONZ_API}/v1/Accounts/${world.account}/Calls`, { headers: auth })).json()) as { call_status: string }[];
    expect(listed.map((c) => c.call_status).sort()).to.deep.equal(['early-media', 'ringing']);
    expect((await postUpdate(JAMBONZ_API, world, first.call_sid, { mute_status: 'mute' })).status).to.equal(422);
    expect((await world.log()).updates).to.deep.equal({ [first.call_sid]: [{ call_status: 'no-answer' }], [second.call_sid]: [{ call_status: 'no-answer' }] });
  });
});

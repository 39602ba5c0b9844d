/**
 * The Genesys provider against the real Platform API client (`purecloud-platform-client-v2`), pointed with
 * `setGateway` at a validating Prism mock of the Platform API spec plus a notifications WebSocket stand-in
 * (test/harness/plugins/genesys.mjs). Every request the adapter makes is checked against the spec.
 */
import { eventually } from './eventually.js';
import { expect, fixture, html } from '@open-wc/testing';
import type { Models } from 'purecloud-platform-client-v2';
import { CallError } from '../../src/core/errors.js';
import { loadPlatformClient, toCallError, unwrap } from '../../src/providers/genesys/platform-client.js';
import { until } from '../harness/recording-provider.js';
import { GENESYS_GATEWAY, GenesysWorld, USER_ID, alertingCall, connectedCall } from '../fixtures/genesys/world.js';
import { call, connected, errorShown, expectAllValid, genesys, item, mount, since, snap, standInFirst, type Mounted } from '../fixtures/genesys/session.js';

describe('genesys provider (Platform API client → Prism)', function () {
  this.timeout(60000);

  standInFirst();

  it('connects as the signed-in user and lists their calls, every request valid against the spec', async () => {
    const world = new GenesysWorld();
    await world.seed([connectedCall(), alertingCall()]);
    const m = await mount(world);
    await connected(m);
    await until(() => snap(m).calls.length === 2, 'two calls');
    const s = snap(m);
    expect(s.platform).to.deep.include({ kind: 'genesys', mode: 'control', destinations: ['phone', 'user', 'queue'] });
    expect(s.self).to.deep.equal({ id: USER_ID, displayName: 'Avery Agent', address: 'avery@example.com' });
    const live = call(m, 'conv-connected')!;
    expect(live.state).to.equal('connected');
    expect(live.direction).to.equal('incoming');
    expect(live.meta.queue).to.equal('Support');
    expect(live.participants.map((p) => [p.displayName, p.role, p.state])).to.deep.equal([
      ['Casey Customer', 'customer', 'connected'],
      ['Avery Agent', 'agent', 'connected'],
    ]);
    expect(live.capabilities).to.include.members(['hold', 'participant-mute', 'participant-hold', 'record', 'remove-participant', 'dtmf', 'transfer']);
    expect(live.capabilities).not.to.include('video');
    const ringing = call(m, 'conv-alerting')!;
    expect(ringing.state).to.equal('ringing');
    // The agent's calls in <call-list>: who, which way, what state.
    await until(() => m.root.querySelector('call-list')!.shadowRoot!.querySelectorAll('[part~="call"]').length === 2, 'two calls listed');
    const rows = [...m.root.querySelector('call-list')!.shadowRoot!.querySelectorAll<HTMLElement>('[part~="call"]')];
    expect(rows.map((r) => [r.querySelector('[part="party"]')!.textContent.trim(), r.dataset.direction, r.dataset.state])).to.deep.equal([
      ['Casey Customer', 'incoming', 'connected'],
      ['Robin Ringer', 'incoming', 'ringing'],
    ]);
    const requests = await world.requests();
    expect(requests.map((r) => `${r.method} ${r.path}`)).to.include.members([
      'GET /api/v2/users/me',
      'POST /api/v2/notifications/channels',
      `PUT /api/v2/notifications/channels/${requests.find((r) => r.method === 'PUT')?.path.split('/')[5]}/subscriptions`,
      'GET /api/v2/conversations/calls',
    ]);
    expect(requests.find((r) => r.method === 'PUT')!.body).to.deep.equal([{ id: `v2.users.${USER_ID}.conversations.calls` }]);
    expectAllValid(requests);
    expect(requests.every((r) => r.checkedBy === 'prism')).to.equal(true);
    const state = await world.state();
    expect(state.channels.map(({ topics, sockets }) => ({ topics, sockets }))).to.deep.equal([{ topics: [`v2.users.${USER_ID}.conversations.calls`], sockets: 1 }]);
  });

  it('the spec check can fail: a wrong enum, type or misspelt field is refused by Prism', async () => {
    const world = new GenesysWorld();
    await world.seed([connectedCall()]);
    const api = await loadPlatformClient(undefined, GENESYS_GATEWAY);
    api.client.setAccessToken(world.token);
    const wrongEnum = { state: 'hungup' } as unknown as Models.MediaParticipantRequest;
    const wrongType = { held: 'yes' } as unknown as Models.MediaParticipantRequest;
    const misspelt = { mute: true } as unknown as Models.MediaParticipantRequest;
    for (const body of [wrongEnum, wrongType, misspelt]) {
      let failure: CallError | null = null;
      try {
        await api.conversations.patchConversationsCallParticipant('conv-connected', 'conv-connected-customer', body);
      } catch (error) {
        failure = toCallError(error);
      }
      expect(failure, JSON.stringify(body)).to.be.instanceOf(CallError);
      expect(failure!.code).to.equal('invalid-argument');
    }
    // A wrong method on a real path, too.
    let wrongMethod = 0;
    await api.client
      .callApi('/api/v2/conversations/calls/{id}/participants/{pid}', 'PUT', { id: 'c', pid: 'p' }, {}, {}, {}, { held: true }, ['PureCloud OAuth'], ['application/json'], ['application/json'])
      .catch((error: unknown) => (wrongMethod = toCallError(error).cause ? (toCallError(error).cause as { status: number }).status : -1));
    expect(wrongMethod).to.be.oneOf([404, 405]);
    const requests = await world.requests();
    expect(requests.filter((r) => r.status >= 400).map((r) => r.status)).to.deep.equal([400, 400, 400, wrongMethod]);
    expect(requests[0]!.violations).to.contain('state');
    expect(requests[2]!.violations).to.contain('mute');
    // The same client with a valid body passes.
    unwrap(await api.conversations.patchConversationsCallParticipant('conv-connected', 'conv-connected-customer', { held: true }));
    expect((await world.requests()).at(-1)!.status).to.equal(202);
  });

  it('a participant put on hold elsewhere shows as held in <participant-list>, through the notification channel', async () => {
    const world = new GenesysWorld();
    await world.seed([connectedCall()]);
    const m = await mount(world);
    await connected(m);
    await until(() => !!item(m, 'Casey Customer'), 'customer listed');
    expect(item(m, 'Casey Customer')!.dataset.state).to.equal('connected');
    const reads = (await world.requests()).filter((r) => r.path === '/api/v2/conversations/calls').length;
    await world.change('conv-connected', 'conv-connected-customer', { held: true });
    await until(() => item(m, 'Casey Customer')?.dataset.state === 'on-hold', 'customer shown on hold');
    const li = item(m, 'Casey Customer')!;
    expect(li.querySelector('[part="state"]')!.textContent).to.equal('On hold');
    expect(li.querySelector('[part~="hold"]')!.getAttribute('aria-pressed')).to.equal('true');
    await world.change('conv-connected', 'conv-connected-customer', { muted: true, recording: true });
    await until(() => !!item(m, 'Casey Customer')?.querySelector('[part~="recording"]'), 'recording badge');
    expect(item(m, 'Casey Customer')!.querySelector('[part~="mute"]')!.getAttribute('aria-pressed')).to.equal('true');
    // Events, not polling, carried it.
    expect((await world.requests()).filter((r) => r.path === '/api/v2/conversations/calls').length).to.equal(reads);
  });

  it('agent actions are spec-valid Platform API requests: participant mute, hold, record, remove; DTMF; answer; transfer', async () => {
    const world = new GenesysWorld();
    await world.seed([connectedCall(), alertingCall()]);
    const m = await mount(world);
    await connected(m);
    await until(() => !!item(m, 'Casey Customer'), 'customer listed');
    const n = (await world.requests()).length;
    // A user gesture in the list: mute the customer.
    item(m, 'Casey Customer')!.querySelector<HTMLButtonElement>('[part~="mute"]')!.click();
    await until(() => item(m, 'Casey Customer')?.querySelector('[part~="mute"]')?.getAttribute('aria-pressed') === 'true', 'customer muted');
    await m.controller.participantAction('conv-connected-customer', { type: 'record', recording: true }, 'conv-connected');
    await m.controller.hold('conv-connected');
    await until(() => call(m, 'conv-connected')?.state === 'on-hold', 'call on hold');
    await m.controller.resume('conv-connected');
    await m.controller.sendDtmf('12#', 'conv-connected');
    expect(call(m, 'conv-connected')!.dtmf).to.equal('12#');
    await m.controller.accept('conv-alerting');
    await until(() => call(m, 'conv-alerting')?.state === 'connected', 'answered call connected');
    await m.controller.transfer('+12025550199', 'conv-alerting');
    await until(() => !call(m, 'conv-alerting'), 'transferred call gone');
    expect(snap(m).lastEndedCall).to.deep.include({ id: 'conv-alerting' });
    expect(snap(m).lastEndedCall!.endReason).to.deep.equal({ code: 'hung-up', platformCode: 'transfer', message: 'Transferred' });
    await m.controller.removeParticipant('conv-connected-customer', 'conv-connected');
    await until(() => !call(m, 'conv-connected'), 'call ended after the customer was removed');
    const sent = since(await world.requests(), n).map((r) => [r.method, r.path.replace('/api/v2/conversations', ''), r.body, r.checkedBy]);
    expect(sent).to.deep.equal([
      ['PATCH', '/calls/conv-connected/participants/conv-connected-customer', { muted: true }, 'prism'],
      ['PATCH', '/calls/conv-connected/participants/conv-connected-customer', { recording: true }, 'prism'],
      ['PATCH', '/calls/conv-connected/participants/conv-connected-agent', { held: true }, 'prism'],
      ['PATCH', '/calls/conv-connected/participants/conv-connected-agent', { held: false }, 'prism'],
      ['POST', '/conv-connected/participants/conv-connected-agent/digits', { digits: '12#' }, 'd.ts'],
      ['PATCH', '/calls/conv-alerting/participants/conv-alerting-agent', { state: 'connected' }, 'prism'],
      ['POST', '/calls/conv-alerting/participants/conv-alerting-agent/replace', { address: '+12025550199' }, 'prism'],
      ['PATCH', '/calls/conv-connected/participants/conv-connected-customer', { state: 'disconnected' }, 'prism'],
    ]);
    expectAllValid(await world.requests());
  });

  it('places calls to a number, a user and a queue, on behalf of a queue, and hangs up', async () => {
    const world = new GenesysWorld();
    await world.seed([], { connectDelayMs: 150 });
    const m = await mount(world, { callFromQueueId: 'queue-sales' });
    await connected(m);
    const phone = await m.controller.startCall('+12025550123', { kind: 'phone' });
    expect(['connecting', 'ringing', 'connected']).to.include(call(m, phone)!.state);
    await until(() => call(m, phone)?.state === 'connected', 'outbound call answered');
    expect(call(m, phone)!.direction).to.equal('outgoing');
    expect(call(m, phone)!.remoteParties[0]!.address).to.equal('+12025550123');
    const user = await m.controller.startCall('user-42', { kind: 'user' });
    const queue = await m.controller.startCall('queue-billing', { kind: 'queue' });
    await until(() => !!call(m, user) && !!call(m, queue), 'both calls listed');
    await m.controller.hangUp(phone);
    await until(() => !call(m, phone), 'hung-up call gone');
    expect(snap(m).lastEndedCall!.endReason!.code).to.equal('hung-up');
    let unsupported: unknown = null;
    await m.controller.startCall('sip:x@example.com', { kind: 'sip' }).catch((e: unknown) => (unsupported = e));
    expect((unsupported as CallError).code).to.equal('unsupported');
    const requests = await world.requests();
    expect(requests.filter((r) => r.method === 'POST' && r.path === '/api/v2/conversations/calls').map((r) => r.body)).to.deep.equal([
      { phoneNumber: '+12025550123', callFromQueueId: 'queue-sales' },
      { callUserId: 'user-42', callFromQueueId: 'queue-sales' },
      { callQueueId: 'queue-billing', callFromQueueId: 'queue-sales' },
    ]);
    expect(requests.find((r) => r.method === 'PATCH')!.body).to.deep.equal({ state: 'disconnected' });
    expectAllValid(requests);
  });

  it('polling: one read at a time, a 429 shows rate-limited and the next read waits for Retry-After, then recovers', async () => {
    const world = new GenesysWorld();
    // Each answer takes longer than the poll period: an overlapping poller would show 2+ reads in flight.
    await world.seed([connectedCall()], { latencyMs: 150 });
    const m = await mount(world, { updates: 'poll', pollIntervalMs: 100 });
    await connected(m);
    const readCount = async () => (await world.requests()).filter((r) => r.path === '/api/v2/conversations/calls').length;
    await eventually(async () => (await readCount()) >= 5, 'five reads');
    await world.fail({ status: 429, retryAfter: 1, method: 'GET', path: '/conversations/calls' });
    await until(() => errorShown(m)?.dataset.code === 'rate-limited', 'rate-limited error shown', 5000);
    expect(snap(m).error!.code).to.equal('rate-limited');
    await until(() => !errorShown(m), 'error cleared after recovery', 5000);
    expect(snap(m).connection).to.equal('connected');
    const reads = (await world.requests()).filter((r) => r.path === '/api/v2/conversations/calls');
    const limited = reads.findIndex((r) => r.status === 429);
    expect(limited).to.be.greaterThan(0);
    expect(reads[limited + 1]!.at - reads[limited]!.at).to.be.at.least(1000);
    expect((await world.state()).maxInFlight).to.equal(1);
    expect(call(m, 'conv-connected')!.state).to.equal('connected');
  });

  it('401: a refreshable token recovers; a fixed token stops polling; a bad token fails the connection with auth-failed', async () => {
    const world = new GenesysWorld();
    await world.seed([connectedCall()]);
    let asked = 0;
    const m = await mount(world, { updates: 'poll', pollIntervalMs: 100, token: () => (++asked, Promise.resolve(world.token)) });
    await connected(m);
    expect(asked).to.equal(1);
    await world.fail({ status: 401, method: 'GET', path: '/conversations/calls', count: 2 });
    await until(() => errorShown(m)?.dataset.code === 'token-expired', 'token-expired shown', 5000);
    expect(asked).to.equal(2); // one fresh token, one retry, then reported
    await until(() => !errorShown(m) && snap(m).connection === 'connected', 'recovered', 5000);

    const fixed = new GenesysWorld();
    await fixed.seed([connectedCall()]);
    const f = await mount(fixed, { updates: 'poll', pollIntervalMs: 100 });
    await connected(f);
    await fixed.fail({ status: 401, method: 'GET', path: '/conversations/calls', count: 1 });
    await until(() => errorShown(f)?.dataset.code === 'token-expired', 'token-expired shown', 5000);
    expect(snap(f).connection).to.equal('failed');
    // Stopped: no round in flight and none scheduled, so no request can follow.
    await until(() => !genesys(f).updating, 'polling stopped');

    const bad = new GenesysWorld();
    const b = await mount(bad, { token: 'expired-token' });
    await until(() => errorShown(b)?.dataset.code === 'auth-failed', 'auth-failed shown', 10000);
    expect(snap(b).connection).to.equal('failed');
    expect(errorShown(b)!.textContent).to.contain('Sign-in failed');
  });

  it('network loss: the channel drops, a network error shows, and everything recovers with missed changes', async () => {
    const world = new GenesysWorld();
    await world.seed([connectedCall()]);
    const m = await mount(world);
    await connected(m);
    await until(() => !!item(m, 'Casey Customer'), 'customer listed');
    await world.offline(true);
    await until(() => errorShown(m)?.dataset.code === 'network', 'network error shown', 8000);
    expect(snap(m).connection).to.equal('reconnecting');
    // Changed while we could not hear about it.
    await world.change('conv-connected', 'conv-connected-customer', { held: true }, false);
    await world.offline(false);
    await until(() => !errorShown(m) && snap(m).connection === 'connected', 'recovered', 10000);
    await until(() => item(m, 'Casey Customer')?.dataset.state === 'on-hold', 'missed change shown');
    expect((await world.state()).channels.filter((c) => c.sockets > 0)).to.have.length(1);
    expectAllValid((await world.requests()).filter((r) => r.status !== 0));
  });

  it('removing the session stops polling and closes the channel', async () => {
    const world = new GenesysWorld();
    await world.seed([connectedCall()]);
    const polled = await mount(world, { updates: 'poll', pollIntervalMs: 100 });
    await connected(polled);
    const socketWorld = new GenesysWorld();
    await socketWorld.seed([connectedCall()]);
    const pushed = await mount(socketWorld);
    await connected(pushed);
    expect((await socketWorld.state()).channels[0]!.sockets).to.equal(1);
    polled.root.remove();
    pushed.root.remove();
    // No round in flight and none scheduled: nothing can send another request.
    await until(() => !genesys(polled).updating, 'polling stopped');
    await eventually(async () => (await socketWorld.state()).channels[0]!.sockets === 0, 'the channel closed');
  });

  it('bad options show an invalid-argument error instead of failing requests', async () => {
    const root = await fixture<HTMLElement>(html`<div>
      <call-session provider="genesys" .providerOptions=${{ clientId: 'abc' }}><call-status></call-status></call-session>
    </div>`);
    const controller = await root.querySelector('call-session')!.whenReady();
    const m = { root, controller } as unknown as Mounted;
    await until(() => errorShown(m)?.dataset.code === 'invalid-argument', 'invalid-argument shown');
    expect(errorShown(m)!.textContent).to.contain('redirectUri');
  });
});

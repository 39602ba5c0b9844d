/**
 * How Genesys calls end, through the real client, Prism and the stand-in: the leg that ends first carries
 * the scenario's disconnectType (timeout, uncallable, endpoint, transport.failure, client, transfer) and the
 * platform closes the rest as `peer`, so the adapter must read the reason from the right leg. And the
 * notification channel: reconnects reuse it instead of piling up channels with live subscriptions.
 */
import { expect } from '@open-wc/testing';
import { eventually } from './eventually.js';
import { until } from '../harness/recording-provider.js';
import { GenesysWorld, USER_ID, connectedCall } from '../fixtures/genesys/world.js';
import { call, connected, endShown, errorShown, expectAllValid, mount, mountWithCalls, snap, standInFirst, type Mounted } from '../fixtures/genesys/session.js';

const TOPIC = `v2.users.${USER_ID}.conversations.calls`;

/**
 * Waits for `id` to leave the list and returns its end reason, and what <call-status> shows for it (only
 * once no other call is left: until then it shows the active call).
 */
async function endedAs(m: Mounted, id: string): Promise<{ code: string; platformCode: string | undefined; shown?: string | undefined }> {
  await until(() => snap(m).lastEndedCall?.id === id && !call(m, id), `${id} ended`, 15000);
  const reason = snap(m).lastEndedCall!.endReason!;
  if (snap(m).calls.length) return { code: reason.code, platformCode: reason.platformCode };
  await until(() => endShown(m)?.dataset.reason === reason.code, 'the end reason shown', 5000);
  return { code: reason.code, platformCode: reason.platformCode, shown: endShown(m)!.textContent?.trim() };
}

describe('genesys endings and the notification channel', function () {
  this.timeout(90000);

  standInFirst();

  it('an outbound call nobody answers ends as no-answer, an uncallable number as unavailable', async () => {
    const world = new GenesysWorld();
    await world.seed([], { connectDelayMs: 150 });
    await world.dialOutcome('+12025550404', 'timeout');
    await world.dialOutcome('+12025550999', 'uncallable');
    const m = await mount(world);
    await connected(m);
    const unanswered = await m.controller.startCall('+12025550404', { kind: 'phone' });
    expect(await endedAs(m, unanswered)).to.deep.equal({ code: 'no-answer', platformCode: 'timeout', shown: 'No answer' });
    const uncallable = await m.controller.startCall('+12025550999', { kind: 'phone' });
    expect(await endedAs(m, uncallable)).to.deep.equal({ code: 'unavailable', platformCode: 'uncallable', shown: 'Unavailable' });
    // The far leg carried the reason; the agent's own leg was closed by the platform as `peer`.
    const ended = (await world.state()).conversations.find((c) => c.id === unanswered)!;
    expect(ended.participants!.map((p) => [p.purpose, p.disconnectType])).to.deep.equal([
      ['agent', 'peer'],
      ['customer', 'timeout'],
    ]);
    expectAllValid(await world.requests());
  });

  it('each ending reads from the leg that ended first: far phone, far network, the agent, a transfer', async () => {
    const m = await mountWithCalls(['conv-a', 'conv-b', 'conv-c', 'conv-d']);
    const { world } = m;
    await world.end('conv-a', 'conv-a-customer', 'endpoint');
    expect(await endedAs(m, 'conv-a')).to.deep.include({ code: 'remote-hung-up', platformCode: 'peer' });
    await world.end('conv-b', 'conv-b-customer', 'transport.failure');
    expect(await endedAs(m, 'conv-b')).to.deep.equal({ code: 'network', platformCode: 'transport.failure' });
    await m.controller.hangUp('conv-c');
    expect(await endedAs(m, 'conv-c')).to.deep.include({ code: 'hung-up', platformCode: 'client' });
    await m.controller.transfer({ to: 'queue:queue-billing' }, 'conv-d');
    expect(await endedAs(m, 'conv-d')).to.deep.equal({ code: 'hung-up', platformCode: 'transfer', shown: 'Call ended' });
    expect(snap(m).lastEndedCall!.endReason!.message).to.equal('Transferred');
    expectAllValid(await world.requests());
  });

  it('reconnects reuse the notification channel: one channel, one subscription, after three network losses', async () => {
    const world = new GenesysWorld();
    await world.seed([connectedCall()]);
    const m = await mount(world);
    await connected(m);
    const first = (await world.state()).channels;
    expect(first).to.have.length(1);
    for (let round = 1; round <= 3; round++) {
      await world.offline(true);
      await until(() => snap(m).connection === 'reconnecting', `round ${round}: reconnecting`, 10000);
      await world.offline(false);
      await until(() => !errorShown(m) && snap(m).connection === 'connected', `round ${round}: recovered`, 20000);
      await eventually(async () => (await world.state()).channels.some((c) => c.sockets === 1), `round ${round}: socket open`);
    }
    const { channels } = await world.state();
    expect(channels).to.deep.equal([{ id: first[0]!.id, topics: [TOPIC], sockets: 1 }]);
    const requests = await world.requests();
    expect(requests.filter((r) => r.method === 'POST' && r.path === '/api/v2/notifications/channels')).to.have.length(1);
    // Events still arrive on the reused channel.
    await world.change('conv-connected', 'conv-connected-customer', { held: true });
    await until(() => call(m, 'conv-connected')?.participants.find((p) => p.role === 'customer')?.state === 'on-hold', 'event after reconnects');
    expectAllValid(requests.filter((r) => r.status !== 0));
  });

  it('an expired channel is replaced; disconnecting removes the subscriptions', async () => {
    const world = new GenesysWorld();
    await world.seed([connectedCall()]);
    const m = await mount(world);
    await connected(m);
    const [old] = (await world.state()).channels;
    await world.expireChannels();
    await eventually(async () => (await world.state()).channels.some((c) => c.sockets === 1), 'a new channel open', 20000);
    const { channels } = await world.state();
    expect(channels.map((c) => [c.topics, c.sockets])).to.deep.equal([[[TOPIC], 1]]);
    expect(channels[0]!.id).to.not.equal(old!.id);
    // The old id was tried first and refused (404) before a new channel was made.
    const channelRequests = (await world.requests()).filter((r) => r.path.startsWith('/api/v2/notifications/channels')).map((r) => [r.method, r.path.split('/')[5] ?? '', r.status]);
    expect(channelRequests.slice(-3)).to.deep.equal([
      ['PUT', old!.id, 404],
      ['POST', '', 200],
      ['PUT', channels[0]!.id, 200],
    ]);
    await world.change('conv-connected', 'conv-connected-customer', { muted: true });
    await until(() => call(m, 'conv-connected')?.participants.find((p) => p.role === 'customer')?.muted === true, 'event on the new channel');
    m.root.remove();
    await eventually(async () => {
      const after = (await world.state()).channels;
      return after.length === 1 && after[0]!.sockets === 0 && after[0]!.topics.length === 0;
    }, 'socket closed and subscriptions removed');
  });
});

/**
 * The local provider against two signaling server processes sharing one Redis
 * (test/harness/plugins/signaling-cluster.mjs): alice reaches the cluster through a load balancer that lands
 * her on process A, bob is on process B. They have a real call with media flowing; A is killed; alice's
 * client reconnects through the balancer, lands on B, and resumes: media never stops, both UIs say connected,
 * and signaling works inside the call afterwards. And Redis restarted mid-call: both are told, media goes on,
 * and the call is restored when it returns.
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { CallController } from '../../src/core/controller.js';
import '../../src/elements/call-session/define.js';
import '../../src/elements/call-status/define.js';
import { until } from '../harness/recording-provider.js';
import { connectedPair, frames, releaseParties, type Party } from '../fixtures/local/parties.js';

interface Cluster {
  id: string;
  balancer: string;
  a: string;
  b: string;
}

const clusters: string[] = [];

async function harness<T>(action: string, query: Record<string, string>): Promise<T> {
  const params = new URLSearchParams({ ...query, n: String(Math.random()) });
  const reply = (await (await fetch(`/__cluster/${action}?${params.toString()}`)).json()) as T & { error?: string };
  if (reply.error) throw new Error(`cluster harness ${action}: ${reply.error}`);
  return reply;
}

/** Shortened timings: a dead process is noticed in about a second. */
async function startCluster(): Promise<Cluster> {
  const cluster = await harness<Cluster>('start', { limits: JSON.stringify({ nodeTimeoutMs: 1500, rate: 500, burst: 1000 }) });
  clusters.push(cluster.id);
  return cluster;
}

/** What the person sees: a `<call-status>` inside a `<call-session>` showing this party's controller. */
async function statusOf(controller: CallController): Promise<HTMLElement> {
  const session = await fixture(html`<call-session .controller=${controller}><call-status></call-status></call-session>`);
  return session.querySelector('call-status')!;
}
const part = (host: Element, name: string) => host.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const showsConnected = (status: Element) => part(status, 'state')?.dataset.state === 'connected' && !part(status, 'connection');

afterEach(async () => {
  await releaseParties();
  await Promise.all(clusters.splice(0).map((id) => harness('stop', { id })));
});

describe('local provider: several server processes as one (Redis)', function () {
  this.timeout(120000);

  it('alice on A calls bob on B with media flowing; A is killed; alice resumes through B with the call alive', async () => {
    const cluster = await startCluster();
    const [alice, bob]: [Party, Party] = await connectedPair(cluster.balancer, cluster.b);
    const [aliceUi, bobUi] = [await statusOf(alice.controller), await statusOf(bob.controller)];
    await until(() => showsConnected(aliceUi) && showsConnected(bobUi), 'both UIs show the call connected', 10000);
    await Promise.all([frames(bob, alice.user), frames(alice, bob.user)]);

    const seen: string[] = [];
    alice.controller.addEventListener('call-connection-change', (e) => seen.push(e.detail.state));
    await harness('kill', { id: cluster.id, which: 'a' });
    await until(() => seen.includes('reconnecting'), 'alice notices her process is gone', 15000);
    await until(() => alice.s().connection === 'connected', 'alice is back, through the balancer, on B', 20000);
    // Nobody hung up: both calls are still the same connected call, and both UIs say so.
    expect([alice.s().calls.length, bob.s().calls.length]).to.deep.equal([1, 1]);
    expect([alice.call().state, bob.call().state]).to.deep.equal(['connected', 'connected']);
    await until(() => showsConnected(aliceUi) && showsConnected(bobUi), 'both UIs show connected after the resume', 10000);
    // Media still flows both ways (frames painted after the kill).
    const [atAlice, atBob] = await Promise.all([frames(alice, bob.user, 5), frames(bob, alice.user, 5)]);
    expect(atAlice.width).to.be.above(0);
    expect(atBob.width).to.be.above(0);
    // Signaling inside the call works through B: a mute crosses, and so does the hang-up.
    await bob.controller.setMuted(true);
    await until(() => alice.call().participants[0]!.muted, 'alice sees bob muted', 10000);
    await alice.controller.setMuted(true);
    await until(() => bob.call().participants[0]!.muted, 'bob sees alice muted', 10000);
    await alice.controller.hangUp();
    await until(() => bob.s().calls.length === 0, 'the hang-up reaches bob', 10000);
    expect(bob.s().lastEndedCall!.endReason!.code).to.equal('remote-hung-up');
  });

  it('Redis restarted mid-call: both are told and see Reconnecting…, media keeps flowing, and the call is whole again after', async () => {
    const cluster = await startCluster();
    const [alice, bob]: [Party, Party] = await connectedPair(cluster.a, cluster.b);
    const [aliceUi, bobUi] = [await statusOf(alice.controller), await statusOf(bob.controller)];
    await Promise.all([frames(bob, alice.user), frames(alice, bob.user)]);

    await harness('redis-stop', { id: cluster.id });
    await until(() => alice.s().connection === 'reconnecting' && bob.s().connection === 'reconnecting', 'both see Reconnecting…', 15000);
    await until(() => part(aliceUi, 'connection')?.dataset.state === 'reconnecting', 'alice’s UI says so', 5000);
    await until(() => /unreachable/.test(alice.s().error?.message ?? ''), 'alice is told why', 10000);
    // Media is browser to browser: it flows while the signaling store is away.
    await Promise.all([frames(bob, alice.user, 5), frames(alice, bob.user, 5)]);
    expect([alice.call().state, bob.call().state]).to.deep.equal(['connected', 'connected']);

    await harness('redis-start', { id: cluster.id });
    await until(() => alice.s().connection === 'connected' && bob.s().connection === 'connected', 'both signed in again', 30000);
    // Both claimed the call, so the cluster restored it: still one connected call each, and signaling inside it works.
    expect([alice.s().calls.length, bob.s().calls.length]).to.deep.equal([1, 1]);
    await until(() => showsConnected(aliceUi) && showsConnected(bobUi), 'both UIs show connected', 10000);
    await bob.controller.setMuted(true);
    await until(() => alice.call().participants[0]!.muted, 'alice sees bob muted', 10000);
    await bob.controller.hangUp();
    await until(() => alice.s().calls.length === 0, 'the hang-up reaches alice', 10000);
    expect(alice.s().lastEndedCall!.endReason!.code).to.equal('remote-hung-up');
  });
});

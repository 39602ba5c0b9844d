/**
 * The local provider in rooms and across a signaling-server restart: real RTCPeerConnections, fake devices,
 * the real server (a private one for the restart, from test/harness/plugins/signaling.mjs).
 */
import { expect } from '@open-wc/testing';
import { until } from '../harness/recording-provider.js';
import { frames, party, releaseParties, runId } from '../fixtures/local/parties.js';

/** A signaling server of this test's own, so restarting it disturbs no other test. */
async function ownServer(): Promise<{ url: string; restart: () => Promise<void>; stop: () => Promise<void> }> {
  const { id, url } = (await (await fetch(`/__signaling/start?n=${Math.random()}`)).json()) as { id: string; url: string };
  const call = async (action: string) => {
    await (await fetch(`/__signaling/${action}?id=${id}&n=${Math.random()}`)).json();
  };
  return { url, restart: () => call('restart'), stop: () => call('stop') };
}

const stops: (() => Promise<void>)[] = [];

afterEach(async () => {
  await releaseParties();
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

describe('local provider: rooms and reconnection', function () {
  this.timeout(40000);

  it('three people in a room see and hear each other; leaving updates the others', async () => {
    const room = `room-${runId}`;
    const [a, b, c] = [await party('ann'), await party('ben'), await party('cy')];
    await a.controller.join({ room }, { video: true });
    expect(a.call().state).to.equal('connected');
    expect(a.call().participants).to.have.length(0);
    await b.controller.join({ room }, { video: true });
    await c.controller.join({ room }, { video: true });
    for (const p of [a, b, c]) {
      await until(() => p.s().calls[0]?.participants.length === 2 && p.call().participants.every((x) => x.state === 'connected'), `${p.user} connected to both`, 15000);
      expect(p.call().meta).to.deep.equal({ room });
    }
    const sizes = await Promise.all([frames(a, b.user), frames(a, c.user), frames(b, a.user), frames(b, c.user), frames(c, a.user), frames(c, b.user)]);
    // Six streams on two cores: the encoder may scale down under load, but every stream paints real frames.
    expect(sizes.every((s) => s.width >= 160 && s.height >= 120), JSON.stringify(sizes)).to.equal(true);
    await c.controller.setMuted(true);
    await until(() => a.call().participants.find((x) => x.id === c.user)!.muted && b.call().participants.find((x) => x.id === c.user)!.muted, 'both see cy muted');
    await c.controller.hangUp();
    await until(() => a.call().participants.length === 1 && b.call().participants.length === 1, 'cy left');
    expect(a.call().state).to.equal('connected');
  });

  it('a seventh person is refused with room-full', async () => {
    const room = `full-${runId}`;
    const people = await Promise.all(Array.from({ length: 7 }, (_, i) => party(`p${i}`)));
    for (const p of people.slice(0, 6)) await p.controller.join({ room }, { video: false });
    let code = '';
    await people[6]!.controller.join({ room }, { video: false }).catch((e: { code: string }) => (code = e.code));
    expect(code).to.equal('room-full');
    expect(people[6]!.s().error!.code).to.equal('room-full');
    expect(people[6]!.s().calls).to.have.length(0);
  });

  it('the server restarts mid-call: media keeps flowing, clients reconnect and signal again', async () => {
    const server = await ownServer();
    stops.push(server.stop);
    const alice = await party('alice', server.url);
    const bob = await party('bob', server.url);
    await alice.controller.startCall(bob.user, { video: true });
    await until(() => bob.s().calls[0]?.state === 'ringing', 'bob rings');
    await bob.controller.accept(bob.call().id, { video: true });
    await until(() => alice.s().calls[0]?.state === 'connected' && bob.s().calls[0]?.state === 'connected', 'connected', 10000);
    await frames(bob, alice.user);

    const states: string[] = [];
    alice.controller.addEventListener('call-connection-change', (e) => states.push(e.detail.state));
    await server.restart();
    await until(() => states.includes('reconnecting'), 'alice notices', 10000);
    await until(() => alice.s().connection === 'connected' && bob.s().connection === 'connected', 'both reconnected', 15000);
    expect(alice.call().state).to.equal('connected');
    expect(bob.call().state).to.equal('connected');
    // Frames still arrive, and signaling works again within the restored call.
    const view = await frames(alice, bob.user, 5);
    expect(view.width).to.equal(640);
    await bob.controller.setMuted(true);
    await until(() => alice.call().participants[0]!.muted, 'alice sees bob muted after the restart', 10000);
    await alice.controller.hangUp();
    await until(() => bob.s().calls.length === 0, 'hang-up reaches bob after the restart', 10000);
  });
});

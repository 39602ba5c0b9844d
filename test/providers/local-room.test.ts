/**
 * The local provider in rooms: real RTCPeerConnections, fake devices, the real server (started by
 * test/harness/plugins/signaling.mjs). Restarts and other faults are in local-faults.test.ts.
 */
import { expect } from '@open-wc/testing';
import { until } from '../harness/recording-provider.js';
import { frames, party, releaseParties, runId } from '../fixtures/local/parties.js';

afterEach(async () => {
  await releaseParties();
});

describe('local provider: rooms', function () {
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

  it('someone who leaves is no longer the dominant speaker', async () => {
    const room = `speaker-${runId}`;
    const [a, b, c] = [await party('ann'), await party('ben'), await party('cy')];
    for (const p of [a, b, c]) await p.controller.join({ room }, { video: false });
    await c.controller.setMuted(true);
    // The fake microphone's tone: ben is the only unmuted far party ann hears.
    await until(() => a.s().calls[0]?.dominantSpeakerId === b.user, 'ann sees ben as the dominant speaker', 20000);
    await b.controller.hangUp();
    await until(() => a.call().participants.length === 1, 'ben left');
    expect(a.call().dominantSpeakerId).to.not.equal(b.user);
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
});

/**
 * provider="janus" against a real Janus (Debian's janus, started by test/harness/plugins/janus.mjs on
 * loopback): rooms as a team running Janus sets them up (PIN, room secret), real PeerConnections, fake devices.
 */
import { expect } from '@open-wc/testing';
import { JANUS_FAILURE, JANUS_URL } from '/__janus.js';
import { until } from '../harness/recording-provider.js';
import { frames, newRoom, other, person, releasePeople } from '../fixtures/janus/people.js';

afterEach(releasePeople);

describe('provider="janus"', function () {
  this.timeout(60000);

  before(() => {
    if (!JANUS_URL) throw new Error(`Janus is not running: ${JANUS_FAILURE}`);
  });

  it('three people in a room with a PIN see each other, see mute, and see someone leave', async () => {
    const room = await newRoom({ pin: 'p1n-4-tests' });
    const [a, b, c] = await Promise.all([person('ann', { pin: 'p1n-4-tests' }), person('ben', { pin: 'p1n-4-tests' }), person('cy', { pin: 'p1n-4-tests' })]);
    for (const p of [a, b, c]) await p.controller.join({ room: String(room) }, { video: true });
    for (const p of [a, b, c]) {
      await until(() => p.call().participants.length === 2 && p.call().participants.every((x) => x.state === 'connected'), `${p.name} receives both`, 30000);
      expect(p.call().state).to.equal('connected');
    }
    const sizes = await Promise.all([frames(a, 'ben'), frames(a, 'cy'), frames(b, 'ann'), frames(c, 'ann')]);
    expect(sizes.every((s) => s.width > 0 && s.height > 0), JSON.stringify(sizes)).to.equal(true);

    // Janus's talking events (audiolevel_event) from the fake microphone's tone.
    await until(() => !!other(a, 'ben')?.speaking, 'ann sees ben speaking', 30000);

    await c.controller.setMuted(true);
    await until(() => !!other(a, 'cy')?.muted && !!other(b, 'cy')?.muted, 'both see cy muted', 20000);
    await c.controller.setMuted(false);
    await until(() => other(a, 'cy')?.muted === false, 'ann sees cy unmuted', 20000);

    await c.controller.hangUp();
    expect(c.s().calls).to.have.length(0);
    await until(() => a.call().participants.length === 1 && b.call().participants.length === 1, 'cy left both', 20000);
  });

  it('a speaker who leaves is no longer the dominant speaker', async () => {
    const room = String(await newRoom());
    const [ann, ben] = await Promise.all([person('ann'), person('ben')]);
    for (const p of [ann, ben]) await p.controller.join({ room }, { video: false });
    await until(() => !!other(ann, 'ben')?.speaking, 'ann sees ben speaking', 30000);
    const benId = other(ann, 'ben')!.id;
    expect(ann.call().dominantSpeakerId).to.equal(benId);
    await ben.controller.hangUp();
    await until(() => ann.call().participants.length === 0, 'ben gone at ann', 20000);
    // The last speaker stays dominant while present; one who left is nobody's dominant speaker.
    expect(ann.call().dominantSpeakerId).to.equal(null);
  });

  it('a wrong PIN is forbidden, a missing room is not-found, a dead server is network', async () => {
    const room = await newRoom({ pin: 'right' });
    const wrong = await person('eve', { pin: 'wrong' });
    const codes: string[] = [];
    await wrong.controller.join({ room: String(room) }, { video: false }).catch((e: { code: string }) => codes.push(e.code));
    const lost = await person('lou');
    await lost.controller.join({ room: '999999999' }, { video: false }).catch((e: { code: string }) => codes.push(e.code));
    const far = await person('far', {}, 'ws://127.0.0.1:9/');
    await far.controller.join({ room: String(room) }, { video: false }).catch((e: { code: string }) => codes.push(e.code));
    expect(codes).to.deep.equal(['forbidden', 'not-found', 'network']);
    for (const p of [wrong, lost, far]) {
      expect(p.s().calls).to.have.length(0);
      expect(p.s().error?.code).to.equal(codes[[wrong, lost, far].indexOf(p)]);
    }
  });

  it('with the room secret, a moderator mutes and removes someone; without it the actions are not offered', async () => {
    const room = await newRoom({ secret: 'mod-secret' });
    const mod = await person('mod', { secret: 'mod-secret' });
    const guest = await person('guest');
    await mod.controller.join({ room: String(room) }, { video: false });
    await guest.controller.join({ room: String(room) }, { video: false });
    expect(guest.call().capabilities).to.not.include('remove-participant');
    expect(mod.call().capabilities).to.include.members(['remove-participant', 'participant-mute']);
    await until(() => !!other(mod, 'guest'), 'mod sees guest', 20000);
    await mod.controller.participantAction(other(mod, 'guest')!.id, { type: 'mute', muted: true });
    await until(() => !!other(mod, 'guest')?.muted, 'guest muted by the moderator', 20000);
    await mod.controller.removeParticipant(other(mod, 'guest')!.id);
    await until(() => guest.s().calls.length === 0, 'guest removed', 20000);
    expect(guest.s().lastEndedCall?.endReason?.code).to.equal('forbidden');
    await until(() => mod.call().participants.length === 0, 'mod sees the guest gone', 20000);
  });
});

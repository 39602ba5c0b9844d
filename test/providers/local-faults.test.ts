/**
 * The local provider under faults, asserting what each user sees: a signaling server process killed and
 * started again mid-call, a party gone during the outage, a black-holed signaling path (an in-test TCP
 * proxy), an impostor taking a name during the outage, a state change made while the peer was away, and a
 * closed tab. Servers and proxies are the test's own (test/harness/plugins/signaling.mjs), all on loopback.
 */
import { expect } from '@open-wc/testing';
import { SIGNALING_URL } from '/__signaling.js';
import { CallController } from '../../src/core/controller.js';
import { CallError } from '../../src/core/errors.js';
import { LocalProvider } from '../../src/providers/local/local-provider.js';
import '../../src/elements/call-session/define.js';
import { until } from '../harness/recording-provider.js';
import { connectedPair, frames, name, party, releaseParties, releaseServers, ownServer, type Party } from '../fixtures/local/parties.js';

afterEach(async () => {
  await releaseParties();
  await releaseServers();
});

const ended = (p: Party) => p.s().calls.length === 0 && !!p.s().lastEndedCall?.endReason;

describe('local provider: faults', function () {
  this.timeout(90000);

  it('server killed and started again mid-call: the call survives, both back within 15 s, media flowing', async () => {
    const server = await ownServer();
    const [alice, bob] = await connectedPair(server.url);
    await frames(bob, alice.user);
    const seen: string[] = [];
    alice.controller.addEventListener('call-connection-change', (e) => seen.push(e.detail.state));
    await server.kill();
    await until(() => alice.s().connection === 'reconnecting' && bob.s().connection === 'reconnecting', 'both see Reconnecting…', 10000);
    await server.revive();
    const back = performance.now();
    await until(() => alice.s().connection === 'connected' && bob.s().connection === 'connected', 'both reconnected', 15000);
    expect(performance.now() - back).to.be.below(15000);
    expect(seen).to.include('reconnecting');
    expect([alice.call().state, bob.call().state]).to.deep.equal(['connected', 'connected']);
    // Frames are painted on both sides after the restart, and signaling works inside the restored call.
    const [atAlice, atBob] = await Promise.all([frames(alice, bob.user, 5), frames(bob, alice.user, 5)]);
    // Real frames with a size on both sides; WebRTC may scale 640 px down while the machine is busy.
    expect(atAlice.width).to.be.above(0);
    expect(atBob.width).to.be.above(0);
    await bob.controller.setMuted(true);
    await until(() => alice.call().participants[0]!.muted, 'alice sees bob muted after the restart', 10000);
    await alice.controller.hangUp();
    await until(() => bob.s().calls.length === 0, 'the hang-up reaches bob', 10000);
    expect(bob.s().lastEndedCall!.endReason!.code).to.equal('remote-hung-up');
  });

  it('one side gone during the outage: the survivor’s call ends within 20 s of the restart, with a reason, media stopped', async () => {
    const server = await ownServer();
    const [alice, bob] = await connectedPair(server.url);
    await server.kill();
    // Alice closes her tab while the server is down: her hang-up cannot reach anyone.
    await alice.controller.dispose();
    await server.revive();
    const back = performance.now();
    await until(() => ended(bob), 'bob’s call ends', 20000);
    expect(performance.now() - back).to.be.below(20000);
    const reason = bob.s().lastEndedCall!.endReason!;
    expect(reason.code).to.equal('network');
    expect(reason.message).to.be.a('string').and.not.equal('');
    expect(bob.provider.media.audio).to.equal(null); // microphone and camera released
    await until(() => bob.s().connection === 'connected', 'bob signed in again', 10000);
  });

  it('signaling black-holed longer than the server waits: both sides end, never one', async () => {
    // The hub's timings are shortened (1 s pings, 3 s grace) so a 12 s hole means what 45 s means by default.
    const server = await ownServer({ heartbeatMs: 1000, graceMs: 3000, restoreMs: 3000 });
    const path = await server.proxy();
    const [alice, bob] = await connectedPair(server.url, path.url);
    await path.blackhole(true);
    const start = performance.now();
    await until(() => bob.s().connection === 'reconnecting', 'bob notices the dead socket', 12000);
    expect(performance.now() - start).to.be.below(12000); // 8 s of silence at most, plus a loaded machine
    await until(() => ended(alice), 'alice’s call ends (bob gone from the server)', 15000);
    expect(alice.s().lastEndedCall!.endReason!.code).to.equal('network');
    await path.blackhole(false);
    await until(() => ended(bob), 'bob’s call ends too', 25000);
    expect(bob.s().lastEndedCall!.endReason!.code).to.equal('network');
    await until(() => bob.s().connection === 'connected', 'bob signed in again', 20000);
    expect([alice.s().calls.length, bob.s().calls.length]).to.deep.equal([0, 0]);
    expect(bob.provider.media.audio).to.equal(null);
  });

  it('an impostor takes the name during the outage: the original is told, keeps trying, and recovers once it is free', async () => {
    const server = await ownServer({ restoreMs: 4000 });
    const path = await server.proxy();
    const [alice, bob] = await connectedPair(server.url, path.url);
    await server.kill();
    await until(() => bob.s().connection === 'reconnecting', 'bob sees Reconnecting…', 10000);
    await path.blackhole(true);
    await server.revive();
    const impostor = new CallController(new LocalProvider({ user: bob.user, server: server.url, options: {} }));
    await impostor.connect();
    await path.blackhole(false);
    await until(() => bob.s().error?.code === 'user-taken', 'bob is told the name is taken', 25000);
    expect(bob.s().error!.message).to.contain(bob.user).and.contain('Trying again automatically');
    expect(bob.s().connection).to.not.equal('connected');
    // No half-alive call: alice's lone claim ends, and so does bob's.
    await until(() => ended(alice), 'alice’s call ends', 20000);
    await until(() => ended(bob), 'bob’s call ends', 25000);
    await impostor.dispose();
    await until(() => bob.s().connection === 'connected', 'bob signs in once the name is free', 15000);
    expect(bob.s().calls).to.have.length(0);
    expect(bob.s().error?.code).to.not.equal('user-taken'); // the notice goes once it is no longer true
  });

  it('a state change made during the peer’s outage is seen after it resumes (both ways)', async () => {
    const server = await ownServer();
    const path = await server.proxy();
    const [alice, bob] = await connectedPair(server.url, path.url);
    const aliceAtBob = () => bob.call().participants[0]!;
    const bobAtAlice = () => alice.call().participants[0]!;
    await path.blackhole(true);
    await until(() => bob.s().connection === 'reconnecting', 'bob notices the dead socket', 12000);
    await alice.controller.setMuted(true);
    await bob.controller.setVideo(false);
    expect(aliceAtBob().muted).to.equal(false);
    await path.blackhole(false);
    await until(() => bob.s().connection === 'connected', 'bob resumes', 15000);
    await until(() => aliceAtBob().muted, 'bob sees alice muted', 10000);
    await until(() => !bobAtAlice().video[0]!.available, 'alice sees bob’s camera off', 10000);
    expect([alice.call().state, bob.call().state]).to.deep.equal(['connected', 'connected']);
  });
});

describe('local provider: input and hang-ups', function () {
  this.timeout(30000);

  it('an abuse limit is a typed error in the UI, and a normal call works right after', async () => {
    const server = await ownServer({ maxRinging: 1 });
    const [alice, bob, carol] = [await party('alice', server.url), await party('bob', server.url), await party('carol', server.url)];
    await alice.controller.startCall(bob.user, { video: false });
    await until(() => bob.s().calls[0]?.state === 'ringing', 'bob rings');
    let refused: CallError | undefined;
    await alice.controller.startCall(carol.user, { video: false }).catch((e: CallError) => (refused = e));
    expect(refused?.code).to.equal('rate-limited');
    expect(alice.s().error!.code).to.equal('rate-limited');
    expect(alice.s().error!.message).to.match(/At most 1 invitations may ring at once/);
    expect(carol.s().calls).to.have.length(0);
    await alice.controller.hangUp();
    await until(() => bob.s().calls.length === 0, 'bob stops ringing');
    await alice.controller.startCall(carol.user, { video: false });
    await until(() => carol.s().calls[0]?.state === 'ringing', 'carol rings');
    await carol.controller.accept(carol.call().id, { video: false });
    await until(() => alice.s().calls[0]?.state === 'connected' && carol.s().calls[0]?.state === 'connected', 'alice and carol connected', 15000);
  });

  it('closing the tab (pagehide) hangs up: the other side sees a hang-up, not a lost connection', async () => {
    // The other side is a bare socket, so only alice's provider hears this page's pagehide.
    const bobName = name('bob');
    const ws = new WebSocket(SIGNALING_URL);
    const inbox: { type: string; callId?: string; reason?: string }[] = [];
    ws.onmessage = (e) => inbox.push(JSON.parse(String(e.data)) as { type: string });
    await new Promise((resolve) => (ws.onopen = resolve));
    ws.send(JSON.stringify({ type: 'hello', user: bobName }));
    await until(() => inbox.some((m) => m.type === 'welcome'), 'bob signed in');
    const alice = new CallController(new LocalProvider({ user: name('alice'), server: SIGNALING_URL, options: {} }));
    await alice.connect();
    try {
      const callId = await alice.startCall(bobName, { video: false });
      await until(() => inbox.some((m) => m.type === 'invite'), 'bob is invited');
      ws.send(JSON.stringify({ type: 'accept', callId }));
      await until(() => alice.snapshot.calls[0]?.state !== 'ringing', 'alice sees the answer');
      window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
      await until(() => inbox.some((m) => m.type === 'hangup'), 'bob gets the hang-up');
      expect(inbox.find((m) => m.type === 'hangup')!.reason).to.equal('hung-up');
      expect(alice.snapshot.lastEndedCall!.endReason!.code).to.equal('hung-up');
    } finally {
      ws.close();
      await alice.dispose();
    }
  });

  it('control characters in names are refused with a readable invalid-argument', () => {
    const attempt = (config: { user?: string; displayName?: string }) => {
      try {
        new LocalProvider({ server: SIGNALING_URL, options: {}, ...config });
        return null;
      } catch (error) {
        return error as CallError;
      }
    };
    const tab = attempt({ user: 'ann\tlee' })!;
    expect(tab.code).to.equal('invalid-argument');
    expect(tab.message).to.match(/no tabs, new lines or other control characters/);
    const line = attempt({ user: 'ann', displayName: 'Ann\nLee' })!;
    expect(line.code).to.equal('invalid-argument');
    expect(line.message).to.match(/display name cannot contain control characters/);
  });

  it('provider="" is the default (local); participants="abc" is a clear error, out of range a warned clamp', async () => {
    const session = document.createElement('call-session');
    session.setAttribute('provider', '');
    session.setAttribute('server', SIGNALING_URL);
    session.setAttribute('user', name('empty'));
    document.body.append(session);
    try {
      const controller = await session.whenReady();
      await until(() => controller.snapshot.connection === 'connected', 'signed in to the local server');
      expect(controller.snapshot.platform.kind).to.equal('local');
    } finally {
      session.remove();
    }
    const bad = document.createElement('call-session');
    bad.setAttribute('provider', 'simulated');
    bad.setAttribute('scenario', 'group');
    bad.setAttribute('participants', 'abc');
    document.body.append(bad);
    try {
      const controller = await bad.whenReady();
      await until(() => controller.snapshot.error !== null, 'an error is shown');
      expect(controller.snapshot.error!.code).to.equal('invalid-argument');
      expect(controller.snapshot.error!.message).to.match(/participants must be a whole number/);
    } finally {
      bad.remove();
    }
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
    const many = document.createElement('call-session');
    try {
      many.setAttribute('provider', 'simulated');
      many.setAttribute('scenario', 'group');
      many.setAttribute('participants', '100000');
      document.body.append(many);
      const controller = await many.whenReady();
      await until(() => (controller.snapshot.calls[0]?.participants.length ?? 0) > 0, 'the group call');
      expect(controller.snapshot.calls[0]!.participants.length).to.equal(49);
      expect(warnings.some((w) => /participants=100000 is outside 1–49; using 49/.test(w))).to.equal(true);
    } finally {
      console.warn = warn;
      many.remove();
    }
  });
});

/**
 * The local provider end to end: real RTCPeerConnections between CallControllers in one page, fake camera
 * and microphone, and the real signaling server from server/ (started by test/harness/plugins/signaling.mjs).
 */
import { expect } from '@open-wc/testing';
import { SIGNALING_URL } from '/__signaling.js';
import { CallController } from '../../src/core/controller.js';
import { CallError } from '../../src/core/errors.js';
import type { Call } from '../../src/core/state.js';
import { LocalProvider } from '../../src/providers/local/local-provider.js';
import '../../src/elements/call-session/define.js';
import '../../src/elements/video-grid/define.js';
import { paintedFrames } from '../harness/frames.js';
import { until } from '../harness/recording-provider.js';
import { connectedPair, frames, name, party, releaseParties, type Party } from '../fixtures/local/parties.js';

afterEach(async () => {
  await releaseParties();
});

describe('local provider: 1:1 calls', function () {
  this.timeout(90000); // real calls and painted frames on a loaded 2-core machine

  it('rings, is answered, and remote video frames arrive on both sides', async () => {
    const alice = await party('alice');
    const bob = await party('bob');
    await until(() => alice.provider.presence.some((p) => p.user === bob.user), 'alice sees bob online');
    const incoming = new Promise<Call>((resolve) =>
      bob.controller.addEventListener('call-incoming', (e) => resolve(e.detail.call), { once: true }),
    );
    const callId = await alice.controller.startCall(bob.user, { video: true });
    expect(alice.call().state).to.equal('ringing');
    const ringing = await incoming;
    expect([ringing.direction, ringing.state, ringing.video, ringing.remoteParties[0]!.address]).to.deep.equal(['incoming', 'ringing', true, alice.user]);
    await bob.controller.accept(ringing.id, { video: true });
    await until(() => alice.s().calls[0]?.state === 'connected' && bob.s().calls[0]?.state === 'connected', 'both connected', 30000);
    expect(alice.call().id).to.equal(callId);
    const [atAlice, atBob] = await Promise.all([frames(alice, bob.user), frames(bob, alice.user)]);
    expect(atAlice).to.deep.equal({ width: 640, height: 480 });
    expect(atBob).to.deep.equal({ width: 640, height: 480 });
    expect(alice.call().local.streams.map((s) => s.kind)).to.deep.equal(['camera']);
  });

  it('mute, camera off and hold show on the other side; hang up ends both', async () => {
    const [alice, bob] = await connectedPair();
    const aliceAtBob = () => bob.call().participants.find((p) => p.id === alice.user)!;
    await until(() => aliceAtBob().video[0]!.available, 'video available');
    // The fake microphone beeps: its audio level makes alice a speaker at bob's end.
    await until(() => aliceAtBob().speaking, 'bob sees alice speaking', 8000);
    await alice.controller.sendDtmf('12#');
    expect(alice.call().dtmf).to.equal('12#');
    await alice.controller.setMuted(true);
    await until(() => aliceAtBob().muted, 'bob sees alice muted');
    expect(alice.provider.media.audio!.enabled).to.equal(false);
    await alice.controller.setVideo(false);
    await until(() => !aliceAtBob().video[0]!.available, 'bob sees alice camera off');
    expect(alice.call().local.video).to.equal(false);
    await alice.controller.setVideo(true);
    await until(() => aliceAtBob().video[0]!.available, 'camera back on');
    await frames(bob, alice.user);

    await alice.controller.hold();
    expect(alice.call().state).to.equal('on-hold');
    await until(() => bob.call().state === 'remote-hold' && aliceAtBob().held, 'bob sees remote hold');
    await alice.controller.resume();
    await until(() => bob.call().state === 'connected' && !aliceAtBob().held, 'resumed');

    const ended = new Promise<Call>((resolve) => bob.controller.addEventListener('call-ended', (e) => resolve(e.detail.call), { once: true }));
    await alice.controller.hangUp();
    expect(alice.s().calls).to.have.length(0);
    expect(alice.s().lastEndedCall!.endReason!.code).to.equal('hung-up');
    expect((await ended).endReason!.code).to.equal('remote-hung-up');
    expect(alice.provider.media.audio).to.equal(null); // camera and microphone released
  });

  it('switches the microphone with replaceTrack and keeps the call', async () => {
    const [alice, bob] = await connectedPair();
    const mics = alice.s().devices.microphones;
    expect(mics.length).to.be.greaterThan(1);
    const other = mics.find((m) => m.id !== alice.s().devices.selected.microphone)!;
    const before = alice.provider.media.audio!;
    await alice.controller.selectDevice('microphone', other.id);
    const after = alice.provider.media.audio!;
    expect(after).to.not.equal(before);
    expect(before.readyState).to.equal('ended');
    const link = alice.provider.media.stream.getAudioTracks();
    expect(link).to.deep.equal([after]);
    expect(alice.s().devices.selected.microphone).to.equal(other.id);
    expect(alice.call().state).to.equal('connected');
    expect(bob.call().state).to.equal('connected');
  });

  it('declining ends the caller’s call with declined', async () => {
    const alice = await party('alice');
    const bob = await party('bob');
    await alice.controller.startCall(bob.user, { video: false });
    await until(() => bob.s().calls[0]?.state === 'ringing', 'bob rings');
    await bob.controller.reject(bob.call().id);
    await until(() => alice.s().calls.length === 0, 'alice call ended');
    expect(alice.s().lastEndedCall!.endReason!.code).to.equal('declined');
    expect(bob.s().lastEndedCall!.endReason!.code).to.equal('declined');
  });

  it('both sides end a call at the same moment: each ends once, with no error about the call already over', async () => {
    const [alice, bob, carol, dave] = (await Promise.all(['alice', 'bob', 'carol', 'dave'].map((who) => party(who)))) as [Party, Party, Party, Party];
    const heard = new Map<Party, string[]>([[alice, []], [bob, []]]);
    for (const [p, errors] of heard) p.controller.addEventListener('call-error', (e) => errors.push(e.detail.error.code));
    /** A request and its reply on each side's own socket: whatever the server said before has arrived. */
    const flush = async (a: Party, b: Party) => {
      await Promise.all([alice.controller.startCall(a.user, { video: false }), bob.controller.startCall(b.user, { video: false })]);
      await Promise.all([alice.controller.hangUp(), bob.controller.hangUp()]);
    };

    // The invitation: the caller cancels as the callee declines. The server hears one first; the other's
    // message finds no call there, and its "not-found" arrives at a side whose call has already ended.
    await alice.controller.startCall(bob.user, { video: false });
    await until(() => bob.s().calls[0]?.state === 'ringing', 'bob rings');
    await Promise.all([alice.controller.hangUp(), bob.controller.reject(bob.call().id)]);
    expect([alice.s().lastEndedCall!.endReason!.code, bob.s().lastEndedCall!.endReason!.code]).to.deep.equal(['cancelled', 'declined']);
    await flush(carol, dave);

    // A connected call both hang up together.
    await bob.controller.startCall(alice.user, { video: false });
    await until(() => alice.s().calls[0]?.state === 'ringing', 'alice rings');
    await alice.controller.accept(alice.call().id, { video: false });
    await until(() => alice.s().calls[0]?.state === 'connected' && bob.s().calls[0]?.state === 'connected', 'both connected', 30000);
    await Promise.all([alice.controller.hangUp(), bob.controller.hangUp()]);
    expect([alice.s().lastEndedCall!.endReason!.code, bob.s().lastEndedCall!.endReason!.code]).to.deep.equal(['hung-up', 'hung-up']);
    await flush(dave, carol); // not the same pairs again: a repeat invitation right after one ended is rate-limited

    expect([...heard.values()], 'call-error events at alice and bob').to.deep.equal([[], []]);
    expect([alice.s().error, bob.s().error]).to.deep.equal([null, null]);
  });

  it('cancelling before an answer stops the ringing on the other side', async () => {
    const alice = await party('alice');
    const bob = await party('bob');
    await alice.controller.startCall(bob.user, { video: false });
    await until(() => bob.s().calls[0]?.state === 'ringing', 'bob rings');
    await alice.controller.hangUp();
    await until(() => bob.s().calls.length === 0, 'bob stops ringing');
    expect(bob.s().lastEndedCall!.endReason!.code).to.equal('cancelled');
  });

  it('calling someone who is offline fails with user-offline, shown and fired', async () => {
    const alice = await party('alice');
    const fired = new Promise<CallError>((resolve) => alice.controller.addEventListener('call-error', (e) => resolve(e.detail.error), { once: true }));
    let caught: unknown;
    try {
      await alice.controller.startCall('nobody-here', { video: false });
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(CallError);
    expect((caught as CallError).code).to.equal('user-offline');
    expect((await fired).code).to.equal('user-offline');
    expect(alice.s().error!.code).to.equal('user-offline');
    expect(alice.s().calls).to.have.length(0);
    expect(alice.s().lastEndedCall!.endReason!.code).to.equal('unavailable');
  });

  it('a name already online is refused with user-taken', async () => {
    const first = await party('taken');
    const second = new CallController(new LocalProvider({ user: first.user, server: SIGNALING_URL, options: {} }));
    let caught: unknown;
    await second.connect().catch((e: unknown) => (caught = e));
    expect((caught as CallError).code).to.equal('user-taken');
    expect(second.snapshot.connection).to.equal('failed');
    await second.dispose();
  });

  it('screen share: the far side sees a screen tile with the shared picture painted, then the camera again', async () => {
    const [alice, bob] = await connectedPair();
    await alice.controller.setScreenShare(true); // the real getDisplayMedia (headless Chromium's own screen)
    expect(alice.call().local.screenSharing).to.equal(true);
    expect(alice.provider.media.screen?.getSettings().displaySurface).to.equal('monitor');
    const grid = document.createElement('video-grid');
    grid.controller = bob.controller;
    document.body.append(grid);
    try {
      const screenVideo = () => grid.shadowRoot?.querySelector<HTMLVideoElement>('[part~="tile"][part~="screen"] video') ?? null;
      await until(() => !!screenVideo()?.srcObject, 'a screen tile with video at bob', 20000);
      // A painted frame of the screen track (headless Chromium's screen is still, so WebRTC sends it rarely:
      // one frame is what can be waited for, not motion).
      const { width } = await paintedFrames(screenVideo()!, 1, 30000, "alice's screen at bob");
      expect(width).to.be.above(0);
      await alice.controller.setScreenShare(false);
      await until(() => screenVideo() === null && bob.call().participants[0]!.video[0]!.kind === 'camera', 'bob sees the camera again', 20000);
      expect(alice.call().local.screenSharing).to.equal(false);
    } finally {
      grid.remove();
    }
  });

  it('<call-session provider="local"> signs in with the user attribute', async () => {
    const session = document.createElement('call-session');
    const user = name('session');
    session.setAttribute('provider', 'local');
    session.setAttribute('server', SIGNALING_URL);
    session.setAttribute('user', user);
    document.body.append(session);
    try {
      const controller = await session.whenReady();
      await until(() => controller.snapshot.connection === 'connected', 'session connected');
      expect(controller.snapshot.self.id).to.equal(user);
      expect(controller.snapshot.platform.destinations).to.deep.equal(['user']);
    } finally {
      session.remove();
    }
  });
});


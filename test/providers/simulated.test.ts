import { expect } from '@open-wc/testing';
import { CallController } from '../../src/core/controller.js';
import { ManualClock } from '../../src/providers/simulated/clock.js';
import { SCENARIOS } from '../../src/providers/simulated/scenarios.js';
import { SimulatedProvider, type SimulatedOptions } from '../../src/providers/simulated/simulated-provider.js';
import { paintedFrames } from '../harness/frames.js';
import { settle, until } from '../harness/recording-provider.js';

async function start(scenario: string, options: SimulatedOptions = {}, participants?: number) {
  const provider = new SimulatedProvider({ scenario, options, ...(participants ? { participants } : {}) });
  const controller = new CallController(provider);
  await controller.connect();
  await settle();
  return { provider, controller, s: () => controller.snapshot };
}

describe('simulated provider', () => {
  it('knows every scenario the catalogue uses', () => {
    expect([...SCENARIOS]).to.deep.equal(['idle', 'incoming', 'one-to-one', 'group', 'screen-share', 'on-hold', 'permission-denied', 'call-control', 'wrap-up']);
  });

  it('idle: connected, no calls, permission to ask for, devices without labels until granted', async () => {
    const { s, controller } = await start('idle');
    expect(s().calls).to.deep.equal([]);
    expect(s().permissions).to.deep.equal({ camera: 'prompt', microphone: 'prompt' });
    expect(s().devices.cameras.every((d) => d.label === '')).to.equal(true);
    await controller.requestPermissions();
    await settle();
    expect(s().permissions.camera).to.equal('granted');
    expect(s().devices.cameras.map((d) => d.label)).to.deep.equal(['Simulated Camera', 'Document Camera']);
  });

  it('incoming: one ringing incoming video call', async () => {
    const { s } = await start('incoming');
    expect(s().calls).to.have.length(1);
    const call = s().calls[0]!;
    expect([call.direction, call.state, call.video]).to.deep.equal(['incoming', 'ringing', true]);
    expect(call.remoteParties[0]!.displayName).to.equal('Jordan Lee');
  });

  it('one-to-one and on-hold: one connected (or held) call with one participant', async () => {
    const a = await start('one-to-one');
    expect(a.s().calls[0]!.state).to.equal('connected');
    expect(a.s().calls[0]!.participants).to.have.length(1);
    expect(a.s().calls[0]!.local.streams.map((v) => v.id)).to.deep.equal(['self-camera']);
    const b = await start('on-hold');
    expect(b.s().calls[0]!.state).to.equal('on-hold');
    expect(b.s().calls[0]!.local.held).to.equal(true);
  });

  it('group: N participants with synthetic speaking on the injected clock', async () => {
    const clock = new ManualClock();
    const { s } = await start('group', { clock, speakingMs: 1000 }, 6);
    const call = s().calls[0]!;
    expect(call.participants).to.have.length(6);
    expect(call.participants.every((p) => !p.speaking)).to.equal(true);
    clock.advance(1000);
    await settle();
    expect(s().calls[0]!.participants.filter((p) => p.speaking).map((p) => p.id)).to.deep.equal(['p1']);
    expect(s().calls[0]!.dominantSpeakerId).to.equal('p1');
    clock.advance(1000);
    await settle();
    expect(s().calls[0]!.participants.filter((p) => p.speaking).map((p) => p.id)).to.deep.equal(['p2']);
  });

  it('screen-share: one participant shares a screen stream', async () => {
    const { s } = await start('screen-share', { speaking: false });
    const screens = s().calls[0]!.participants.flatMap((p) => p.video).filter((v) => v.kind === 'screen');
    expect(screens).to.have.length(1);
  });

  it('permission-denied: requesting permission fails with permission-denied', async () => {
    const { controller, s } = await start('permission-denied');
    expect(s().permissions.camera).to.equal('denied');
    const error = await controller.requestPermissions().then(() => null, (e: unknown) => e as { code: string });
    expect(error?.code).to.equal('permission-denied');
    await settle();
    expect(s().error?.code).to.equal('permission-denied');
  });

  it('call-control: several calls with participants and call-control capabilities, no local media', async () => {
    const { s } = await start('call-control');
    expect(s().platform.mode).to.equal('control');
    expect(s().calls.length).to.be.greaterThan(1);
    for (const call of s().calls) {
      expect(call.capabilities).to.include.members(['participant-mute', 'participant-hold', 'record', 'whisper', 'listen-pause']);
      expect(call.capabilities).not.to.include('video');
      expect(call.capabilities).not.to.include('mute');
      expect(call.local.streams).to.deep.equal([]);
    }
    expect(s().calls.map((c) => c.state)).to.deep.equal(['connected', 'on-hold', 'ringing']);
  });

  it('outgoing calls ring, then connect', async () => {
    const clock = new ManualClock();
    const { controller, s } = await start('idle', { clock, ringMs: 2000 });
    const t0 = clock.now();
    const id = await controller.startCall('+12025550123');
    await settle();
    expect(s().activeCallId).to.equal(id);
    clock.advance(1);
    await settle();
    expect(s().calls[0]!.state).to.equal('ringing');
    clock.advance(2000);
    await settle();
    expect(s().calls[0]!.state).to.equal('connected');
    expect(s().calls[0]!.startedAt).to.equal(t0 + 2000);
  });

  it('outgoing calls to configured targets fail as busy or no-answer', async () => {
    const clock = new ManualClock();
    const { controller, s } = await start('idle', { clock, busy: ['+12025550111'], noAnswer: ['+12025550122'], noAnswerMs: 30000 });
    await controller.startCall('+12025550111');
    clock.advance(5000);
    await settle();
    expect(s().lastEndedCall?.endReason?.code).to.equal('busy');
    await controller.startCall('+12025550122');
    clock.advance(29000);
    await settle();
    expect(s().calls[0]?.state).to.equal('ringing');
    clock.advance(1000);
    await settle();
    expect(s().calls).to.have.length(0);
    expect(s().lastEndedCall?.endReason?.code).to.equal('no-answer');
  });

  it('answers, declines, and puts the first call on hold when a second is accepted', async () => {
    const { controller, provider, s } = await start('one-to-one');
    const id = provider.simulateIncomingCall({ name: 'Kim', video: false });
    await settle();
    await controller.accept(id, { video: false });
    await settle();
    expect(s().activeCallId).to.equal(id);
    expect(s().calls.map((c) => c.state)).to.deep.equal(['on-hold', 'connected']);
    const other = provider.simulateIncomingCall({ name: 'Lou' });
    await settle();
    await controller.reject(other);
    await settle();
    expect(s().lastEndedCall?.endReason?.code).to.equal('declined');
  });

  it('a caller who gives up ends the ringing call as cancelled', async () => {
    const { provider, s } = await start('idle');
    const id = provider.simulateIncomingCall();
    await settle();
    provider.simulateRemoteHangUp(id);
    await settle();
    expect(s().lastEndedCall?.endReason?.code).to.equal('cancelled');
  });

  it('renders synthetic video whose frames really arrive', async () => {
    const { controller, s } = await start('one-to-one');
    const stream = s().calls[0]!.participants[0]!.video[0]!;
    const view = controller.createView(stream, { scalingMode: 'fit' });
    document.body.append(view.element);
    await view.ready;
    const video = view.element.querySelector('video')!;
    const size = await paintedFrames(video);
    expect(size).to.deep.equal({ width: 320, height: 180 });
    expect(video.style.objectFit).to.equal('contain');
    view.update({ scalingMode: 'crop', mirrored: true });
    expect(video.style.objectFit).to.equal('cover');
    expect(video.style.transform).to.equal('scaleX(-1)');
    view.dispose();
    expect(video.srcObject).to.equal(null);
    expect(view.element.isConnected).to.equal(false);
  });

  it('rejects a view for a stream it does not know', async () => {
    const { controller } = await start('idle');
    expect(() => controller.createView({ id: 'ghost', participantId: 'x', kind: 'camera', available: true, local: false })).to.throw();
    expect(controller.snapshot.error?.code).to.equal('not-found');
  });

  it('device plug and unplug update the lists and keep a valid selection', async () => {
    const { controller, provider, s } = await start('one-to-one');
    await controller.selectDevice('camera', 'sim-cam-2');
    await settle();
    expect(s().devices.selected.camera).to.equal('sim-cam-2');
    provider.plugDevice({ id: 'usb-cam', label: 'USB Camera', kind: 'camera' });
    await settle();
    expect(s().devices.cameras.map((d) => d.id)).to.include('usb-cam');
    expect(s().devices.selected.camera).to.equal('sim-cam-2');
    provider.unplugDevice('sim-cam-2');
    await settle();
    expect(s().devices.selected.camera).to.equal('sim-cam-1');
  });

  it('injected failures reject with the chosen code', async () => {
    const { controller, provider } = await start('one-to-one');
    provider.failNext('hold', 'network');
    const error = await controller.hold().then(() => null, (e: unknown) => e as { code: string });
    expect(error?.code).to.equal('network');
    await controller.hold();
    await until(() => controller.snapshot.calls[0]!.state === 'on-hold', 'hold');
  });

  it('stops its timers and streams on disconnect', async () => {
    const clock = new ManualClock();
    const { controller, provider } = await start('group', { clock });
    const view = controller.createView(controller.snapshot.calls[0]!.participants[0]!.video[0]!);
    await view.ready;
    expect(clock.pendingTimers).to.be.greaterThan(0);
    await controller.dispose();
    expect(clock.pendingTimers).to.equal(0);
    expect(provider.video.size).to.equal(0);
  });
});

import { expect } from '@open-wc/testing';
import { CallController, type CallErrorDetail } from '../../src/core/controller.js';
import { CallError } from '../../src/core/errors.js';
import { createParticipant, endCall, updateCall, upsertParticipant } from '../../src/core/patch.js';
import type { CallSnapshot } from '../../src/core/state.js';
import { RecordingProvider, settle, until } from '../harness/recording-provider.js';
import { rejection } from '../harness/rejection.js';

async function setup() {
  const provider = new RecordingProvider();
  const controller = new CallController(provider);
  await controller.connect();
  await settle();
  const errors: CallError[] = [];
  controller.addEventListener('call-error', (e) => errors.push(e.detail.error));
  return { provider, controller, errors };
}

describe('CallController', () => {
  it('connects, and reports the platform the provider declared', async () => {
    const { controller } = await setup();
    expect(controller.snapshot.connection).to.equal('connected');
    expect(controller.snapshot.platform.capabilities).to.include('outgoing');
  });

  it('stamps when after-call work began, once, even when the provider rebuilds the call without endedAt', async () => {
    const { controller, provider } = await setup();
    const a = provider.addCall();
    provider.sink.update((s) => updateCall(s, a.id, { state: 'connected' }));
    await settle();
    expect(controller.snapshot.calls[0]!.endedAt).to.equal(null);
    provider.sink.update((s) => updateCall(s, a.id, { state: 'wrap-up', endedAt: null }));
    await settle();
    const stamped = controller.snapshot.calls[0]!.endedAt;
    expect(stamped).to.be.a('number');
    // A platform that rebuilds its calls from polls never sends endedAt: the first stamp stays.
    await until(() => Date.now() > stamped!, 'the clock moved on');
    provider.sink.update((s) => updateCall(s, a.id, { endedAt: null, recording: true }));
    await settle();
    expect(controller.snapshot.calls[0]!.endedAt).to.equal(stamped);
  });

  it('keeps identity of unchanged parts between snapshots', async () => {
    const { controller, provider } = await setup();
    const a = provider.addCall();
    const b = provider.addCall();
    await settle();
    const before = controller.snapshot;
    provider.sink.update((s) => updateCall(s, a.id, { local: { muted: true } }));
    await settle();
    const after = controller.snapshot;
    expect(after).not.to.equal(before);
    expect(after.calls[0]).not.to.equal(before.calls[0]);
    expect(after.calls[0]!.local.muted).to.equal(true);
    expect(after.calls[1]).to.equal(before.calls[1]);
    expect(after.calls[1]!.id).to.equal(b.id);
    expect(after.devices).to.equal(before.devices);
    expect(after.calls[0]!.participants).to.equal(before.calls[0]!.participants);
  });

  it('does not notify for an update that changes nothing, even if objects were rebuilt', async () => {
    const { controller, provider } = await setup();
    provider.addCall();
    await settle();
    let count = 0;
    controller.subscribe(() => count++);
    provider.sink.update((s) => JSON.parse(JSON.stringify({ ...s, error: null })) as CallSnapshot);
    await settle();
    expect(count).to.equal(0);
  });

  it('coalesces a burst of 1,000 provider events into one notification', async () => {
    const { controller, provider } = await setup();
    const call = provider.addCall();
    provider.sink.update((s) => upsertParticipant(s, call.id, createParticipant({ id: 'p', displayName: 'P' })));
    await settle();
    const seen: CallSnapshot[] = [];
    controller.subscribe((s) => seen.push(s));
    for (let i = 0; i < 1000; i++) {
      provider.sink.update((s) => updateCall(s, call.id, (c) => ({ ...c, participants: c.participants.map((p) => ({ ...p, speaking: i % 2 === 0 })) })));
    }
    await settle();
    expect(seen.length).to.equal(1);
    expect(seen[0]!.calls[0]!.participants[0]!.speaking).to.equal(false); // the 1,000th event (i = 999)
  });

  it('dispatches call-incoming, call-state-change and call-ended for real changes only', async () => {
    const { controller, provider } = await setup();
    const events: string[] = [];
    controller.addEventListener('call-incoming', (e) => events.push(`incoming:${e.detail.call.id}`));
    controller.addEventListener('call-state-change', (e) => events.push(`state:${e.detail.call.state}:${e.detail.previousState ?? '-'}`));
    controller.addEventListener('call-ended', (e) => events.push(`ended:${e.detail.call.endReason?.code ?? ''}`));
    const call = provider.addCall({ id: 'in1', direction: 'incoming', state: 'ringing' });
    await settle();
    provider.sink.update((s) => updateCall(s, call.id, { state: 'ringing' })); // no change
    await settle();
    provider.sink.update((s) => updateCall(s, call.id, { state: 'connected' }));
    await settle();
    provider.sink.update((s) => endCall(s, call.id, { code: 'remote-hung-up' }));
    await settle();
    expect(events).to.deep.equal(['incoming:in1', 'state:ringing:-', 'state:connected:ringing', 'state:ended:connected', 'ended:remote-hung-up']);
    expect(controller.snapshot.lastEndedCall?.endReason?.code).to.equal('remote-hung-up');
    expect(controller.snapshot.activeCallId).to.equal(null);
  });

  it('fires call-ended for every call that ends, also when several end before subscribers hear of it', async () => {
    const { controller, provider } = await setup();
    const ended: string[] = [];
    const changes: string[] = [];
    controller.addEventListener('call-ended', (e) => ended.push(`${e.detail.call.id}:${e.detail.call.endReason?.code ?? ''}`));
    controller.addEventListener('call-state-change', (e) => changes.push(`${e.detail.call.id}:${e.detail.previousState ?? '-'}>${e.detail.call.state}`));
    const a = provider.addCall({ id: 'a', state: 'connected' });
    const b = provider.addCall({ id: 'b', state: 'on-hold' });
    await settle();
    changes.length = 0;
    // Both end in one batch (one list read of a call-control platform), the second in its own update.
    provider.sink.update((s) => endCall(s, a.id, { code: 'remote-hung-up' }));
    provider.sink.update((s) => endCall(s, b.id, { code: 'network' }));
    await settle();
    expect(ended).to.deep.equal(['a:remote-hung-up', 'b:network']);
    expect(changes).to.deep.equal(['a:connected>ended', 'b:on-hold>ended']);
    expect(controller.snapshot.lastEndedCall?.id).to.equal('b');
  });

  it('passes valid actions to the provider for the active call', async () => {
    const { controller, provider } = await setup();
    const call = provider.addCall();
    await settle();
    await controller.setMuted(true);
    await controller.hold();
    await controller.sendDtmf('12#');
    await controller.participantAction('nobody', { type: 'mute', muted: true }).catch(() => undefined);
    expect(provider.calls.map((c) => c.method)).to.deep.equal(['setMuted', 'hold', 'sendDtmf']);
    expect(provider.calls[0]!.args).to.deep.equal([call.id, true]);
    await settle();
    expect(controller.snapshot.calls[0]!.dtmf).to.equal('12#');
  });

  const invalidCases: [string, (c: CallController) => Promise<unknown>][] = [
    ['startCall with nothing', (c) => c.startCall('   ')],
    ['startCall with an empty list', (c) => c.startCall([])],
    ['startCall with a number', (c) => c.startCall(42 as unknown as string)],
    ['startCall with control characters', (c) => c.startCall('bob\u0000')],
    ['startCall with a too-long destination', (c) => c.startCall('x'.repeat(600))],
    ['startCall with video "yes"', (c) => c.startCall('bob', { video: 'yes' as unknown as boolean })],
    ['join with no locator', (c) => c.join(null as unknown as { room: string })],
    ['join with an unknown key', (c) => c.join({ channel: 'x' } as unknown as { room: string })],
    ['accept with no id', (c) => c.accept('')],
    ['setMuted with a string', (c) => c.setMuted('true' as unknown as boolean)],
    ['setVideo with a number', (c) => c.setVideo(1 as unknown as boolean)],
    ['setScreenShare with null', (c) => c.setScreenShare(null as unknown as boolean)],
    ['sendDtmf with letters', (c) => c.sendDtmf('hello')],
    ['sendDtmf with nothing', (c) => c.sendDtmf('')],
    ['addParticipant with nothing', (c) => c.addParticipant('')],
    ['removeParticipant with nothing', (c) => c.removeParticipant('')],
    ['participantAction of an unknown type', (c) => c.participantAction('p', { type: 'explode' } as unknown as { type: 'mute'; muted: boolean })],
    ['participantAction whisper with nothing to say', (c) => c.participantAction('p', { type: 'whisper' })],
    ['participantAction whisper to a javascript: url', (c) => c.participantAction('p', { type: 'whisper', url: 'javascript:alert(1)' })],
    ['participantAction listen with a bad status', (c) => c.participantAction('p', { type: 'listen', status: 'off' as 'paused' })],
    ['setRecording with a string', (c) => c.setRecording('on' as unknown as boolean)],
    ['transfer to nothing', (c) => c.transfer(' ')],
    ['redirect to a relative url', (c) => c.redirect('/hook')],
    ['selectDevice of an unknown kind', (c) => c.selectDevice('webcam' as 'camera', 'cam-1')],
    ['requestPermissions for nothing', (c) => c.requestPermissions({ audio: false, video: false })],
    ['hangUp with forEveryone "yes"', (c) => c.hangUp(undefined, { forEveryone: 'yes' as unknown as boolean })],
  ];

  for (const [name, invoke] of invalidCases) {
    it(`rejects ${name} with invalid-argument, in the snapshot and as call-error`, async () => {
      const { controller, provider, errors } = await setup();
      provider.addCall();
      await settle();
      const error = await rejection(invoke(controller));
      expect(error.code).to.equal('invalid-argument');
      expect(error.message).to.be.a('string').and.not.empty;
      expect(errors).to.have.length(1);
      expect(errors[0]).to.equal(error);
      await settle();
      expect(controller.snapshot.error).to.equal(error);
      expect(provider.calls.filter((c) => c.method !== 'disconnect')).to.deep.equal([]);
    });
  }

  const unsupportedCases: [string, (c: CallController) => Promise<unknown>][] = [
    ['setMuted', (c) => c.setMuted(true)],
    ['setVideo', (c) => c.setVideo(true)],
    ['setScreenShare', (c) => c.setScreenShare(true)],
    ['hold', (c) => c.hold()],
    ['resume', (c) => c.resume()],
    ['sendDtmf', (c) => c.sendDtmf('1')],
    ['addParticipant', (c) => c.addParticipant('bob')],
    ['removeParticipant', (c) => c.removeParticipant('p1')],
    ['participant mute', (c) => c.participantAction('p1', { type: 'mute', muted: true })],
    ['participant hold', (c) => c.participantAction('p1', { type: 'hold', held: true })],
    ['participant record', (c) => c.participantAction('p1', { type: 'record', recording: true })],
    ['whisper', (c) => c.participantAction('p1', { type: 'whisper', text: 'hi' })],
    ['listen pause', (c) => c.participantAction('p1', { type: 'listen', status: 'paused' })],
    ['setRecording', (c) => c.setRecording(true)],
    ['transfer', (c) => c.transfer('bob')],
    ['redirect', (c) => c.redirect('https://example.com/hook')],
    ['hangUp for everyone', (c) => c.hangUp(undefined, { forEveryone: true })],
  ];

  for (const [name, invoke] of unsupportedCases) {
    it(`rejects ${name} with unsupported when the call lacks the capability`, async () => {
      const { controller, provider, errors } = await setup();
      provider.addCall({ participants: [createParticipant({ id: 'p1' })] }, []);
      await settle();
      const error = await rejection(invoke(controller));
      expect(error.code).to.equal('unsupported');
      expect(errors.map((e) => e.code)).to.deep.equal(['unsupported']);
      expect(provider.calls.filter((c) => c.method !== 'disconnect')).to.deep.equal([]);
    });
  }

  it('rejects platform-level actions the platform does not declare, and methods the provider lacks', async () => {
    const { controller, provider } = await setup();
    provider.sink.update((s) => ({ ...s, platform: { ...s.platform, capabilities: [], destinations: ['phone'] } }));
    await settle();
    expect((await rejection(controller.startCall('bob'))).code).to.equal('unsupported');
    expect((await rejection(controller.join({ room: 'x' }))).code).to.equal('unsupported');
    expect((await rejection(controller.selectDevice('camera', 'cam-1'))).code).to.equal('unsupported');
    provider.sink.update((s) => ({ ...s, platform: { ...s.platform, capabilities: ['outgoing'] } }));
    await settle();
    expect((await rejection(controller.startCall('bob', { kind: 'teams' }))).code).to.equal('unsupported');
    expect((await rejection(controller.refresh())).code).to.equal('unsupported'); // RecordingProvider has no refresh()
  });

  it('says which call is missing: no active call, unknown id, unknown participant, unknown device', async () => {
    const { controller, provider } = await setup();
    expect((await rejection(controller.setMuted(true))).code).to.equal('invalid-state');
    expect((await rejection(controller.setMuted(true, 'nope'))).code).to.equal('not-found');
    provider.addCall();
    await settle();
    expect((await rejection(controller.removeParticipant('ghost'))).code).to.equal('not-found');
    expect((await rejection(controller.selectDevice('camera', 'cam-9'))).code).to.equal('device-not-found');
    expect((await rejection(controller.accept(controller.snapshot.activeCallId!))).code).to.equal('invalid-state');
  });

  it('refuses to dial before it is connected', async () => {
    const provider = new RecordingProvider();
    const controller = new CallController(provider);
    const error = await rejection(controller.startCall('bob'));
    expect(error.code).to.equal('not-connected');
  });

  it('wraps provider failures in CallError, mapping DOMException names', async () => {
    const { controller, provider, errors } = await setup();
    provider.addCall();
    await settle();
    provider.failWith = new DOMException('Permission denied', 'NotAllowedError');
    const denied = await rejection(controller.setVideo(true));
    expect(denied.code).to.equal('permission-denied');
    expect(denied.action).to.equal('setVideo');
    expect(denied.cause).to.be.instanceOf(DOMException);
    provider.failWith = new CallError('busy', 'The line is busy');
    expect((await rejection(controller.startCall('bob'))).code).to.equal('busy');
    provider.failWith = new TypeError('boom');
    expect((await rejection(controller.hold())).code).to.equal('provider-error');
    expect(errors.map((e) => e.code)).to.deep.equal(['permission-denied', 'busy', 'provider-error']);
  });

  it('marks an action pending until it settles', async () => {
    const { controller, provider } = await setup();
    const call = provider.addCall();
    await settle();
    let release!: () => void;
    provider.setMuted = () => new Promise<void>((resolve) => (release = resolve));
    const action = controller.setMuted(true);
    await settle();
    expect(controller.snapshot.pending.map((p) => [p.action, p.callId])).to.deep.equal([['setMuted', call.id]]);
    release();
    await action;
    await settle();
    expect(controller.snapshot.pending).to.deep.equal([]);
  });

  it('keeps notifying other subscribers when one throws, and reports it', async () => {
    const { controller, provider, errors } = await setup();
    let good = 0;
    controller.subscribe(() => {
      throw new Error('bad subscriber');
    });
    controller.subscribe(() => good++);
    provider.addCall();
    await settle();
    await settle();
    expect(good).to.be.greaterThan(0);
    expect(errors.map((e) => e.code)).to.include('internal');
  });

  it('tracks views and disposes every one, and drops subscribers, when disposed', async () => {
    const { controller, provider } = await setup();
    const stream = { id: 's1', participantId: 'p', kind: 'camera' as const, available: true, local: false };
    const views = [controller.createView(stream), controller.createView(stream), controller.createView(stream)];
    views[0]!.dispose();
    expect(controller.viewCount).to.equal(2);
    controller.subscribe(() => undefined);
    await controller.dispose();
    expect(views.every((v) => v.disposed)).to.equal(true);
    expect(controller.viewCount).to.equal(0);
    expect(controller.subscriberCount).to.equal(0);
    expect(provider.calls.map((c) => c.method)).to.include('disconnect');
    const error = await rejection(controller.setMuted(true));
    expect(error.code).to.equal('disposed');
  });

  it('createView rejects a missing stream reference with invalid-argument', async () => {
    const { controller } = await setup();
    const seen: CallErrorDetail[] = [];
    controller.addEventListener('call-error', (e) => seen.push(e.detail));
    expect(() => controller.createView(null as unknown as never)).to.throw(CallError);
    expect(seen[0]!.error.code).to.equal('invalid-argument');
  });
});

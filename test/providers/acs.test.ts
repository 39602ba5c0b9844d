import { expect, fixture, html } from '@open-wc/testing';
import type { CallState as AcsCallState, RemoteParticipantState } from '@azure/communication-calling';
import { CallController } from '../../src/core/controller.js';
import { CallError } from '../../src/core/errors.js';
import { PREVIEW_STREAM, type MediaView } from '../../src/core/media.js';
import type { StreamRef } from '../../src/core/state.js';
import { AcsProvider } from '../../src/providers/acs/acs-provider.js';
import {
  CALL_STATES,
  PARTICIPANT_STATES,
  checkToken,
  parseTarget,
  toCallError,
  toDtmfTones,
  toEndReason,
} from '../../src/providers/acs/mapping.js';
import { registerProvider } from '../../src/providers/registry.js';
import '../../src/elements/call-session/define.js';
import '../../src/elements/video-grid/define.js';
import type { CallSession } from '../../src/elements/call-session/call-session.js';
import type { VideoGrid } from '../../src/elements/video-grid/video-grid.js';
import { failOnConsoleErrors } from '../fixtures/acs/console-guard.js';
import { END, FakeLocalVideoStream, FakeRemoteParticipant, FakeRemoteVideoStream, fakeSdk, sdkError, user, type FakeSdk } from '../fixtures/acs/fake-sdk.js';
import { GOOD_TOKEN, jwt, startAcs } from '../fixtures/acs/session.js';
import { settle, until } from '../harness/recording-provider.js';
import { rejection } from '../harness/rejection.js';

const start = startAcs;

describe('acs mapping', () => {
  it('maps every call state', () => {
    const expected: Record<AcsCallState, string> = {
      None: 'connecting', Connecting: 'connecting', Ringing: 'ringing', EarlyMedia: 'early-media', Connected: 'connected',
      LocalHold: 'on-hold', RemoteHold: 'remote-hold', InLobby: 'in-lobby', Disconnecting: 'disconnecting', Disconnected: 'ended',
    };
    expect(CALL_STATES).to.deep.equal(expected);
  });

  it('maps every participant state', () => {
    const expected: Record<RemoteParticipantState, string> = {
      Idle: 'idle', Connecting: 'connecting', Ringing: 'ringing', EarlyMedia: 'early-media', Connected: 'connected',
      Hold: 'on-hold', InLobby: 'in-lobby', Disconnected: 'disconnected',
    };
    expect(PARTICIPANT_STATES).to.deep.equal(expected);
  });

  it('maps callEndReason code/subCode to end reasons', () => {
    const out = { local: false, direction: 'outgoing', connected: true } as const;
    const rows: [number, number, string, typeof out | { local: boolean; direction: 'incoming' | 'outgoing'; connected: boolean }][] = [
      [0, 0, 'hung-up', { ...out, local: true }],
      [0, 0, 'remote-hung-up', out],
      [0, 0, 'cancelled', { local: false, direction: 'incoming', connected: false }],
      [0, 0, 'declined', { local: true, direction: 'incoming', connected: false }],
      [487, 0, 'cancelled', out],
      [603, 0, 'declined', out],
      [496, 7, 'network', out],
      [410, 3100, 'network', out],
      [410, 301005, 'network', out],
      [490, 4502, 'network', out],
      [0, 4097, 'remote-hung-up', out],
      [495, 4507, 'forbidden', out],
      [408, 4506, 'no-answer', out],
      [0, 5000, 'remote-hung-up', out],
      [0, 5003, 'declined', out],
      [403, 5828, 'forbidden', out],
      [487, 10003, 'answered-elsewhere', out],
      [487, 10004, 'no-answer', out],
      [401, 10009, 'forbidden', out],
      [487, 10024, 'declined', out],
      [480, 10037, 'unavailable', out],
      [408, 10057, 'no-answer', out],
      [480, 10076, 'unavailable', out],
      [0, 560000, 'remote-hung-up', out],
      [486, 560486, 'busy', out],
      [486, 0, 'busy', out],
      [404, 0, 'unavailable', out],
      [503, 0, 'failed', out],
      [699, 0, 'declined', out],
    ];
    for (const [code, subCode, reason, context] of rows) {
      const got = toEndReason({ code, subCode }, context);
      expect(got.code, `${code}/${subCode}`).to.equal(reason);
      expect(got.platformCode).to.equal(`${code}/${subCode}`);
    }
  });

  it('maps SDK errors to CallErrors with clear codes', () => {
    expect(toCallError({ name: 'CallingCommunicationError', code: 401, subCode: 44111, message: 'Invalid token' }).code).to.equal('auth-failed');
    expect(toCallError({ code: 401, subCode: 44110, message: 'Failed to get AccessToken' }).message).to.contain('token function');
    expect(toCallError({ code: 495, subCode: 1, message: 'x' }).code).to.equal('token-expired');
    expect(toCallError({ code: 490, subCode: 4525, message: 'x' }).code).to.equal('network');
    expect(toCallError({ code: 403, message: 'nope' }).code).to.equal('forbidden');
    expect(toCallError({ code: 429, message: 'slow down' }).code).to.equal('rate-limited');
    expect(toCallError({ code: 502, message: 'bad gateway' }).code).to.equal('server-error');
    expect(toCallError(new DOMException('no', 'NotAllowedError')).code).to.equal('permission-denied');
    expect(toCallError(new TypeError('boom')).code).to.equal('provider-error');
  });

  it('parses destinations of each kind', () => {
    expect(parseTarget('8:acs:abc')).to.deep.equal({ communicationUserId: '8:acs:abc' });
    expect(parseTarget('8:acs:abc', 'acs')).to.deep.equal({ communicationUserId: '8:acs:abc' });
    expect(parseTarget('+1 (425) 555-0123')).to.deep.equal({ phoneNumber: '+14255550123' });
    expect(parseTarget('0044 20 7946 0018', 'phone')).to.deep.equal({ phoneNumber: '+442079460018' });
    expect(parseTarget('8:orgid:1234')).to.deep.equal({ microsoftTeamsUserId: '1234', rawId: '8:orgid:1234' });
    expect(parseTarget('1234-abcd', 'teams')).to.deep.equal({ microsoftTeamsUserId: '1234-abcd' });
    expect(() => parseTarget('bob', 'acs')).to.throw(CallError).with.property('code', 'invalid-argument');
    expect(() => parseTarget('12', 'phone')).to.throw(CallError).with.property('code', 'invalid-argument');
    expect(() => parseTarget('bob@example.com')).to.throw(CallError).with.property('code', 'invalid-argument');
    expect(() => parseTarget('bob@example.com', 'sip')).to.throw(CallError).with.property('code', 'unsupported');
  });

  it('turns dialer digits into DtmfTone names', () => {
    expect(toDtmfTones('0123456789*#abcd,')).to.deep.equal([
      'Num0', 'Num1', 'Num2', 'Num3', 'Num4', 'Num5', 'Num6', 'Num7', 'Num8', 'Num9', 'Star', 'Pound', 'A', 'B', 'C', 'D', null,
    ]);
  });

  it('recognizes an expired token before the SDK does', () => {
    expect(() => checkToken(jwt({ exp: 1 }))).to.throw(CallError).with.property('code', 'token-expired');
    expect(() => checkToken('  ')).to.throw(CallError).with.property('code', 'auth-failed');
    expect(checkToken('opaque-token')).to.equal(null);
    expect(checkToken(GOOD_TOKEN)?.skypeid).to.equal('acs:me');
  });
});

describe('acs provider with fakes of the SDK', function () {
  // Real stand-ins, Prism and SDKs on a loaded 2-core machine: minutes of CPU are shared by everyone.
  this.timeout(60000);
  it('before sign-in: devices work, calling needs a token', async () => {
    const { s, controller, sdk } = await start({});
    expect(s().connection).to.equal('disconnected');
    expect(s().platform.capabilities).to.include('device-select').and.not.include('outgoing');
    expect(s().platform.destinations).to.deep.equal(['acs', 'phone', 'teams']);
    expect(s().devices.cameras.map((c) => c.label)).to.deep.equal(['Front camera', 'Document camera']);
    expect(s().devices.selected).to.deep.equal({ camera: 'cam-1', microphone: 'mic-1', speaker: 'spk-1' });
    const preview = controller.createView(PREVIEW_STREAM, { mirrored: true });
    await preview.ready;
    const camera = [...sdk.stats.renderers][0]!.stream as FakeLocalVideoStream;
    expect(camera.source.id).to.equal('cam-1');
    await controller.selectDevice('camera', 'cam-2');
    expect([camera.source.id, s().devices.selected.camera, sdk.stats.renderersCreated, sdk.stats.viewsCreated]).to.deep.equal(['cam-2', 'cam-2', 1, 1]);
    await controller.selectDevice('microphone', 'mic-2');
    expect(sdk.deviceManager.selectedMicrophone?.id).to.equal('mic-2');
    expect(s().devices.selected.microphone).to.equal('mic-2');
    sdk.deviceManager.unplugCamera('cam-2');
    await until(() => s().devices.cameras.length === 1, 'camera list update');
    expect(s().devices.selected.camera).to.equal('cam-1');
    expect(camera.source.id).to.equal('cam-1');
    expect((await rejection(controller.startCall('8:acs:bob'))).code).to.equal('not-connected');
    await controller.dispose();
  });

  it('a denied permission is a permission-denied error in the snapshot', async () => {
    const { s, controller, sdk } = await start({});
    sdk.deviceManager.access = { audio: true, video: false };
    const error = await rejection(controller.requestPermissions());
    expect(error.code).to.equal('permission-denied');
    expect(error.message).to.contain('camera');
    await settle();
    expect(s().permissions).to.deep.equal({ camera: 'denied', microphone: 'granted' });
    expect(s().error?.code).to.equal('permission-denied');
    await controller.dispose();
  });

  it('the token option: a refresher function is used as the credential tokenRefresher; bad options are rejected', async () => {
    let asked = 0;
    const { s, controller } = await start({ token: () => Promise.resolve(`${GOOD_TOKEN}${++asked ? '' : ''}`) });
    expect(asked).to.equal(1);
    expect(s().connection).to.equal('connected');
    expect(s().platform.capabilities).to.include.members(['outgoing', 'incoming', 'group-join']);
    await controller.dispose();
    expect(() => new AcsProvider({ options: { token: 42 } })).to.throw(CallError).with.property('code', 'invalid-argument');
    expect(() => new AcsProvider({ options: { alternateCallerId: 'nope' } })).to.throw(CallError).with.property('code', 'invalid-argument');
  });

  it('an expired token, an SDK that cannot load, and a rejected sign-in fail connect with clear codes', async () => {
    const expired = new CallController(new AcsProvider({ options: { token: jwt({ exp: 1 }) } }, () => Promise.resolve(fakeSdk())));
    expect((await rejection(expired.connect())).code).to.equal('token-expired');
    expect(expired.snapshot.connection).to.equal('failed');
    const offline = new CallController(new AcsProvider({ options: { token: GOOD_TOKEN } }, () => Promise.reject(new TypeError('Failed to fetch dynamically imported module'))));
    const net = await rejection(offline.connect());
    expect([net.code, net.message]).to.deep.equal(['network', 'Could not load the Azure Communication Services SDK']);
    const sdk = fakeSdk();
    sdk.agentError = sdkError(401, 44111, 'Invalid token');
    const bad = new CallController(new AcsProvider({ options: { token: GOOD_TOKEN } }, () => Promise.resolve(sdk)));
    const auth = await rejection(bad.connect());
    expect(auth.code).to.equal('auth-failed');
    expect(auth.message).to.contain('not valid');
    await Promise.all([expired.dispose(), offline.dispose(), bad.dispose()]);
  });

  it('an outgoing 1:1 call: states, media actions, DTMF, participants, hang up', async () => {
    const { s, call, controller, agent, sdk } = await start();
    const id = await controller.startCall('8:acs:bob', { video: true, kind: 'acs' });
    const [targets, options] = sdk.stats.opsNamed('startCall')[0]!.args as [unknown, { videoOptions?: { localVideoStreams: unknown[] } }];
    expect(targets).to.deep.equal([{ communicationUserId: '8:acs:bob' }]);
    expect(options.videoOptions?.localVideoStreams).to.have.length(1);
    const fake = agent().calls[0]!;
    await settle();
    expect([call().id, call().state, call().direction, call().local.video]).to.deep.equal([id, 'connecting', 'outgoing', true]);
    expect(call().local.streams.map((v) => v.id)).to.deep.equal(['self-camera']);
    fake.setState('Ringing');
    await settle();
    expect(call().state).to.equal('ringing');
    const bob = fake.join(new FakeRemoteParticipant(user('8:acs:bob'), 'Bob', 'Connecting'));
    fake.setState('Connected');
    bob.set({ state: 'Connected' });
    await settle();
    expect(call().state).to.equal('connected');
    expect(call().startedAt).to.be.a('number');
    expect(call().participants.map((p) => [p.id, p.displayName, p.state])).to.deep.equal([['8:acs:bob', 'Bob', 'connected']]);
    expect(call().remoteParties[0]!.displayName).to.equal('Bob');

    await controller.setMuted(true);
    expect(call().local.muted).to.equal(true);
    await controller.hold();
    expect([call().state, call().local.held]).to.deep.equal(['on-hold', true]);
    await controller.resume();
    expect(call().state).to.equal('connected');
    await controller.sendDtmf('12#*');
    expect(sdk.stats.opsNamed('sendDtmf').map((o) => o.args[0])).to.deep.equal(['Num1', 'Num2', 'Pound', 'Star']);
    await controller.setVideo(false);
    const camera = options.videoOptions!.localVideoStreams[0] as FakeLocalVideoStream;
    expect(sdk.stats.opsNamed('stopVideo')[0]!.args[0]).to.equal(camera);
    expect(call().local.video).to.equal(false);
    // The SDK disposes a stream it stops sending unless it was made with autoDisposeOnCallEnd false.
    expect(camera.disposed, 'the camera the call stopped sending stays usable (preview, camera on again)').to.equal(false);
    await controller.setScreenShare(true);
    expect(call().local.streams.map((v) => v.id)).to.deep.equal(['self-screen']);
    await controller.setScreenShare(false);
    expect(call().local.screenSharing).to.equal(false);

    await controller.addParticipant('+1 425 555 0199');
    expect(sdk.stats.opsNamed('addParticipant')[0]!.args).to.deep.equal([{ phoneNumber: '+14255550199' }, { alternateCallerId: { phoneNumber: '+14255550100' } }]);
    await settle();
    expect(call().participants.map((p) => p.address)).to.deep.equal(['8:acs:bob', '+14255550199']);
    await controller.removeParticipant('4:+14255550199');
    await settle();
    expect(call().participants).to.have.length(1);

    const ended = new Promise<CustomEvent>((resolve) => controller.addEventListener('call-ended', resolve, { once: true }));
    await controller.hangUp(undefined, { forEveryone: true });
    expect(sdk.stats.opsNamed('hangUp')[0]!.args[0]).to.deep.equal({ forEveryone: true });
    const event = await ended;
    expect((event.detail as { call: { endReason: { code: string } } }).call.endReason.code).to.equal('hung-up');
    expect(s().calls).to.deep.equal([]);
    await controller.dispose();
  });

  it('phone calls need alternateCallerId; Teams users are called by id', async () => {
    const { controller, sdk } = await start({ token: GOOD_TOKEN });
    const error = await rejection(controller.startCall('+14255550123', { kind: 'phone' }));
    expect([error.code, error.message]).to.deep.equal(['invalid-argument', 'Calling a phone number needs providerOptions.alternateCallerId (an ACS phone number in +E.164 form)']);
    await controller.startCall('8:orgid:42');
    expect(sdk.stats.opsNamed('startCall')[0]!.args[0]).to.deep.equal([{ microsoftTeamsUserId: '42', rawId: '8:orgid:42' }]);
    expect((await rejection(controller.startCall('sip:bob@example.com', { kind: 'sip' }))).code).to.equal('unsupported');
    await controller.dispose();
  });

  it('remote participants: state, mute, speaking, name, recording and dominant speaker', async () => {
    const { call, controller, agent } = await start();
    await controller.join({ groupId: '29228d3e-040e-4656-a70e-890ab4e173e5' });
    const fake = agent().calls[0]!;
    fake.setState('Connected');
    const a = fake.join(new FakeRemoteParticipant(user('8:acs:a'), undefined, 'Ringing'));
    const b = fake.join(new FakeRemoteParticipant(user('8:acs:b'), 'Bea', 'Connected'));
    await settle();
    expect(call().participants.map((p) => [p.displayName, p.state])).to.deep.equal([['8:acs:a', 'ringing'], ['Bea', 'connected']]);
    a.set({ state: 'Connected', displayName: 'Ann' });
    b.set({ isMuted: true, isSpeaking: true });
    await settle();
    expect(call().participants.map((p) => [p.displayName, p.state, p.muted, p.speaking])).to.deep.equal([
      ['Ann', 'connected', false, false],
      ['Bea', 'connected', true, true],
    ]);
    b.set({ state: 'Hold' });
    await settle();
    expect(call().participants[1]!.held).to.equal(true);
    expect(call().recording).to.equal(false);
    fake.recording.setActive(true);
    fake.dominant.setSpeakers([user('8:acs:b')]);
    await settle();
    expect([call().recording, call().dominantSpeakerId]).to.deep.equal([true, '8:acs:b']);
    await controller.participantAction('8:acs:a', { type: 'mute', muted: true });
    expect(a.isMuted).to.equal(true);
    expect((await rejection(controller.participantAction('8:acs:a', { type: 'mute', muted: false }))).code).to.equal('unsupported');
    fake.leave(a);
    await settle();
    expect(call().participants.map((p) => p.id)).to.deep.equal(['8:acs:b']);
    await controller.dispose();
  });

  it('joins a group call, a Teams meeting by link or id, and a Rooms call', async () => {
    const { controller, sdk } = await start();
    await controller.join({ groupId: 'g-1' });
    await controller.join({ meetingLink: 'https://teams.microsoft.com/l/meetup-join/x' });
    await controller.join({ meetingId: '123 456', passcode: 'abc' });
    await controller.join({ roomId: '99' }, { video: true });
    const joins = sdk.stats.opsNamed('join').map((o) => o.args[0]);
    expect(joins).to.deep.equal([{ groupId: 'g-1' }, { meetingLink: 'https://teams.microsoft.com/l/meetup-join/x' }, { meetingId: '123 456', passcode: 'abc' }, { roomId: '99' }]);
    expect((await rejection(controller.join({ room: 'lobby' }))).code).to.equal('unsupported');
    await controller.dispose();
  });

  it('incoming calls: accept with video, decline, and a caller who gives up', async () => {
    const { s, controller, agent, sdk } = await start();
    const incoming = new Promise<CustomEvent>((resolve) => controller.addEventListener('call-incoming', resolve, { once: true }));
    const ring = agent().ring({ identifier: user('8:acs:carol'), displayName: 'Carol' });
    await incoming;
    const id = s().calls[0]!.id;
    expect(s().calls[0]!.remoteParties).to.deep.equal([{ displayName: 'Carol', address: '8:acs:carol' }]);
    await controller.accept(id, { video: true });
    const options = sdk.stats.opsNamed('accept')[0]!.args[0] as { videoOptions: { localVideoStreams: unknown[] } };
    expect(options.videoOptions.localVideoStreams).to.have.length(1);
    await settle();
    expect([s().calls[0]!.id, s().calls[0]!.state, s().calls[0]!.local.video]).to.deep.equal([id, 'connected', true]);
    ring.accepted!.setState('Disconnected', { code: 0, subCode: 0 });
    await settle();
    expect(s().lastEndedCall?.endReason?.code).to.equal('remote-hung-up');

    agent().ring({ identifier: { kind: 'phoneNumber', phoneNumber: '+14255550111' } });
    await settle();
    expect(s().calls[0]!.remoteParties[0]!.displayName).to.equal('+14255550111');
    await controller.reject(s().calls[0]!.id);
    await settle();
    expect(s().lastEndedCall?.endReason?.code).to.equal('declined');

    const third = agent().ring({ identifier: user('8:acs:dan') });
    await settle();
    third.end(END.callerCancelled);
    await settle();
    expect(s().calls).to.deep.equal([]);
    expect(s().lastEndedCall?.endReason?.code).to.equal('cancelled');
    await controller.dispose();
  });

  it('a call that fails on the network ends with a network reason', async () => {
    const { s, controller, agent } = await start();
    await controller.startCall('8:acs:eve');
    agent().calls[0]!.setState('Disconnected', { code: 490, subCode: 4525 });
    await settle();
    expect(s().lastEndedCall?.endReason).to.deep.equal({ code: 'network', platformCode: '490/4525' });
    await controller.dispose();
  });

  it('a token revoked mid-session is reported as token-expired', async () => {
    const { s, agent } = await start();
    agent().emit('connectionStateChanged', { newValue: 'Disconnected', oldValue: 'Connected', reason: 'invalidToken' });
    await settle();
    expect([s().connection, s().error?.code]).to.deep.equal(['failed', 'token-expired']);
  });
});

describe('acs media views', function () {
  // Real stand-ins, Prism and SDKs on a loaded 2-core machine: minutes of CPU are shared by everyone.
  this.timeout(60000);
  // The fake renderer disposes every view it made and logs a second dispose of one as SDK 2.0.0 does (43213).
  failOnConsoleErrors();
  async function inCall() {
    const ctx = await start();
    await ctx.controller.startCall('8:acs:bob');
    const fake = ctx.agent().calls[0]!;
    fake.setState('Connected');
    const bob = fake.join(new FakeRemoteParticipant(user('8:acs:bob'), 'Bob'));
    const stream = bob.addStream(new FakeRemoteVideoStream(true));
    await settle();
    const ref = (): StreamRef => ctx.call().participants[0]!.video[0]!;
    return { ...ctx, fake, bob, stream, ref };
  }

  /** A tile made and let go before the SDK has made its view (the fake's view creation held until then). */
  async function letGoWhileMade(controller: CallController, sdk: FakeSdk, stream: StreamRef): Promise<MediaView> {
    let open!: () => void;
    sdk.stats.viewGate = new Promise((resolve) => (open = resolve));
    const view = controller.createView(stream, {});
    view.dispose();
    open();
    await view.ready;
    return view;
  }

  it('one renderer and one view per tile; scaling updates in place; unavailable disposes both; no view disposed twice', async () => {
    const { controller, sdk, stream, ref, provider } = await inCall();
    expect(ref()).to.deep.include({ kind: 'camera', available: true, participantId: '8:acs:bob' });
    const view = controller.createView(ref(), { scalingMode: 'crop' });
    expect(view.element).to.be.instanceOf(HTMLElement);
    await view.ready;
    const target = view.element.querySelector('.fake-acs-view');
    expect(target).to.not.equal(null);
    expect([...sdk.stats.views][0]!.scalingMode).to.equal('Crop');
    view.update({ scalingMode: 'fit' });
    expect(sdk.stats.opsNamed('updateScalingMode').map((o) => o.args[0])).to.deep.equal(['Fit']);
    expect(sdk.stats.viewsCreated).to.equal(1);
    const second = controller.createView(ref(), { scalingMode: 'crop' });
    await second.ready;
    expect([sdk.stats.renderersCreated, sdk.stats.viewsCreated, provider.rendererCount]).to.deep.equal([2, 2, 2]);
    stream.setAvailable(false);
    await settle();
    expect([sdk.stats.renderers.size, sdk.stats.views.size]).to.deep.equal([0, 0]);
    expect(ref().available).to.equal(false);
    stream.setAvailable(true);
    await until(() => sdk.stats.views.size === 2, 'views re-attached');
    expect(sdk.stats.renderers.size).to.equal(2);
    // The first tile goes while the second stays: the second keeps showing the stream.
    view.dispose();
    expect([sdk.stats.renderers.size, sdk.stats.views.size]).to.deep.equal([1, 1]);
    expect(second.element.querySelectorAll('.fake-acs-view')).to.have.length(1);
    second.dispose();
    expect([sdk.stats.renderers.size, sdk.stats.views.size, provider.rendererCount]).to.deep.equal([0, 0, 0]);
    await controller.dispose();
  });

  it('a view disposed before the SDK view arrives leaks nothing', async () => {
    const { controller, sdk, ref } = await inCall();
    const view = await letGoWhileMade(controller, sdk, ref());
    await settle();
    expect(view.element.childElementCount).to.equal(0);
    expect([sdk.stats.viewsCreated, sdk.stats.views.size, sdk.stats.renderers.size]).to.deep.equal([1, 0, 0]);
    await controller.dispose();
  });

  it('a tile let go while its view is being made, beside a shown tile of the stream: each SDK view disposed once', async () => {
    const { controller, sdk, ref } = await inCall();
    const shown = controller.createView(ref(), {});
    await shown.ready;
    const brief = await letGoWhileMade(controller, sdk, ref());
    await until(() => sdk.stats.views.size === 1, 'the brief tile\'s view disposed when it arrived');
    expect(shown.element.querySelectorAll('.fake-acs-view'), 'the shown tile keeps its view').to.have.length(1);
    expect(brief.element.childElementCount).to.equal(0);
    shown.dispose();
    expect([sdk.stats.viewsCreated, sdk.stats.views.size, sdk.stats.renderers.size]).to.deep.equal([2, 0, 0]);
    await controller.dispose();
  });

  it('a participant leaving, and the session going away, dispose every SDK view and renderer', async () => {
    const { controller, sdk, ref, fake, bob } = await inCall();
    const view = controller.createView(ref(), {});
    await view.ready;
    fake.leave(bob);
    await settle();
    expect([sdk.stats.views.size, sdk.stats.renderers.size]).to.deep.equal([0, 0]);
    const preview = controller.createView(PREVIEW_STREAM, { mirrored: true });
    await preview.ready;
    expect(sdk.stats.views.size).to.equal(1);
    await controller.dispose();
    expect([sdk.stats.views.size, sdk.stats.renderers.size]).to.deep.equal([0, 0]);
    expect(sdk.stats.opsNamed('hangUp')).to.have.length(1);
  });

  it('churn in a real <video-grid>: 100 joins/leaves and page flips keep one view per visible stream', async () => {
    const sdk = fakeSdk();
    registerProvider('acs-fake', (config) => new AcsProvider(config, () => Promise.resolve(sdk)));
    const session = await fixture<CallSession>(html`
      <call-session provider="acs-fake" .providerOptions=${{ token: GOOD_TOKEN }}>
        <video-grid max-tiles="4" style="width:480px;height:270px"></video-grid>
      </call-session>
    `);
    const controller = await session.whenReady();
    await until(() => controller.snapshot.connection === 'connected', 'signed in');
    const grid = session.querySelector('video-grid') as VideoGrid;
    await controller.startCall('8:acs:host');
    const fake = sdk.agent!.calls[0]!;
    fake.setState('Connected');
    const people: FakeRemoteParticipant[] = [];
    let seq = 0;
    const check = async (step: string) => {
      await settle();
      await grid.updateComplete;
      const boxes = [...grid.shadowRoot!.querySelectorAll<HTMLElement>('[data-media]')];
      const visibleAvailable = boxes.filter((box) => {
        const tileId = box.dataset.media!;
        return controller.snapshot.calls[0]?.participants.some((p) => p.video.some((v) => v.id === tileId && v.available));
      });
      await until(() => sdk.stats.views.size === visibleAvailable.length, `${step}: ${visibleAvailable.length} views (have ${sdk.stats.views.size})`);
      expect(sdk.stats.renderers.size, `${step}: renderers`).to.equal(visibleAvailable.length);
      for (const box of visibleAvailable) expect(box.querySelectorAll('.fake-acs-view').length, `${step}: one view in ${box.dataset.media}`).to.equal(1);
    };
    for (let i = 0; i < 100; i++) {
      const r = (i * 7919) % 10;
      if (people.length < 3 || r < 5) {
        const p = fake.join(new FakeRemoteParticipant(user(`8:acs:p${++seq}`), `P${seq}`));
        p.addStream(new FakeRemoteVideoStream(r !== 4));
        people.push(p);
      } else if (r < 8) {
        fake.leave(people.splice((i * 31) % people.length, 1)[0]!);
      } else {
        const next = grid.shadowRoot!.querySelector<HTMLButtonElement>(r === 8 ? '[part=next]' : '[part=previous]');
        if (next && !next.disabled) next.click();
        else people[i % people.length]!.videoStreams[0]?.setAvailable(!people[i % people.length]!.videoStreams[0]!.isAvailable);
      }
      if (i % 10 === 9) await check(`step ${i}`);
    }
    await check('end');
    expect(sdk.stats.renderersCreated).to.be.greaterThan(10);
    session.remove();
    await until(() => sdk.stats.views.size === 0 && sdk.stats.renderers.size === 0, 'everything disposed');
  });
});

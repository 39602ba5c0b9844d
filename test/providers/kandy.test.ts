/**
 * The Kandy provider with the real @kandy-io/cpaas-sdk@4.9.0 in Chromium, against the loopback stand-in of
 * the CPaaS REST and websocket endpoints (test/harness/plugins/kandy.mjs): two SDK clients in this page make
 * a real WebRTC call, and real tracks render inside a shadow root.
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { CallController } from '../../src/core/controller.js';
import type { CallError } from '../../src/core/errors.js';
import type { Call } from '../../src/core/state.js';
import '../../src/elements/call-session/define.js';
// As an npm user opts in to the provider whose SDK is an optional peer dependency.
import '../../src/providers/kandy/register.js';
import type { CallSession } from '../../src/elements/call-session/call-session.js';
import type { KandyProvider } from '../../src/providers/kandy/index.js';
import { until } from '../harness/recording-provider.js';
import { kandyController, routeKandyWebSocket, standInRequests, tokensFor } from '../fixtures/kandy/kandy-fixture.js';

const call = (c: CallController): Call => c.snapshot.calls[0]!;

/** A shadow host like a video tile: the view's element goes inside its shadow root. */
const tiles: HTMLElement[] = [];
function shadowTile(): ShadowRoot {
  const host = document.createElement('div');
  document.body.append(host);
  tiles.push(host);
  return host.attachShadow({ mode: 'open' });
}

async function framesIn(root: ShadowRoot): Promise<HTMLVideoElement> {
  await until(() => (root.querySelector('video')?.videoWidth ?? 0) > 0, 'video frames inside the shadow root', 8000);
  return root.querySelector('video')!;
}

describe('kandy provider (real SDK, loopback stand-in)', function () {
  // Real stand-ins, Prism and SDKs on a loaded 2-core machine: minutes of CPU are shared by everyone.
  this.timeout(60000);
  const open: CallController[] = [];
  const connect = async (user: string, extra: Record<string, unknown> = {}, tokens?: () => Promise<ReturnType<typeof tokensFor>>) => {
    const c = kandyController(user, extra, tokens);
    open.push(c);
    await c.connect();
    return c;
  };

  before(() => routeKandyWebSocket());
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.dispose()));
    tiles.splice(0).forEach((t) => t.remove());
  });

  it('subscribes to the call service over the websocket channel', async () => {
    const alice = await connect('alice@kandy.test');
    expect(alice.snapshot.connection).to.equal('connected');
    expect(alice.snapshot.self.address).to.equal('alice@kandy.test');
    expect(alice.snapshot.platform.destinations).to.include.members(['user', 'phone']);
    // The SDK enumerates devices on its own after connect and reports them with devices:change.
    await until(() => alice.snapshot.devices.cameras.length > 0, 'the camera list', 20000);
    const requests = (await standInRequests()).filter((r) => r.path.includes('/alice@kandy.test/'));
    expect(requests.map((r) => `${r.method} ${r.path.split('/')[2]}`)).to.include.members(['POST notificationchannel', 'POST webrtcsignaling']);
    expect(requests.every((r) => r.bearer)).to.equal(true);
  });

  it('turns a refused subscription (subscription:error) into a CallError', async () => {
    const c = kandyController('denied@kandy.test');
    open.push(c);
    const error = await c.connect().then(() => null, (e: CallError) => e);
    expect(error?.code).to.equal('network');
    expect(c.snapshot.connection).to.equal('failed');
    expect(c.snapshot.error?.code).to.equal('network');
  });

  it('shows bad providerOptions as invalid-argument on <call-session>', async () => {
    const session = await fixture<CallSession>(html`<call-session provider="kandy" .providerOptions=${{ server: { base: 'https://x/y' }, clientCorrelator: 'c', tokens: () => Promise.resolve(tokensFor('x@y')) }}></call-session>`);
    const controller = await session.whenReady();
    await until(() => controller.snapshot.connection === 'failed', 'failed connection');
    expect(controller.snapshot.error?.code).to.equal('invalid-argument');
    expect(controller.snapshot.error?.message).to.contain('server.base');
  });

  it('makes, answers, mutes, holds, sends DTMF, drops video and hangs up a real call', async () => {
    // Names of its own: an earlier test's client whose channel the SDK leaks on disconnect must not hear this call.
    const [aliceId, bobId] = ['alice-call@kandy.test', 'bob-call@kandy.test'];
    const alice = await connect(aliceId);
    const bob = await connect(bobId);
    const incoming: Call[] = [];
    bob.addEventListener('call-incoming', (e) => incoming.push(e.detail.call));

    const id = await alice.startCall(bobId, { video: true });
    expect(call(alice).id).to.equal(id);
    await until(() => incoming.length === 1, 'call-incoming at bob');
    expect(incoming[0]!.remoteParties[0]!.address).to.equal(aliceId);
    await until(() => call(alice).state === 'ringing', 'alice hears ringing');

    await bob.accept(call(bob).id, { video: true });
    await until(() => call(alice).state === 'connected' && call(bob).state === 'connected', 'both connected');
    expect(call(alice).startedAt).to.be.a('number');

    // Bob's camera, as Alice receives it, rendered by the SDK into an element inside a shadow root
    await until(() => call(alice).participants[0]!.video.length > 0, 'remote video stream at alice');
    const remote = shadowTile();
    const view = alice.createView(call(alice).participants[0]!.video[0]!, { scalingMode: 'fit' });
    remote.append(view.element);
    await view.ready;
    const video = await framesIn(remote);
    expect(video.id).to.match(/^video-/);
    expect(video.style.objectFit).to.equal('contain');
    view.update({ mirrored: true });
    expect(video.style.transform).to.equal('scaleX(-1)');
    // and Alice's own camera as a self-view
    const self = shadowTile();
    const selfView = alice.createView(call(alice).local.streams[0]!);
    self.append(selfView.element);
    await framesIn(self);
    // remote audio plays from the provider's own container
    const provider = alice.provider as KandyProvider;
    await until(() => provider.audioElements.length > 0, 'remote audio element');

    // mute: the call's local audio tracks, through media.muteTracks
    await alice.setMuted(true);
    expect(call(alice).local.muted).to.equal(true);
    const audioTrack = provider.client!.call.getById(id)!.localTracks.map((t) => provider.client!.media.getTrackById(t)!).find((t) => t.kind === 'audio')!;
    expect(audioTrack.muted).to.equal(true);
    await alice.setMuted(false);
    expect(call(alice).local.muted).to.equal(false);

    // local hold at alice is a remote hold at bob
    await alice.hold();
    await until(() => call(alice).state === 'on-hold' && call(bob).state === 'remote-hold', 'hold on both sides');
    expect(call(bob).participants[0]!.held).to.equal(true);
    await alice.resume();
    await until(() => call(alice).state === 'connected' && call(bob).state === 'connected', 'resumed');

    await alice.sendDtmf('12#');
    expect(call(alice).dtmf).to.equal('12#');
    const bad = await alice.sendDtmf('A').then(() => null, (e: CallError) => e);
    expect(bad?.code).to.equal('invalid-argument');

    // camera off: removeMedia of the local video track (bob's side keeps a transceiver whose track the SDK
    // does not end under unified-plan, so only alice's side is asserted)
    selfView.dispose();
    await alice.setVideo(false);
    expect(call(alice).local.video).to.equal(false);
    expect(call(alice).local.streams).to.deep.equal([]);

    await alice.hangUp();
    await until(() => bob.snapshot.calls.length === 0 && alice.snapshot.calls.length === 0, 'both ended');
    expect(alice.snapshot.lastEndedCall?.endReason?.code).to.equal('hung-up');
    expect(bob.snapshot.lastEndedCall?.endReason?.code).to.equal('remote-hung-up');
    view.dispose();
    expect(remote.querySelector('video')).to.equal(null);
  });

  it('declines an incoming call', async () => {
    const alice = await connect('alice@kandy.test');
    const bob = await connect('bob@kandy.test');
    await alice.startCall('bob@kandy.test', { video: false });
    await until(() => bob.snapshot.calls.length === 1, 'incoming');
    await bob.reject(call(bob).id);
    await until(() => alice.snapshot.calls.length === 0, 'alice call ended');
    expect(bob.snapshot.lastEndedCall?.endReason?.code).to.equal('declined');
    expect(alice.snapshot.lastEndedCall?.state).to.equal('ended');
  });

  it('asks for tokens again before the access token expires', async () => {
    let asked = 0;
    // exp 61 s ahead: the provider refreshes 60 s before expiry, so after about a second
    await connect('carol@kandy.test', {}, () => {
      asked += 1;
      return Promise.resolve(tokensFor('carol@kandy.test', 61));
    });
    expect(asked).to.equal(1);
    await until(() => asked === 2, 'a token refresh', 4000);
  });
});

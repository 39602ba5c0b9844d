/**
 * The Kandy provider with the real @kandy-io/cpaas-sdk@4.9.0 in Chromium, against the loopback stand-in of
 * the CPaaS REST and websocket endpoints (test/harness/plugins/kandy.mjs): two SDK clients in this page make
 * a real WebRTC call, and real tracks render inside a shadow root.
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { CallController } from '../../src/core/controller.js';
import type { CallError } from '../../src/core/errors.js';
import type { KandyEventMap } from '../../src/providers/kandy/kandy-sdk.js';
import type { Call } from '../../src/core/state.js';
import '../../src/elements/call-session/define.js';
// As an npm user opts in to the provider whose SDK is an optional peer dependency.
import '../../src/providers/kandy/register.js';
import type { CallSession } from '../../src/elements/call-session/call-session.js';
import type { KandyProvider } from '../../src/providers/kandy/index.js';
import { until } from '../harness/recording-provider.js';
import { eventually } from './eventually.js';
import { kandyController, routeKandyWebSocket, standInRequests, standInUserState, tokensFor, type KandyRequest } from '../fixtures/kandy/kandy-fixture.js';

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

  /** alice-{tag} calls bob-{tag} without video and bob answers. */
  const audioCall = async (tag: string) => {
    const [aliceId, bobId] = [`alice-${tag}@kandy.test`, `bob-${tag}@kandy.test`];
    const alice = await connect(aliceId);
    const bob = await connect(bobId);
    await alice.startCall(bobId, { video: false });
    await until(() => bob.snapshot.calls.length === 1, 'incoming', 20000);
    await bob.accept(call(bob).id, { video: false });
    await until(() => call(alice).state === 'connected' && call(bob).state === 'connected', 'connected', 20000);
    return { alice, bob };
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
    await until(() => controller.snapshot.connection === 'failed', 'failed connection', 20000);
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
    await until(() => incoming.length === 1, 'call-incoming at bob', 20000);
    expect(incoming[0]!.remoteParties[0]!.address).to.equal(aliceId);
    await until(() => call(alice).state === 'ringing', 'alice hears ringing', 20000);

    await bob.accept(call(bob).id, { video: true });
    await until(() => call(alice).state === 'connected' && call(bob).state === 'connected', 'both connected', 20000);
    expect(call(alice).startedAt).to.be.a('number');

    // Bob's camera, as Alice receives it, rendered by the SDK into an element inside a shadow root
    await until(() => call(alice).participants[0]!.video.length > 0, 'remote video stream at alice', 20000);
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
    await until(() => provider.audioElements.length > 0, 'remote audio element', 20000);

    // mute: the call's local audio tracks, through media.muteTracks
    await alice.setMuted(true);
    expect(call(alice).local.muted).to.equal(true);
    const audioTrack = provider.client!.call.getById(id)!.localTracks.map((t) => provider.client!.media.getTrackById(t)!).find((t) => t.kind === 'audio')!;
    expect(audioTrack.muted).to.equal(true);
    await alice.setMuted(false);
    expect(call(alice).local.muted).to.equal(false);

    // local hold at alice is a remote hold at bob
    await alice.hold();
    await until(() => call(alice).state === 'on-hold' && call(bob).state === 'remote-hold', 'hold on both sides', 20000);
    expect(call(bob).participants[0]!.held).to.equal(true);
    await alice.resume();
    await until(() => call(alice).state === 'connected' && call(bob).state === 'connected', 'resumed', 20000);

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
    await until(() => bob.snapshot.calls.length === 0 && alice.snapshot.calls.length === 0, 'both ended', 20000);
    expect(alice.snapshot.lastEndedCall?.endReason?.code).to.equal('hung-up');
    expect(bob.snapshot.lastEndedCall?.endReason?.code).to.equal('remote-hung-up');
    view.dispose();
    expect(remote.querySelector('video')).to.equal(null);
  });

  it('declines an incoming call', async () => {
    const alice = await connect('alice@kandy.test');
    const bob = await connect('bob@kandy.test');
    await alice.startCall('bob@kandy.test', { video: false });
    await until(() => bob.snapshot.calls.length === 1, 'incoming', 20000);
    await bob.reject(call(bob).id);
    await until(() => alice.snapshot.calls.length === 0, 'alice call ended', 20000);
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
    // Connect itself may take longer than the second on a loaded machine: count from here.
    const atConnect = asked;
    expect(atConnect).to.be.greaterThan(0);
    await until(() => asked > atConnect, 'a token refresh', 10000);
  });

  it('leaves nothing on the platform after disconnect: subscription and channel deleted, socket closed', async () => {
    const user = 'leaver@kandy.test';
    // The page's side of the SDK's notification socket: watched through the constructor the SDK calls.
    const opened: WebSocket[] = [];
    const NativeWebSocket = window.WebSocket;
    window.WebSocket = class extends NativeWebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        if (String(url).includes(`/${user}/`)) opened.push(this);
      }
    };
    let c: CallController;
    try {
      c = await connect(user);
    } finally {
      window.WebSocket = NativeWebSocket;
    }
    expect(opened.map((ws) => ws.readyState)).to.deep.equal([WebSocket.OPEN]);
    expect(await standInUserState(user)).to.deep.equal({ channels: 1, sockets: 1, subscriptions: 1 });
    await c.disconnect();
    // The SDK's own unsubscribe would crash here (and the console guard would fail this test).
    await eventually(async () => {
      const state = await standInUserState(user);
      return state.channels === 0 && state.sockets === 0 && state.subscriptions === 0;
    }, 'the channel, its socket and the subscription gone', 10000);
    await until(() => opened[0]!.readyState === WebSocket.CLOSED, "the SDK's socket closed in the page", 10000);
    const deletes = (await standInRequests()).filter((r) => r.method === 'DELETE' && r.path.includes(`/${user}/`));
    expect(deletes.map((r) => r.path.split('/')[2])).to.have.members(['webrtcsignaling', 'notificationchannel']);
    expect(deletes.every((r) => r.bearer)).to.equal(true);
  });

  it('ends a call the platform refuses (unknown user) as unavailable, reporting the error once', async () => {
    const alice = await connect('alice-refused@kandy.test');
    const errors: CallError[] = [];
    alice.addEventListener('call-error', (e) => errors.push(e.detail.error));
    await alice.startCall('nobody@kandy.test', { video: false });
    await until(() => alice.snapshot.calls.length === 0, 'the refused call ended', 20000);
    expect(alice.snapshot.lastEndedCall?.endReason).to.include({ code: 'unavailable', platformCode: 'SVC0004' });
    expect(errors.map((e) => e.code)).to.deep.equal(['not-found']);
  });

  it('offers no video, screen share or DTMF while the far side holds, and switches no device on that call', async () => {
    const { alice, bob } = await audioCall('rhold');
    expect(call(bob).capabilities).to.include.members(['video', 'screen-share', 'dtmf']);

    await alice.hold();
    await until(() => call(bob).state === 'remote-hold', 'remote hold at bob', 20000);
    expect(call(bob).capabilities).to.not.include.oneOf(['video', 'screen-share', 'dtmf']);
    expect(call(bob).capabilities).to.include.members(['mute', 'hold']);
    // The controller refuses what is not offered (the SDK would have refused it with an error).
    expect(await bob.setVideo(true).then(() => null, (e: CallError) => e.code)).to.equal('unsupported');
    expect(await bob.sendDtmf('1').then(() => null, (e: CallError) => e.code)).to.equal('unsupported');
    // A device switch during the hold changes the selection and leaves the held call alone, without an SDK error.
    const microphone = bob.snapshot.devices.microphones.at(-1)?.id ?? 'default';
    const errors: CallError[] = [];
    bob.addEventListener('call-error', (e) => errors.push(e.detail.error));
    await bob.selectDevice('microphone', microphone);
    expect(bob.snapshot.devices.selected.microphone).to.equal(microphone);
    expect(errors).to.deep.equal([]);

    await alice.resume();
    await until(() => call(bob).state === 'connected', 'resumed', 20000);
    expect(call(bob).capabilities).to.include.members(['video', 'screen-share', 'dtmf']);
  });

  it('shares the screen and switches the microphone on a live call', async () => {
    const { alice, bob } = await audioCall('media');

    await alice.setScreenShare(true);
    expect(call(alice).local.screenSharing).to.equal(true);
    expect(call(alice).local.streams.map((s) => s.kind)).to.deep.equal(['screen']);
    await until(() => call(bob).participants[0]!.video.length > 0, 'the shared screen arrives at bob', 20000);
    await alice.setScreenShare(false);
    expect(call(alice).local.screenSharing).to.equal(false);

    const provider = alice.provider as KandyProvider;
    const audioTrack = () =>
      provider.client!.call.getById(call(alice).id)!.localTracks.map((t) => provider.client!.media.getTrackById(t)!).find((t) => t?.kind === 'audio' && t.state === 'live')!;
    const before = audioTrack().trackId;
    await until(() => alice.snapshot.devices.microphones.length > 0, 'the microphone list', 20000);
    const microphone = alice.snapshot.devices.microphones.at(-1)!.id;
    await alice.selectDevice('microphone', microphone);
    // replaceTrack finished: the call sends a new audio track.
    expect(audioTrack().trackId).to.not.equal(before);
    expect(call(alice).state).to.equal('connected');
  });

  it('has no working forward, direct or consultative transfer or join in 4.9.0: the SDK starts them and sends nothing', async () => {
    const ids = ['alice', 'bob', 'carol', 'dave', 'eve'].map((n) => `${n}-xfer@kandy.test`);
    const [alice, bob, carol, dave] = await Promise.all(ids.map((id) => connect(id)));
    const [aliceId, bobId, carolId, daveId, eveId] = ids;
    const client = (alice!.provider as KandyProvider).client!;
    const operations: KandyEventMap['call:operation'][] = [];
    const record = (e: KandyEventMap['call:operation']) => void operations.push(e);
    client.on('call:operation', record);
    const stateOf = (id: string) => alice!.snapshot.calls.find((c) => c.id === id)?.state;

    const held = async (calleeId: string, callee: CallController): Promise<string> => {
      const id = await alice!.startCall(calleeId, { video: false });
      await until(() => callee.snapshot.calls.length === 1, `incoming at ${calleeId}`, 20000);
      await callee.accept(callee.snapshot.calls[0]!.id, { video: false });
      await until(() => stateOf(id) === 'connected', `connected to ${calleeId}`, 20000);
      await alice!.hold(id);
      return id;
    };
    const toBob = await held(bobId!, bob!);
    const toCarol = await held(carolId!, carol!);
    // Held, as the SDK requires (validateCallState On Hold, kandy.js:27136, 27189, 27260). Nothing is offered
    // and the provider has no method, so the controller rejects all three as unsupported.
    expect(alice!.snapshot.calls.flatMap((c) => c.capabilities)).to.not.include.oneOf(['transfer', 'consult-transfer', 'merge']);
    const code = (p: Promise<unknown>) => p.then(() => null, (e: CallError) => e.code);
    expect(await code(alice!.transfer(daveId!, toBob))).to.equal('unsupported');
    expect(await code(alice!.transfer({ callId: toCarol }, toBob))).to.equal('unsupported');
    expect(await code(alice!.mergeCalls(toCarol, toBob))).to.equal('unsupported');

    // A forward needs a ringing incoming call.
    await dave!.startCall(aliceId!, { video: false });
    await until(() => alice!.snapshot.calls.some((c) => c.direction === 'incoming' && c.state === 'ringing'), 'dave rings alice', 20000);
    const fromDave = alice!.snapshot.calls.find((c) => c.direction === 'incoming')!.id;
    await until(() => client.call.getById(fromDave)?.state === 'Ringing', 'the SDK says Ringing', 20000);

    // Straight to the SDK: each starts, and nothing more happens.
    const sent = Math.max(0, ...(await standInRequests()).map((r) => r.n));
    client.call.directTransfer(toBob, daveId!);
    client.call.consultativeTransfer(toBob, toCarol);
    client.call.join(toBob, toCarol);
    client.call.forward(fromDave, bobId!);
    // A saga forked for any of them would have sent its request before a call made afterwards rings.
    const toEve = await alice!.startCall(eveId!, { video: false });
    await until(() => stateOf(toEve) === 'ringing', 'the later call rings', 20000);

    const started = operations.filter((e) => e.transition === 'START').map((e) => e.operation);
    expect(started).to.include.members(['DIRECT_TRANSFER', 'CONSULTATIVE_TRANSFER', 'JOIN', 'FORWARD_CALL']);
    const finished = operations.filter((e) => e.transition !== 'START').map((e) => e.operation);
    expect(finished).to.not.include.oneOf(['DIRECT_TRANSFER', 'CONSULTATIVE_TRANSFER', 'JOIN', 'FORWARD_CALL']);
    // The platform heard only the later call: its session, and eve's phone ringing. Not counted: the call
    // audits the SDK sends for every call 25 s after it began and every 25 s since (status "Connected",
    // sendCallAudit kandy.js:28741); on a loaded machine one of them can fall inside this window.
    const audit = (r: KandyRequest) => r.method === 'PUT' && (r.body as { wrtcsSessionStatus?: { status?: string } }).wrtcsSessionStatus?.status === 'Connected';
    const requests = (await standInRequests()).filter((r) => r.n > sent && !audit(r)).map((r) => `${r.method} ${r.path.replace(/^.*\/(sessions)/, '$1').replace(/\/s\d+/, '/{id}')}`);
    expect(requests).to.have.members(['POST sessions', 'PUT sessions/{id}/status']);
    expect([stateOf(toBob), stateOf(toCarol), stateOf(fromDave)]).to.deep.equal(['on-hold', 'on-hold', 'ringing']);
    client.off('call:operation', record);
  });
});

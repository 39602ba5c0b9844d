/**
 * The ACS provider on the real @azure/communication-calling 2.0.0, offline in Chromium (fake camera and
 * microphone; the SDK's configuration request is stubbed by the WTR config). Only the call agent is a
 * fake, and only where a call needs the Azure service.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { CallController } from '../../src/core/controller.js';
import { PREVIEW_STREAM } from '../../src/core/media.js';
import { sharedClient } from '../../src/providers/acs/acs-auth.js';
import { AcsProvider } from '../../src/providers/acs/acs-provider.js';
import type { VideoDeviceInfo } from '@azure/communication-calling';
import { loadAcsSdk, type AcsCallAgent, type AcsCallClient, type AcsSdk } from '../../src/providers/acs/sdk.js';
import { registerProvider } from '../../src/providers/registry.js';
import '../../src/elements/call-session/define.js';
import '../../src/elements/device-picker/define.js';
// As an npm user opts in to the provider whose SDK is an optional peer dependency.
import '../../src/providers/acs/register.js';
import '../../src/elements/video-grid/define.js';
import type { CallSession } from '../../src/elements/call-session/call-session.js';
import type { VideoGrid } from '../../src/elements/video-grid/video-grid.js';
import { FakeCallAgent, FakeStats, fakeSdk, type FakeCall } from '../fixtures/acs/fake-sdk.js';
import { allowConsoleError, failOnConsoleErrors } from '../fixtures/acs/console-guard.js';
import { paintedFrames } from '../harness/frames.js';
import { settle, until } from '../harness/recording-provider.js';
import { rejection } from '../harness/rejection.js';

const b64 = (o: unknown) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
const jwt = (claims: Record<string, unknown>) => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.sig`;
/** Shaped like an ACS identity token; the SDK accepts it offline and only the service would refuse it. */
const SHAPED_TOKEN = jwt({ skypeid: 'acs:offline_user', scp: 1792, csi: 1, acsScope: 'voip', resourceId: 'r', exp: Math.floor(Date.now() / 1000) + 3600 });

/** What SDK 2.0.0 logs as errors for a call placed with no service to reach (none of it is the adapter's doing). */
function allowOfflineCallErrors(): void {
  for (const pattern of [/Failed to add participant during call start/, /Failed to start the call/, /Trouter/, /fetchTrap/, /Failed to fetch/, /NetworkError/, /Unknown SDP attributes/]) {
    allowConsoleError(pattern);
  }
}

/** Frames actually painted into the first <video> under `root`, counted with requestVideoFrameCallback. */
async function frames(root: ParentNode, count = 3): Promise<{ width: number; height: number }> {
  await until(() => !!root.querySelector('video')?.srcObject, 'a video with a stream', 30000);
  return paintedFrames(root.querySelector('video')!, count);
}


describe('acs provider on the real SDK (offline)', function () {
  // The real SDK drives real devices and renderers: on a loaded 2-core machine one test can take most of a minute.
  this.timeout(60000);
  failOnConsoleErrors();

  // Loading 7 MB of SDK and its first device enumeration happen once per page; done here, they are not
  // charged to whichever test happens to run first.
  before(async function () {
    this.timeout(180000);
    const sdk = await loadAcsSdk();
    await sharedClient(sdk).deviceManager;
  });

  it('pre-call screen: device lists, permission, selection and the device picker’s preview', async () => {
    const session = await fixture<CallSession>(html`<call-session provider="acs"><device-picker preview></device-picker></call-session>`);
    const picker = session.querySelector('device-picker')!;
    const controller = await session.whenReady();
    const s = () => controller.snapshot;
    // Without a token the session settles "disconnected": a pre-call screen, not an error.
    await controller.connect();
    expect(s().connection).to.equal('disconnected');
    expect(s().platform.kind).to.equal('acs');
    expect(s().error).to.equal(null);
    await controller.requestPermissions({ audio: true, video: true });
    expect(s().permissions).to.deep.equal({ camera: 'granted', microphone: 'granted' });
    expect(s().devices.cameras.map((c) => c.label)).to.include('fake_device_0');
    expect(s().devices.microphones.map((m) => m.label)).to.include.members(['Fake Audio Input 1', 'Fake Audio Input 2']);
    expect(s().devices.speakers.length).to.be.greaterThan(0);
    expect(s().platform.capabilities).to.include.members(['device-select', 'speaker-select']);

    const mic = s().devices.microphones.find((m) => m.label === 'Fake Audio Input 2')!;
    await controller.selectDevice('microphone', mic.id);
    expect(s().devices.selected.microphone).to.equal(mic.id);
    const speaker = s().devices.speakers.at(-1)!;
    await controller.selectDevice('speaker', speaker.id);
    expect(s().devices.selected.speaker).to.equal(speaker.id);

    // The picker's preview: the real DeviceManager, LocalVideoStream and VideoStreamRenderer, its view
    // inside the picker's shadow root, before any sign-in.
    const shadow = picker.shadowRoot!;
    const size = await frames(shadow);
    expect(size.width).to.be.greaterThan(0);
    const firstVideo = shadow.querySelector('video');
    // Re-selecting the camera in use must not reach switchSource (the SDK rejects it with 400/43005).
    await controller.selectDevice('camera', s().devices.cameras[0]!.id);
    expect((await frames(shadow)).height).to.be.greaterThan(0);
    // And a view made directly still takes scaling changes through updateScalingMode.
    const view = controller.createView(PREVIEW_STREAM, { mirrored: true });
    shadow.append(view.element);
    await view.ready;
    view.update({ scalingMode: 'fit' });
    await until(() => view.element.querySelector('video')?.style.objectFit === 'contain', 'Fit applied by updateScalingMode');
    session.remove();
    await until(() => view.disposed, 'the session disposed the view');
    expect(firstVideo?.isConnected ?? false, 'the picker released its preview').to.equal(false);
    expect(view.element.querySelector('video')).to.equal(null);
  });

  it('tiles let go while the SDK is still making their views end with no SDK error (no view disposed twice)', async () => {
    // The real renderer, watched: each createView is recorded, and the test lets a tile go in the same tick
    // the SDK starts making its view (an element added and removed at once, a page flip in the grid).
    const real = await loadAcsSdk();
    const creations: Promise<unknown>[] = [];
    let onCreateView: (() => void) | null = null;
    const watched: AcsSdk = {
      ...real,
      createRenderer: (source) => {
        const renderer = real.createRenderer(source);
        const createView = renderer.createView.bind(renderer);
        renderer.createView = (options) => {
          const made = createView(options);
          creations.push(made.catch(() => undefined));
          const hook = onCreateView;
          onCreateView = null;
          if (hook) queueMicrotask(hook);
          return made;
        };
        return renderer;
      },
    };
    const provider = new AcsProvider({ options: {} }, () => Promise.resolve(watched));
    const controller = new CallController(provider);
    await controller.connect();
    const shown = controller.createView(PREVIEW_STREAM, {});
    document.body.append(shown.element);
    await shown.ready;
    expect(shown.element.querySelector('video'), 'the first tile shows the camera').to.not.equal(null);
    // A second tile of the same stream, let go while its view is being made; then the first tile.
    const brief = controller.createView(PREVIEW_STREAM, {});
    onCreateView = () => brief.dispose();
    await until(() => creations.length === 2, 'the second view is being made', 30000);
    await Promise.all(creations);
    expect(shown.element.querySelector('video'), 'the first tile still shows the camera').to.not.equal(null);
    shown.dispose();
    // A lone tile let go while its view is being made.
    const lone = controller.createView(PREVIEW_STREAM, {});
    onCreateView = () => lone.dispose();
    await until(() => creations.length === 3, 'the lone view is being made', 30000);
    await Promise.all(creations);
    await lone.ready;
    expect([lone.element.isConnected, lone.element.childElementCount]).to.deep.equal([false, 0]);
    await until(() => provider.rendererCount === 0, 'no renderer left', 30000);
    await controller.dispose();
    // Whatever the SDK logs from here on is still this test's.
    await settle();
  });

  it('a denied permission gives permission-denied (browser refuses getUserMedia)', async () => {
    allowConsoleError(/permission|could not start media stream/i);
    const controller = new CallController(new AcsProvider({ options: {} }));
    await controller.connect();
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    try {
      const error = await rejection(controller.requestPermissions({ audio: true, video: true }));
      expect(error.code).to.equal('permission-denied');
      expect(error.message).to.contain('denied');
      expect(controller.snapshot.permissions).to.deep.equal({ camera: 'denied', microphone: 'denied' });
    } finally {
      navigator.mediaDevices.getUserMedia = original;
    }
    await controller.dispose();
  });

  it('bad, expired and unobtainable tokens fail sign-in with clear codes', async () => {
    // The SDK logs the refused sign-ins it reports to us.
    allowConsoleError(/token|CallAgent|44110|44111/i);
    allowOfflineCallErrors();
    const attempt = async (token: unknown) => {
      const controller = new CallController(new AcsProvider({ options: { token } }));
      const error = await rejection(controller.connect());
      await controller.dispose();
      return error;
    };
    const bad = await attempt('not-a-token');
    // communication-common 2.4 refuses it in the credential, 2.5 leaves it to the service (401/44111).
    expect(bad.code).to.equal('auth-failed');
    expect(bad.message).to.match(/^The Azure Communication Services token is not valid/);
    const expired = await attempt(jwt({ skypeid: 'acs:x', exp: Math.floor(Date.now() / 1000) - 60 }));
    expect(expired.code).to.equal('token-expired');
    const unobtainable = await attempt(() => Promise.reject(new Error('token server down')));
    expect(unobtainable.code).to.equal('auth-failed');
    expect(unobtainable.message).to.contain('token function');
  });

  it('a call that cannot reach the service ends with a network reason', async () => {
    allowOfflineCallErrors();
    const controller = new CallController(new AcsProvider({ options: { token: SHAPED_TOKEN } }));
    await controller.connect();
    expect(controller.snapshot.platform.capabilities).to.include('outgoing');
    const ended = new Promise<CustomEvent>((resolve) => controller.addEventListener('call-ended', resolve, { once: true }));
    await controller.startCall('8:acs:someone');
    const { call } = (await ended).detail as { call: { endReason: { code: string; platformCode: string } } };
    expect(call.endReason.code).to.equal('network');
    expect(call.endReason.platformCode).to.match(/^49\d\//);
    await controller.dispose();
  });

  it('the camera preview outlives a call that used the camera, and its teardown logs nothing', async () => {
    allowOfflineCallErrors();
    // And what SDK 2.0.0 logs for a video call with no service: no relays, and its video sender's note.
    allowConsoleError(/failed to retrieve relays/);
    allowConsoleError(/Not setting up audio mixer for non-audio stream/);
    const provider = new AcsProvider({ options: { token: SHAPED_TOKEN } });
    const controller = new CallController(provider);
    await controller.connect();
    const preview = controller.createView(PREVIEW_STREAM, {});
    document.body.append(preview.element);
    await preview.ready;
    expect((await frames(preview.element)).width).to.be.greaterThan(0);
    const ended = new Promise<void>((resolve) => controller.addEventListener('call-ended', () => resolve(), { once: true }));
    // The call sends the camera the preview shows; offline it ends on the network.
    await controller.startCall('8:acs:someone', { video: true });
    await ended;
    const video = preview.element.querySelector('video');
    expect(video, 'the preview still holds its video').to.not.equal(null);
    expect((await paintedFrames(video!, 3)).width, 'the preview still paints frames').to.be.greaterThan(0);
    preview.dispose();
    await controller.dispose();
    expect(provider.rendererCount).to.equal(0);
    await settle();
  });

  it('the self view renders real camera frames inside the video grid’s shadow root', async () => {
    const real = await loadAcsSdk();
    const stats = new FakeStats();
    const devices = new real.CallClient();
    // Real DeviceManager, LocalVideoStream and VideoStreamRenderer; only the call agent is a fake.
    const hybrid: AcsSdk = {
      ...real,
      CallClient: class implements AcsCallClient {
        createCallAgent = () => Promise.resolve(new FakeCallAgent(stats));
        getDeviceManager = () => devices.getDeviceManager();
      },
    };
    registerProvider('acs-hybrid', (config) => new AcsProvider(config, () => Promise.resolve(hybrid)));
    const session = await fixture<CallSession>(html`
      <call-session provider="acs-hybrid" .providerOptions=${{ token: SHAPED_TOKEN }}>
        <video-grid style="width:480px;height:270px"></video-grid>
      </call-session>
    `);
    const controller = await session.whenReady();
    await until(() => controller.snapshot.connection === 'connected', 'signed in', 30000);
    await controller.startCall('8:acs:bob', { video: true });
    await settle();
    const grid = session.querySelector('video-grid') as VideoGrid;
    await grid.updateComplete;
    const tile = () => grid.shadowRoot!.querySelector<HTMLElement>('[data-media="self-camera"]');
    await until(() => !!tile(), 'self-camera tile');
    const size = await frames(tile()!);
    expect(size.width).to.be.greaterThan(0);
    session.remove();
    await until(() => !tile()?.querySelector('video'), 'view removed with the session');
  });
});

/** What a probe can see of a call and its Transfer feature without the service, on either SDK. */
async function probeCall(sdk: AcsSdk, agent: AcsCallAgent): Promise<Record<string, unknown>> {
  const seen: Record<string, unknown> = {};
  const call = agent.startCall([{ communicationUserId: '8:acs:probe_target' }], {});
  seen.initialState = call.state;
  seen.features = [call.feature(sdk.Features.Recording), call.feature(sdk.Features.DominantSpeakers), call.feature(sdk.Features.Transfer)].map(
    (f) => (f as unknown as { name: string }).name,
  );
  const feature = call.feature(sdk.Features.Transfer);
  seen.sameFeatureObject = feature === call.feature(sdk.Features.Transfer);
  // Not on LocalHold: the Transfer comes back already failed.
  const toUser = feature.transfer({ targetParticipant: { communicationUserId: '8:acs:someone_else' } });
  seen.toUser = { state: toUser.state, error: toUser.error };
  const toCall = feature.transfer({ targetCallId: 'no-such-call' });
  seen.toCall = { state: toCall.state, error: toCall.error };
  try {
    feature.transfer({} as never);
    seen.unrecognized = 'returned';
  } catch (error) {
    const { code, subCode } = error as { code?: number; subCode?: number };
    seen.unrecognized = { code, subCode };
  }
  // `off` of transferAccepted: how many listeners are left (internal emitter on the real SDK, `events` on the fake).
  const listener = () => undefined;
  feature.on('transferAccepted', listener);
  (feature as unknown as { off(e: string, l: () => void): void }).off('transferAccepted', listener);
  const emitter = (feature as unknown as { eventEmitter?: { listenerCount(e: string): number }; events?: { listenerCount(e: string): number } });
  seen.listenersAfterOff = (emitter.eventEmitter ?? emitter.events)?.listenerCount('transferAccepted');
  const states: string[] = [];
  const ended = new Promise<void>((resolve) =>
    call.on('stateChanged', () => {
      states.push(call.state);
      if (call.state === 'Disconnected') resolve();
    }),
  );
  await call.hangUp();
  await ended;
  seen.hangUpStates = states;
  seen.hangUpReason = { code: call.callEndReason?.code, subCode: call.callEndReason?.subCode };
  return seen;
}

/** How a renderer disposes its views, on either SDK: what it logs and throws around a view disposed first. */
async function probeRenderer(sdk: AcsSdk, camera: VideoDeviceInfo): Promise<Record<string, unknown>> {
  const seen: Record<string, unknown> = {};
  const logged: string[] = [];
  const previous = console.error;
  console.error = (...args: unknown[]) => {
    logged.push(args.map(String).join(' '));
    previous.apply(console, args);
  };
  const failure = (run: () => unknown): unknown => {
    try {
      run();
      return 'returned';
    } catch (error) {
      const { code, subCode } = error as { code?: number; subCode?: number };
      return { code, subCode };
    }
  };
  const logged43213 = () => logged.some((line) => /43213/.test(line));
  const stream = new sdk.LocalVideoStream(camera);
  try {
    const renderer = sdk.createRenderer(stream);
    const first = await renderer.createView();
    const second = await renderer.createView();
    seen.firstDispose = failure(() => first.dispose());
    seen.loggedAfterFirstDispose = logged43213();
    // The renderer disposes both views: the first a second time, which is logged and swallowed.
    seen.rendererDispose = failure(() => renderer.dispose());
    seen.loggedAfterRendererDispose = logged43213();
    seen.secondDisposedByRenderer = failure(() => second.dispose());
    seen.rendererDisposedAgain = failure(() => renderer.dispose());
    seen.createViewAfterDispose = await renderer.createView().then(
      () => 'resolved',
      (error: { code?: number; subCode?: number }) => ({ code: error.code, subCode: error.subCode }),
    );
  } finally {
    console.error = previous;
    stream.dispose();
  }
  return seen;
}

describe('acs fake SDK against the real SDK 2.0.0 (offline)', function () {
  this.timeout(120000);
  failOnConsoleErrors();

  it('a renderer disposes every view it made, one disposed before included (logged, 400/43213), on both', async () => {
    // The errors SDK 2.0.0 logs for what the probe provokes on purpose.
    allowConsoleError(/op:(Dispose|CreateView) failed/);
    const real = await loadAcsSdk();
    const manager = await sharedClient(real).deviceManager;
    const [realCamera] = await manager.getCameras();
    const fake = fakeSdk();
    const [fakeCamera] = await fake.deviceManager.getCameras();
    const [onReal, onFake] = [await probeRenderer(real, realCamera!), await probeRenderer(fake, fakeCamera!)];
    expect(onFake).to.deep.equal(onReal);
    // And what both do, so a change in either is read here.
    expect(onReal).to.deep.equal({
      firstDispose: 'returned',
      loggedAfterFirstDispose: false,
      rendererDispose: 'returned',
      loggedAfterRendererDispose: true,
      secondDisposedByRenderer: { code: 400, subCode: 43213 },
      rendererDisposedAgain: { code: 400, subCode: 43222 },
      createViewAfterDispose: { code: 400, subCode: 43219 },
    });
  });

  it('a call, its features and its Transfer behave the same on both where no service is needed', async () => {
    const real = await loadAcsSdk();
    const shared = sharedClient(real);
    await shared.deviceManager;
    const credential = new real.AzureCommunicationTokenCredential(SHAPED_TOKEN);
    const realAgent = await shared.client.createCallAgent(credential, {});
    const fake = fakeSdk();
    const fakeAgent = await new fake.CallClient().createCallAgent(new fake.AzureCommunicationTokenCredential('t'));
    // SDK 2.0.0 logs the transfers it fails at once as errors; that is the behaviour being compared.
    allowConsoleError(/Transfer end reason/);
    allowOfflineCallErrors();
    const [onReal, onFake] = [await probeCall(real, realAgent), await probeCall(fake, fakeAgent)];
    expect(onFake).to.deep.equal(onReal);
    // And what both do, so a change in either is read here.
    expect(onReal).to.deep.include({
      initialState: 'None',
      features: ['Recording', 'DominantSpeakers', 'Transfer'],
      sameFeatureObject: true,
      toUser: { state: 'Failed', error: { code: 0, subCode: 0 } },
      unrecognized: { code: 400, subCode: 46052 },
      listenersAfterOff: 2,
      hangUpStates: ['Disconnecting', 'Disconnected'],
      hangUpReason: { code: 0, subCode: 0 },
    });
    await realAgent.dispose();
    credential.dispose();
    const fakeCall: FakeCall = (fakeAgent as FakeCallAgent).calls[0]!;
    expect(fakeCall.state).to.equal('Disconnected');
  });
});

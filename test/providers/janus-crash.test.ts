/**
 * provider="janus" when Janus or the media path to it fails mid-call. The server killed (SIGKILL: no goodbye
 * to anyone) is a Janus of the test's own (GET /__janus/own in test/harness/plugins/janus.mjs), so the shared
 * one stays up for the rest; a lost media path is a PeerConnection closed under the provider, which Janus
 * answers with a real `hangup`.
 */
import { expect } from '@open-wc/testing';
import { JANUS_FAILURE, JANUS_URL } from '/__janus.js';
import { until } from '../harness/recording-provider.js';
import { frames, harness, mount, newRoom, other, person, releasePeople, type Person } from '../fixtures/janus/people.js';

/**
 * What a call leaves behind: timers started by the janus provider's code and still pending (a keep-alive
 * ticking for a dead session), PeerConnections and capture tracks made while it ran.
 */
function ledger() {
  const timers = new Map<number, string>();
  const connections: RTCPeerConnection[] = [];
  const tracks: MediaStreamTrack[] = [];
  const originals = { setTimeout, setInterval, clearTimeout, clearInterval, RTCPeerConnection };
  // Called on window: the natives refuse another `this`.
  const native = {
    setTimeout: window.setTimeout.bind(window),
    setInterval: window.setInterval.bind(window),
    clearTimeout: window.clearTimeout.bind(window),
    clearInterval: window.clearInterval.bind(window),
    RTCPeerConnection,
  };
  const mediaDevices = navigator.mediaDevices;
  const getUserMedia = mediaDevices.getUserMedia.bind(mediaDevices);
  const janusStack = (): string | null => {
    const stack = new Error('timer').stack ?? '';
    return stack.includes('/providers/janus/') ? stack : null;
  };
  const track = (id: number, stack: string | null): number => {
    if (stack) timers.set(id, stack);
    return id;
  };
  window.setTimeout = ((handler: TimerHandler, ms?: number, ...args: unknown[]) => {
    const id: number = native.setTimeout(
      (...a: unknown[]) => {
        timers.delete(id);
        if (typeof handler === 'function') (handler as (...b: unknown[]) => void)(...a);
      },
      ms,
      ...args,
    );
    return track(id, janusStack());
  }) as typeof setTimeout;
  window.setInterval = ((handler: TimerHandler, ms?: number, ...args: unknown[]) => track(native.setInterval(handler, ms, ...args), janusStack())) as typeof setInterval;
  window.clearTimeout = ((id?: number) => {
    if (id !== undefined) timers.delete(id);
    native.clearTimeout(id);
  }) as typeof clearTimeout;
  window.clearInterval = ((id?: number) => {
    if (id !== undefined) timers.delete(id);
    native.clearInterval(id);
  }) as typeof clearInterval;
  window.RTCPeerConnection = class extends native.RTCPeerConnection {
    constructor(config?: RTCConfiguration) {
      super(config);
      connections.push(this);
    }
  };
  mediaDevices.getUserMedia = async (constraints) => {
    const stream = await getUserMedia(constraints);
    tracks.push(...stream.getTracks());
    return stream;
  };
  return {
    /** Stacks of the janus code's timers still pending. */
    timers: () => [...timers.values()],
    connections,
    tracks,
    restore() {
      Object.assign(window, originals);
      delete (mediaDevices as Partial<MediaDevices>).getUserMedia; // the prototype's own again
    },
  };
}

let ledgerInUse: ReturnType<typeof ledger> | null = null;
let ownJanus = '';

afterEach(async () => {
  ledgerInUse?.restore();
  ledgerInUse = null;
  await releasePeople();
  if (ownJanus) await harness('/__janus/own', { do: 'stop', id: ownJanus });
  ownJanus = '';
});

describe('provider="janus": Janus or the media path fails mid-call', function () {
  this.timeout(120000);

  before(() => {
    if (!JANUS_URL) throw new Error(`Janus is not running: ${JANUS_FAILURE}`);
  });

  it('Janus killed: each call ends with network, an error to show, nothing left running; restarted, a new join works', async () => {
    const own = await harness<{ id: string; url: string }>('/__janus/own', { do: 'start' });
    ownJanus = own.id;
    const room = async () => String((await harness<{ room: number }>('/__janus/own', { do: 'room', id: own.id })).room);
    const first = await room();
    const books = (ledgerInUse = ledger());
    const [ann, bob] = await Promise.all([person('ann', {}, own.url), person('bob', {}, own.url)]);
    const heard = new Map<Person, { errors: string[]; ended: string[] }>();
    for (const p of [ann, bob]) {
      const log = { errors: [] as string[], ended: [] as string[] };
      heard.set(p, log);
      p.controller.addEventListener('call-error', (e) => log.errors.push(e.detail.error.code));
      p.controller.addEventListener('call-ended', (e) => log.ended.push(e.detail.call.endReason?.code ?? 'none'));
    }
    for (const p of [ann, bob]) await p.controller.join({ room: first }, { video: true });
    const screens = [ann, bob].map((p) => ({ p, grid: mount(p, 'video-grid'), status: mount(p, 'call-status') }));
    await Promise.all([frames(ann, 'bob'), frames(bob, 'ann')]);
    expect(other(ann, 'bob')?.state).to.equal('connected');
    // The books see the provider's own timers (at least the session keep-alive) while the call is up.
    expect(books.timers().length, 'janus timers during the call').to.be.above(0);
    expect(books.connections.length).to.be.at.least(4); // a publisher and a subscriber each

    expect((await harness<{ signal: string }>('/__janus/own', { do: 'kill', id: own.id })).signal).to.equal('SIGKILL');

    for (const { p, grid, status } of screens) {
      await until(() => p.s().calls.length === 0, `${p.name}'s call ended`, 30000);
      expect(p.s().lastEndedCall?.endReason?.code, `${p.name}'s end reason`).to.equal('network');
      expect(heard.get(p), `what ${p.name}'s page heard`).to.deep.equal({ errors: ['network'], ended: ['network'] });
      expect(p.s().error?.code).to.equal('network');
      await status.updateComplete;
      await grid.updateComplete;
      expect(status.shadowRoot!.querySelector('[part="error"]')?.getAttribute('data-code'), `${p.name}'s call-status`).to.equal('network');
      expect(grid.shadowRoot!.querySelectorAll('[part~="tile"]').length, `tiles left in ${p.name}'s grid`).to.equal(0);
    }
    // Not half-alive: every PeerConnection closed, camera and microphone released, no janus timer pending.
    expect(books.connections.map((pc) => pc.connectionState)).to.deep.equal(books.connections.map(() => 'closed'));
    expect(books.tracks.length).to.be.at.least(4);
    expect(books.tracks.map((t) => t.readyState)).to.deep.equal(books.tracks.map(() => 'ended'));
    expect(books.timers(), 'janus timers left').to.deep.equal([]);

    // Janus back on the same port: the same people join a new room and see each other again.
    await harness('/__janus/own', { do: 'restart', id: own.id });
    const second = await room();
    for (const p of [ann, bob]) await p.controller.join({ room: second }, { video: true });
    await Promise.all([frames(ann, 'bob'), frames(bob, 'ann')]);
    expect([ann, bob].map((p) => p.call().state)).to.deep.equal(['connected', 'connected']);
  });

  it('the media path to Janus lost (Janus hangs up the publisher): that call ends with network, the others drop the tile', async () => {
    const room = String(await newRoom());
    const books = (ledgerInUse = ledger());
    const [ann, bob] = await Promise.all([person('ann'), person('bob')]);
    const errors: string[] = [];
    ann.controller.addEventListener('call-error', (e) => errors.push(e.detail.error.code));
    // Ann first, alone: her publisher is the first PeerConnection made.
    await ann.controller.join({ room }, { video: true });
    const publisher = books.connections[0]!;
    const annCapture = [...books.tracks];
    await bob.controller.join({ room }, { video: true });
    const grid = mount(bob, 'video-grid');
    await frames(bob, 'ann');
    await until(() => !!grid.shadowRoot!.querySelector('[part~="tile"]:not([part~="local"]) video'), "ann's tile at bob", 20000);

    // Closed under the provider: Chromium's DTLS alert makes Janus hang up and unpublish, as a failed path would.
    publisher.close();
    await until(() => ann.s().calls.length === 0, "ann's call ended", 30000);
    expect(ann.s().lastEndedCall?.endReason?.code).to.equal('network');
    expect(errors).to.deep.equal(['network']);
    expect(annCapture.map((t) => t.readyState)).to.deep.equal(['ended', 'ended']);
    await until(() => bob.call().participants.length === 0 && !grid.shadowRoot!.querySelector('[part~="tile"]:not([part~="local"])'), "ann's tile gone at bob", 20000);
    expect(bob.call().state).to.equal('connected');
  });

  it("the screen feed's media lost: the share ends for everyone, the call and camera go on", async () => {
    const room = String(await newRoom());
    const books = (ledgerInUse = ledger());
    const [ann, bob] = await Promise.all([person('ann'), person('bob')]);
    for (const p of [ann, bob]) await p.controller.join({ room }, { video: true });
    const grid = mount(bob, 'video-grid');
    await Promise.all([frames(ann, 'bob'), frames(bob, 'ann')]); // both subscriptions exist
    const before = books.connections.length;
    await ann.controller.setScreenShare(true);
    const made = books.connections.slice(before);
    expect(made, 'PeerConnections made for the share').to.have.length(1);
    const screenAt = () => grid.shadowRoot!.querySelector<HTMLVideoElement>('[part~="tile"][part~="screen"] video');
    await until(() => !!screenAt()?.srcObject, 'a screen tile with video at bob', 30000);

    made[0]!.close();
    await until(() => !ann.call().local.screenSharing, 'ann no longer sharing', 30000);
    expect(ann.call().local.streams.map((s) => s.kind)).to.deep.equal(['camera']);
    await until(() => !grid.shadowRoot!.querySelector('[part~="screen"]') && !other(bob, 'ann')?.video.some((v) => v.kind === 'screen'), 'the screen tile gone at bob', 20000);
    expect([ann.call().state, other(bob, 'ann')?.state]).to.deep.equal(['connected', 'connected']);
    await frames(bob, 'ann');
  });
});

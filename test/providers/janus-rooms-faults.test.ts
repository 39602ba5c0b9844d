/**
 * The embedded default with CALL_ELEMENTS_JANUS when Janus itself is lost: a Janus of the test's own and a
 * signaling server routed through it (GET /__janus/own?do=start|signaling|kill|restart in
 * test/harness/plugins/janus.mjs), so the shared one stays up for the rest. Two people in a room through it;
 * Janus SIGKILLed: each call ends (network, shown in `<call-status>`, the grid emptied, camera released) and
 * leaves the room on the server too; Janus restarted on the same port: the same room name joined again works.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { JANUS_FAILURE, JANUS_URL } from '/__janus.js';
import type { CallController } from '../../src/core/controller.js';
import type { CallSession } from '../../src/elements/call-session/call-session.js';
import '../../src/elements/call-session/define.js';
import '../../src/elements/call-status/define.js';
import '../../src/elements/video-grid/define.js';
import type { LocalProvider } from '../../src/providers/local/local-provider.js';
import { harness } from '../fixtures/janus/people.js';
import { paintedFrames } from '../harness/frames.js';
import { until } from '../harness/recording-provider.js';

const SMALL: MediaTrackConstraints = { width: 160, height: 120, frameRate: 10 };
const runId = Math.random().toString(36).slice(2, 7);
/** Whether `seat` sees `user` busy (in a call or room) in its presence list; undefined while not online. */
const busyAt = (seat: Seat, user: string) => (seat.controller.provider as LocalProvider).presence.find((p) => p.user === user)?.busy;

interface Seat {
  user: string;
  controller: CallController;
  grid: HTMLElement;
  status: HTMLElement;
  heard: { errors: string[]; ended: string[] };
}

const mounted: CallController[] = [];
let ownJanus = '';

afterEach(async () => {
  await Promise.all(mounted.splice(0).map((c) => c.dispose()));
  if (ownJanus) await harness('/__janus/own', { do: 'stop', id: ownJanus });
  ownJanus = '';
});

async function mountSeats(names: string[], server: string): Promise<Seat[]> {
  const users = names.map((n) => `${n}-${runId}`);
  const root = await fixture<HTMLElement>(html`<div>
    ${users.map((user) => html`<call-session provider="local" server=${server} user=${user}>
      <call-status></call-status>
      <video-grid></video-grid>
    </call-session>`)}
  </div>`);
  return Promise.all(
    [...root.querySelectorAll<CallSession>('call-session')].map(async (session, i) => {
      const controller = await session.whenReady();
      mounted.push(controller);
      await until(() => controller.snapshot.connection === 'connected', `${users[i]} signed in`, 20000);
      const heard = { errors: [] as string[], ended: [] as string[] };
      controller.addEventListener('call-error', (e) => heard.errors.push(e.detail.error.code));
      controller.addEventListener('call-ended', (e) => heard.ended.push(e.detail.call.endReason?.code ?? 'none'));
      return { user: users[i]!, controller, grid: session.querySelector('video-grid')!, status: session.querySelector('call-status')!, heard };
    }),
  );
}

async function join(seat: Seat, room: string): Promise<void> {
  // Camera opened and turned down before joining, so two publishers fit on two loaded cores.
  const media = (seat.controller.provider as LocalProvider).media;
  await media.acquire(true);
  await media.camera!.applyConstraints(SMALL);
  await seat.controller.join({ room }, { video: true });
}

/** The first remote tile's video in a grid, once it has one. */
const remoteVideo = (seat: Seat) => seat.grid.shadowRoot!.querySelector<HTMLVideoElement>('[part~="tile"]:not([part~="local"]) video');

/** Each sees the other's video painted (frames actually arriving) in its own grid. */
async function seeEachOther(seats: Seat[]): Promise<void> {
  await Promise.all(
    seats.map(async (seat) => {
      await until(() => !!remoteVideo(seat)?.srcObject, `a remote tile with video in ${seat.user}'s grid`, 40000);
      await paintedFrames(remoteVideo(seat)!, 3, 30000, `the remote video in ${seat.user}'s grid`);
    }),
  );
}

describe('rooms through Janus (CALL_ELEMENTS_JANUS): Janus lost', function () {
  this.timeout(180000);

  before(() => {
    if (!JANUS_URL) throw new Error(`Janus is not running: ${JANUS_FAILURE}`);
  });

  it('Janus killed: each call ends with network, shown, nothing half-alive, nobody left in the room; restarted, the same room works again', async () => {
    const own = await harness<{ id: string; url: string }>('/__janus/own', { do: 'start' });
    ownJanus = own.id;
    const { signalUrl } = await harness<{ signalUrl: string }>('/__janus/own', { do: 'signaling', id: own.id });
    const seats = await mountSeats(['ann', 'bob'], signalUrl);
    const [ann, bob] = seats as [Seat, Seat];
    const room = `lost-${runId}`;
    for (const seat of seats) await join(seat, room);
    await seeEachOther(seats);
    expect(seats.map((s) => s.controller.snapshot.calls[0]?.state)).to.deep.equal(['connected', 'connected']);
    const camera = (ann.controller.provider as LocalProvider).media.camera!;
    // In a room, each shows as busy to the other.
    await until(() => busyAt(ann, bob.user) === true, `${bob.user} busy at ${ann.user}`, 10000);

    expect((await harness<{ signal: string }>('/__janus/own', { do: 'kill', id: own.id })).signal).to.equal('SIGKILL');

    for (const seat of seats) {
      const c = seat.controller;
      await until(() => c.snapshot.calls.length === 0, `${seat.user}'s call ended`, 30000);
      expect(c.snapshot.lastEndedCall?.endReason?.code, `${seat.user}'s end reason`).to.equal('network');
      expect(seat.heard, `what ${seat.user}'s page heard`).to.deep.equal({ errors: ['network'], ended: ['network'] });
      expect(c.snapshot.error?.code).to.equal('network');
      await until(() => seat.status.shadowRoot!.querySelector('[part="error"]')?.getAttribute('data-code') === 'network', `${seat.user}'s call-status shows network`, 5000);
      await until(() => seat.grid.shadowRoot!.querySelectorAll('[part~="tile"]').length === 0, `${seat.user}'s grid emptied`, 5000);
    }
    expect(camera.readyState, "ann's camera released").to.equal('ended');
    // Out of the room on the server too: neither shows as busy any more (a ghost member would stay busy).
    await until(() => busyAt(ann, bob.user) === false, `${bob.user} no longer busy at ${ann.user}`, 10000);
    await until(() => busyAt(bob, ann.user) === false, `${ann.user} no longer busy at ${bob.user}`, 10000);

    // Janus back on the same port: the same room name joined again gets a new VideoRoom, video both ways.
    await harness('/__janus/own', { do: 'restart', id: own.id });
    for (const seat of seats) await join(seat, room);
    await seeEachOther(seats);
    expect(seats.map((s) => s.controller.snapshot.calls[0]?.state)).to.deep.equal(['connected', 'connected']);
    expect(seats.map((s) => s.heard.errors)).to.deep.equal([['network'], ['network']]);
  });
});

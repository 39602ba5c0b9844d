/**
 * The embedded default with CALL_ELEMENTS_JANUS: the signaling server (started by
 * test/harness/plugins/janus.mjs with the Janus URL) admits people to a room and routes its media through a
 * real Janus VideoRoom. Seven `<call-session>`s in one page (seven pages would not fit two cores), each with
 * its own `<video-grid>` and `<participant-list>`; cameras are turned down to 128×96 at 5 fps before joining.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { JANUS_FAILURE, JANUS_SIGNALING_URL } from '/__janus.js';
import { SIGNALING_URL } from '/__signaling.js';
import type { CallController } from '../../src/core/controller.js';
import type { CallSession } from '../../src/elements/call-session/call-session.js';
import '../../src/elements/call-session/define.js';
import '../../src/elements/participant-list/define.js';
import '../../src/elements/video-grid/define.js';
import type { LocalProvider } from '../../src/providers/local/local-provider.js';
import { until } from '../harness/recording-provider.js';
import { eventually } from './eventually.js';

const SMALL: MediaTrackConstraints = { width: 128, height: 96, frameRate: 5 };
const runId = Math.random().toString(36).slice(2, 7);

interface Seat {
  user: string;
  session: CallSession;
  controller: CallController;
  grid: HTMLElement;
  people: HTMLElement;
}

const mounted: CallController[] = [];

afterEach(async () => {
  // A failed test must not leave its publishers streaming into the next one.
  await Promise.all(mounted.splice(0).map((c) => c.dispose()));
});

async function mountSeats(count: number, server: string): Promise<Seat[]> {
  const users = Array.from({ length: count }, (_, i) => `p${i + 1}-${runId}`);
  const root = await fixture<HTMLElement>(html`<div class="seats">
    ${users.map((user) => html`<call-session provider="local" server=${server} user=${user}>
      <video-grid></video-grid>
      <participant-list></participant-list>
    </call-session>`)}
  </div>`);
  const sheet = new CSSStyleSheet();
  // Every grid big enough for seven tiles on one page (no pager), all inside the viewport.
  sheet.replaceSync(`.seats { display: grid; grid-template-columns: repeat(4, 470px); gap: 4px; }
    call-session { display: block; } video-grid { display: block; width: 470px; height: 330px; }
    participant-list { display: block; height: 40px; overflow: hidden; }`);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  const sessions = [...root.querySelectorAll<CallSession>('call-session')];
  return Promise.all(
    sessions.map(async (session, i) => ({
      user: users[i]!,
      session,
      controller: await session.whenReady().then(async (c) => {
        mounted.push(c);
        await until(() => c.snapshot.connection === 'connected', `${users[i]} signed in`, 20000);
        return c;
      }),
      grid: session.querySelector('video-grid')!,
      people: session.querySelector('participant-list')!,
    })),
  );
}

/** The remote tiles of a grid: tile id → its <video>. */
function remoteVideos(seat: Seat): Map<string, HTMLVideoElement> {
  const tiles = [...seat.grid.shadowRoot!.querySelectorAll<HTMLElement>('[part~="tile"]:not([part~="local"])')];
  return new Map(tiles.map((t) => [t.dataset.tile!, t.querySelector<HTMLVideoElement>('video')!]).filter(([, v]) => !!v) as [string, HTMLVideoElement][]);
}

const canvas = document.createElement('canvas');
canvas.width = 32;
canvas.height = 24;
const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
/** A coarse fingerprint of what a video shows now. */
function fingerprint(video: HTMLVideoElement): string {
  if (video.videoWidth === 0) return '';
  ctx.drawImage(video, 0, 0, 32, 24);
  return Array.from(ctx.getImageData(0, 0, 32, 24).data.filter((_, i) => i % 16 === 0)).join(',');
}

/** Resolves once the video shows two different pictures (the fake camera's pattern moves): live, not frozen. */
async function moving(video: HTMLVideoElement, label: string): Promise<void> {
  let first = '';
  // Sampled five times a second, not every animation frame: 42 videos share two loaded cores.
  await eventually(async () => {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const now = fingerprint(video);
    if (!first) first = now;
    return !!now && now !== first;
  }, `moving video in ${label}`, 60000);
}

const rowText = (seat: Seat) => [...seat.people.shadowRoot!.querySelectorAll('[part~="participant"]')].map((li) => li.textContent ?? '');

describe('rooms through Janus (CALL_ELEMENTS_JANUS)', function () {
  // Seven publishers and 42 received streams on a shared 2-core machine.
  this.timeout(280000);

  before(async () => {
    if (!JANUS_SIGNALING_URL) throw new Error(`Janus is not running: ${JANUS_FAILURE}`);
    await setViewport({ width: 1900, height: 1100 });
  });

  it('seven people: the seventh is not refused, every grid shows every other publisher moving, speaking and mute show, a leaver drops out', async () => {
    const seats = await mountSeats(7, JANUS_SIGNALING_URL);
    const room = `big-${runId}`;
    for (const seat of seats) {
      // The camera is opened and turned down before joining, so nothing is ever encoded at full size.
      const media = (seat.controller.provider as LocalProvider).media;
      await media.acquire(true);
      await media.camera!.applyConstraints(SMALL);
      // A page this busy can miss a heartbeat and reconnect (resuming): joins wait for the sign-in.
      await until(() => seat.controller.snapshot.connection === 'connected', `${seat.user} signed in`, 30000);
      await seat.controller.join({ room }, { video: true });
    }
    expect(seats.map((s) => s.controller.snapshot.calls[0]?.state)).to.deep.equal(Array(7).fill('connected'));

    for (const seat of seats) {
      await until(() => remoteVideos(seat).size === 6, `${seat.user}'s grid has six remote tiles`, 60000);
      await Promise.all([...remoteVideos(seat)].map(([tile, video]) => moving(video, `${tile} at ${seat.user}`)));
    }

    // Janus's talking events show as speaking in the participant lists.
    await until(() => rowText(seats[0]!).some((t) => /speaking/i.test(t)), 'someone speaking in p1\'s list', 40000);

    await seats[6]!.controller.setMuted(true);
    const seventh = seats[6]!.user;
    for (const seat of seats.slice(0, 6)) {
      await until(() => rowText(seat).some((t) => t.includes(seventh) && /muted/i.test(t)), `${seat.user} sees ${seventh} muted`, 20000);
    }

    await seats[3]!.controller.hangUp();
    const leaver = seats[3]!.user;
    for (const seat of seats.filter((_, i) => i !== 3)) {
      await until(() => remoteVideos(seat).size === 5 && !rowText(seat).some((t) => t.includes(leaver)), `${seat.user} drops ${leaver}`, 30000);
    }
  });

  it('without CALL_ELEMENTS_JANUS the same room is a mesh again: the seventh is refused', async () => {
    const seats = await mountSeats(7, SIGNALING_URL);
    const room = `mesh-${runId}`;
    for (const seat of seats.slice(0, 6)) {
      await until(() => seat.controller.snapshot.connection === 'connected', `${seat.user} signed in`, 30000);
      await seat.controller.join({ room }, { video: false });
    }
    await until(() => seats[6]!.controller.snapshot.connection === 'connected', 'the seventh signed in', 30000);
    let code = '';
    await seats[6]!.controller.join({ room }, { video: false }).catch((e: { code: string }) => (code = e.code));
    expect(code).to.equal('room-full');
  });
});

/**
 * Janus and Redis together, as people see it: two signaling server processes sharing one Redis, both routing
 * rooms through one real Janus (test/harness/plugins/signaling-cluster.mjs, `janus=1`). Alice signs in on
 * process A, bob on process B; both join the same room and each `<video-grid>` paints the other's camera,
 * which only happens when both processes handed out the same VideoRoom (a room's media never touches the
 * signaling processes, and each process alone would have made a VideoRoom of its own).
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { CallController } from '../../src/core/controller.js';
import type { CallSession } from '../../src/elements/call-session/call-session.js';
import '../../src/elements/call-session/define.js';
import '../../src/elements/video-grid/define.js';
import type { LocalProvider } from '../../src/providers/local/local-provider.js';
import { paintedFrames } from '../harness/frames.js';
import { until } from '../harness/recording-provider.js';

interface Cluster {
  id: string;
  a: string;
  b: string;
}

const runId = Math.random().toString(36).slice(2, 7);
const SMALL: MediaTrackConstraints = { width: 160, height: 120, frameRate: 10 };
const clusters: string[] = [];
const mounted: CallController[] = [];

async function harness<T>(action: string, query: Record<string, string>): Promise<T> {
  const params = new URLSearchParams({ ...query, n: String(Math.random()) });
  const reply = (await (await fetch(`/__cluster/${action}?${params.toString()}`)).json()) as T & { error?: string };
  if (reply.error) throw new Error(`cluster harness ${action}: ${reply.error}`);
  return reply;
}

afterEach(async () => {
  await Promise.all(mounted.splice(0).map((c) => c.dispose()));
  await Promise.all(clusters.splice(0).map((id) => harness('stop', { id })));
});

/** The grid's remote tiles' videos. */
const remoteVideos = (grid: Element) => [...grid.shadowRoot!.querySelectorAll<HTMLVideoElement>('[part~="tile"]:not([part~="local"]) video')];

describe('rooms through Janus on several server processes (CALL_ELEMENTS_JANUS with CALL_ELEMENTS_REDIS)', function () {
  this.timeout(180000);

  it('alice on A and bob on B join one room: one VideoRoom, each grid paints the other’s camera', async () => {
    const cluster = await harness<Cluster>('start', { janus: '1', limits: JSON.stringify({ rate: 500, burst: 1000 }) });
    clusters.push(cluster.id);
    const [alice, bob] = [`alice-${runId}`, `bob-${runId}`];
    const root = await fixture<HTMLElement>(html`<div>
      <call-session provider="local" server=${cluster.a} user=${alice}><video-grid></video-grid></call-session>
      <call-session provider="local" server=${cluster.b} user=${bob}><video-grid></video-grid></call-session>
    </div>`);
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('video-grid { display: block; width: 480px; height: 320px; }');
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    const sessions = [...root.querySelectorAll<CallSession>('call-session')];
    const room = `cluster-${runId}`;
    for (const session of sessions) {
      const controller = await session.whenReady();
      mounted.push(controller);
      await until(() => controller.snapshot.connection === 'connected', `${session.user} signed in`, 20000);
      const media = (controller.provider as LocalProvider).media;
      await media.acquire(true);
      await media.camera!.applyConstraints(SMALL);
      await controller.join({ room }, { video: true });
    }
    expect(mounted.map((c) => c.snapshot.calls[0]?.state)).to.deep.equal(['connected', 'connected']);
    for (const [i, session] of sessions.entries()) {
      const other = i === 0 ? bob : alice;
      const grid = session.querySelector('video-grid')!;
      await until(() => remoteVideos(grid).length === 1, `${session.user}'s grid shows ${other}`, 60000);
      expect(mounted[i]!.snapshot.calls[0]!.participants.map((p) => p.id)).to.include(other);
      const painted = await paintedFrames(remoteVideos(grid)[0]!, 3, 60000, `${other}'s tile at ${session.user}`);
      expect(painted.width).to.be.greaterThan(0);
    }
  });
});

/**
 * video-grid: the time from one controller update (a speaking flag; a join; a leave) to the DOM reflecting
 * it, and how many tiles re-rendered, at 4, 16 and 49 participants. Tiles carry real `<video>` elements through
 * VideoElementView (without media, so the figures are the grid's own cost, not video decoding).
 */
import { CallController } from '../src/core/controller.js';
import { VideoElementView } from '../src/core/media.js';
import { createCall, createParticipant, removeParticipant, updateParticipant, upsertCall, upsertParticipant } from '../src/core/patch.js';
import type { CallProvider, ProviderSink } from '../src/core/provider.js';
import type { StreamRef } from '../src/core/state.js';
import '../src/elements/video-grid/define.js';
import { tileRenders, type VideoGrid } from '../src/elements/video-grid/video-grid.js';

function benchProvider(): CallProvider & { sink: ProviderSink } {
  const p = {
    kind: 'bench',
    sink: undefined as unknown as ProviderSink,
    connect(sink: ProviderSink) {
      p.sink = sink;
      sink.update((s) => ({ ...s, platform: { ...s.platform, mode: 'media' } }));
      return Promise.resolve();
    },
    disconnect: () => Promise.resolve(),
    createView: (s: StreamRef) => new VideoElementView(s),
  };
  return p;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));
const camera = (id: string): StreamRef => ({ id: `${id}-camera`, participantId: id, kind: 'camera', available: true, local: false });
const person = (id: string) => createParticipant({ id, displayName: `Person ${id}`, video: [camera(id)] });

/** Resolves once the controller has notified the grid (it subscribed first) and the grid has rendered. */
async function rendered(controller: CallController, grid: VideoGrid): Promise<void> {
  await new Promise<void>((resolve) => {
    const off = controller.subscribe(() => {
      off();
      resolve();
    });
  });
  await grid.updateComplete;
}

async function run() {
  const rows: Record<string, unknown>[] = [];
  const ROUNDS = 41;
  for (const n of [4, 16, 49]) {
    const provider = benchProvider();
    const controller = new CallController(provider);
    await controller.connect();
    const people = Array.from({ length: n }, (_, i) => person(`p${i}`));
    provider.sink.update((s) => upsertCall(s, createCall({ id: 'c', direction: 'outgoing', state: 'connected', participants: people, capabilities: ['video'] })));
    const box = document.createElement('div');
    box.style.cssText = 'width:1440px;height:810px';
    const grid = document.createElement('video-grid');
    grid.controller = controller;
    box.append(grid);
    document.body.append(box);
    await grid.updateComplete;
    await frame();
    await frame();
    const tileOf = (id: string) => grid.shadowRoot!.querySelector(`[data-tile="${id}-camera"]`)!;

    const speakDom: number[] = [];
    const speakLayout: number[] = [];
    const speakTiles: number[] = [];
    const joinDom: number[] = [];
    const joinTiles: number[] = [];
    const leaveDom: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const id = `p${r % n}`;
      const on = !controller.snapshot.calls[0]!.participants.find((p) => p.id === id)!.speaking;
      let before = grid[tileRenders];
      let t0 = performance.now();
      provider.sink.update((s) => updateParticipant(s, 'c', id, { speaking: on }));
      await rendered(controller, grid);
      const t1 = performance.now();
      tileOf(id).getBoundingClientRect(); // style and layout of the change
      speakLayout.push(performance.now() - t0);
      if (tileOf(id).getAttribute('part')!.includes('speaking') !== on) throw new Error('speaking not reflected');
      speakDom.push(t1 - t0);
      speakTiles.push(grid[tileRenders] - before);
      await frame();

      before = grid[tileRenders];
      t0 = performance.now();
      provider.sink.update((s) => upsertParticipant(s, 'c', person('joiner')));
      await rendered(controller, grid);
      joinDom.push(performance.now() - t0);
      if (!tileOf('joiner').querySelector('video')) throw new Error('join not reflected');
      joinTiles.push(grid[tileRenders] - before);
      await frame();

      t0 = performance.now();
      provider.sink.update((s) => removeParticipant(s, 'c', 'joiner'));
      await rendered(controller, grid);
      leaveDom.push(performance.now() - t0);
      if (grid.shadowRoot!.querySelector('[data-tile="joiner-camera"]')) throw new Error('leave not reflected');
      await frame();
    }
    rows.push({
      participants: n,
      tiles: grid.shadowRoot!.querySelectorAll('[part~="tile"]').length,
      'speaking → DOM (ms, median)': median(speakDom),
      'speaking → DOM + layout (ms, median)': median(speakLayout),
      'tiles re-rendered per speaking change': median(speakTiles),
      'join → DOM with new <video> (ms, median)': median(joinDom),
      'tiles re-rendered per join': median(joinTiles),
      'leave → DOM without the tile (ms, median)': median(leaveDom),
    });
    box.remove();
    if (controller.viewCount !== 0) throw new Error(`${controller.viewCount} views left after removal`);
    await controller.dispose();
  }
  return { 'video-grid updates': rows };
}

(window as unknown as { __bench: typeof run }).__bench = run;

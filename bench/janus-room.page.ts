/**
 * Page side of bench/janus-room.node.mjs: six people in a room routed through Janus (the signaling server's
 * CALL_ELEMENTS_JANUS), then a seventh joins; measured from its join() to the first remote frame painted
 * (requestVideoFrameCallback) and to frames from all six. Cameras at 160×120, 10 fps, so one page carries seven.
 */
import { CallController } from '../src/core/controller.js';
import type { MediaView } from '../src/core/media.js';
import { LocalProvider } from '../src/providers/local/local-provider.js';
import { percentile, when } from './snapshot-wait.js';

const ROUNDS = 5;
const SMALL: MediaTrackConstraints = { width: 160, height: 120, frameRate: 10 };
const signal = new URLSearchParams(location.search).get('signal') ?? '';
const frame = (view: MediaView) => new Promise<void>((resolve) => view.element.querySelector('video')!.requestVideoFrameCallback(() => resolve()));

async function person(user: string): Promise<CallController> {
  const provider = new LocalProvider({ user, server: signal, options: {} });
  const controller = new CallController(provider);
  await controller.connect();
  await provider.media.acquire(true);
  await provider.media.camera!.applyConstraints(SMALL);
  return controller;
}

async function run() {
  const tag = Math.random().toString(36).slice(2, 6);
  const room = `bench-${tag}`;
  const six = await Promise.all(Array.from({ length: 6 }, (_, i) => person(`b${i}-${tag}`)));
  for (const p of six) await p.join({ room }, { video: true });
  const first: number[] = [];
  const all: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const seventh = await person(`b7-${tag}-${round}`);
    const t0 = performance.now();
    await seventh.join({ room }, { video: true });
    const views: MediaView[] = [];
    let firstAt = 0;
    await when(seventh, (s) => (s.calls[0]?.participants ?? []).some((p) => p.video[0]?.available), 60000);
    const painted = six.map(async (_, i) => {
      await when(seventh, (s) => !!s.calls[0]?.participants.find((p) => p.id === `b${i}-${tag}`)?.video[0]?.available, 60000);
      const ref = seventh.snapshot.calls[0]!.participants.find((p) => p.id === `b${i}-${tag}`)!.video[0]!;
      const view = seventh.createView(ref);
      views.push(view);
      document.body.append(view.element);
      await frame(view);
      firstAt ||= performance.now() - t0;
    });
    await Promise.all(painted);
    first.push(firstAt);
    all.push(performance.now() - t0);
    for (const view of views) view.dispose();
    await seventh.dispose();
  }
  await Promise.all(six.map((p) => p.dispose()));
  return {
    [`seventh person joining a Janus room (${ROUNDS} joins, 6 publishers, one page, loopback)`]: [
      { step: 'join → first remote frame (ms)', median: percentile(first, 0.5), p90: percentile(first, 0.9), min: Math.min(...first), max: Math.max(...first) },
      { step: 'join → frames from all six (ms)', median: percentile(all, 0.5), p90: percentile(all, 0.9), min: Math.min(...all), max: Math.max(...all) },
    ],
  };
}

(window as unknown as { __bench: typeof run }).__bench = run;

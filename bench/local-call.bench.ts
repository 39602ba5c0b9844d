/**
 * Local provider call setup: invite → first remote video frame painted at the caller, over 20 calls between
 * two CallControllers in one page, fake devices, the real signaling server (URL from ?signal=, started by
 * bench/run.mjs).
 */
import { CallController } from '../src/core/controller.js';
import type { MediaView } from '../src/core/media.js';
import { LocalProvider } from '../src/providers/local/local-provider.js';
import { percentile, when } from './snapshot-wait.js';

const CALLS = 20;
const signal = new URLSearchParams(location.search).get('signal') ?? '';

function firstFrame(view: MediaView): Promise<void> {
  const video = view.element.querySelector('video')!;
  return new Promise((resolve) => video.requestVideoFrameCallback(() => resolve()));
}

async function run() {
  const tag = Math.random().toString(36).slice(2, 6);
  const alice = new CallController(new LocalProvider({ user: `bench-a-${tag}`, server: signal, options: {} }));
  const bob = new CallController(new LocalProvider({ user: `bench-b-${tag}`, server: signal, options: {} }));
  await Promise.all([alice.connect(), bob.connect()]);
  bob.addEventListener('call-incoming', (e) => void bob.accept(e.detail.call.id, { video: true }));
  const setup: number[] = [];
  const connected: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t0 = performance.now();
    await alice.startCall(`bench-b-${tag}`, { video: true });
    await when(alice, (s) => s.calls[0]?.state === 'connected');
    connected.push(performance.now() - t0);
    await when(alice, (s) => s.calls[0]?.participants[0]?.video[0]?.available === true);
    const view = alice.createView(alice.snapshot.calls[0]!.participants[0]!.video[0]!);
    document.body.append(view.element);
    await firstFrame(view);
    setup.push(performance.now() - t0);
    view.dispose();
    await alice.hangUp();
    await when(bob, (s) => s.calls.length === 0);
  }
  await Promise.all([alice.dispose(), bob.dispose()]);
  return {
    'local call setup (20 calls, one page, loopback)': [
      { step: 'invite → call connected (ms)', median: percentile(connected, 0.5), p90: percentile(connected, 0.9), min: Math.min(...connected), max: Math.max(...connected) },
      { step: 'invite → first remote frame (ms)', median: percentile(setup, 0.5), p90: percentile(setup, 0.9), min: Math.min(...setup), max: Math.max(...setup) },
    ],
  };
}

(window as unknown as { __bench: typeof run }).__bench = run;

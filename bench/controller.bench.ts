/** Controller costs: a 1,000-event burst, and one speaking change among 49 participants. */
import { CallController } from '../src/core/controller.js';
import { createParticipant, updateParticipant, upsertCall, createCall } from '../src/core/patch.js';
import type { CallProvider, ProviderSink } from '../src/core/provider.js';
import { VideoElementView } from '../src/core/media.js';

function benchProvider(): CallProvider & { sink: ProviderSink } {
  const p = {
    kind: 'bench',
    sink: undefined as unknown as ProviderSink,
    connect(sink: ProviderSink) {
      p.sink = sink;
      return Promise.resolve();
    },
    disconnect: () => Promise.resolve(),
    createView: (s: Parameters<CallProvider['createView']>[0]) => new VideoElementView(s),
  };
  return p;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const tick = () => new Promise<void>((r) => setTimeout(r, 0));

async function run() {
  const rows: Record<string, unknown>[] = [];
  for (const n of [4, 16, 49]) {
    const provider = benchProvider();
    const controller = new CallController(provider);
    await controller.connect();
    const participants = Array.from({ length: n }, (_, i) => createParticipant({ id: `p${i}`, displayName: `P${i}` }));
    provider.sink.update((s) => upsertCall(s, createCall({ id: 'c', direction: 'outgoing', state: 'connected', participants })));
    await tick();
    let notifications = 0;
    controller.subscribe(() => notifications++);
    const burst: number[] = [];
    for (let r = 0; r < 30; r++) {
      const t = performance.now();
      for (let i = 0; i < 1000; i++) provider.sink.update((s) => updateParticipant(s, 'c', `p${i % n}`, { speaking: (i + r) % 2 === 0 }));
      await Promise.resolve();
      burst.push(performance.now() - t);
      await tick();
    }
    const perBurst = notifications / 30;
    // One update and its notification, 1,000 times: the browser's clock is too coarse to time just one.
    let listenerCalls = 0;
    const unsubscribe = controller.subscribe(() => listenerCalls++);
    const t0 = performance.now();
    for (let i = 0; i < 1000; i++) {
      provider.sink.update((s) => updateParticipant(s, 'c', `p${i % n}`, { muted: Math.floor(i / n) % 2 === 0 })); // a real change every time
      await Promise.resolve();
    }
    const perUpdate = ((performance.now() - t0) / 1000) * 1000;
    unsubscribe();
    rows.push({
      participants: n,
      'burst of 1000 events (ms, median)': median(burst),
      'notifications per burst': perBurst,
      'one update → notified (µs, mean of 1000)': perUpdate,
      'notified updates': listenerCalls,
    });
    await controller.dispose();
  }
  return { 'controller updates': rows };
}

(window as unknown as { __bench: typeof run }).__bench = run;

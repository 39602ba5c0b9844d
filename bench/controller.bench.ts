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
    const single: number[] = [];
    for (let r = 0; r < 30; r++) {
      let t = performance.now();
      for (let i = 0; i < 1000; i++) provider.sink.update((s) => updateParticipant(s, 'c', `p${i % n}`, { speaking: (i + r) % 2 === 0 }));
      await Promise.resolve();
      burst.push(performance.now() - t);
      t = performance.now();
      provider.sink.update((s) => updateParticipant(s, 'c', 'p0', { speaking: r % 2 === 0 }));
      single.push(performance.now() - t);
      await tick();
    }
    rows.push({
      participants: n,
      'burst of 1000 events (ms, median)': median(burst),
      'notifications per burst': notifications / 30,
      'one speaking update (ms, median)': median(single),
    });
    await controller.dispose();
  }
  return { 'controller updates': rows };
}

(window as unknown as { __bench: typeof run }).__bench = run;

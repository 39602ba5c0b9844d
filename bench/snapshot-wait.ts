/** What the browser benches share: waiting for a snapshot condition, and percentiles of timings. */
import type { CallController } from '../src/core/controller.js';
import type { CallSnapshot } from '../src/core/state.js';

export const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

/** Resolves once `test` holds for the controller's snapshot; rejects after `ms`. */
export function when(controller: CallController, test: (s: CallSnapshot) => boolean, ms = 15000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (test(controller.snapshot)) return resolve();
    const timer = setTimeout(() => {
      off();
      reject(new Error('bench step timed out'));
    }, ms);
    const off = controller.subscribe((s) => {
      if (!test(s)) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

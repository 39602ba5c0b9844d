/**
 * The simulated platform's sense of time: every delayed effect goes through one clock (the kit's, real or
 * manual) and one timer set, so `disconnect` cancels all of it and a frozen story stays frozen.
 */
import { CallError, type CallErrorCode } from '../../core/errors.js';
import type { Clock } from '../kit/clock.js';

export class Timeline {
  readonly clock: Clock;
  readonly #latencyMs: number;
  readonly #timers = new Set<unknown>();
  readonly #failures = new Map<string, CallErrorCode>();

  constructor(clock: Clock, latencyMs = 0) {
    this.clock = clock;
    this.#latencyMs = latencyMs;
  }

  now(): number {
    return this.clock.now();
  }

  /** Runs `fn` after `ms` on the clock, unless cancelled first; returns a handle for `cancel`. */
  after(ms: number, fn: () => void): unknown {
    const handle = this.clock.setTimeout(() => {
      this.#timers.delete(handle);
      fn();
    }, ms);
    this.#timers.add(handle);
    return handle;
  }

  cancel(handle: unknown): void {
    if (!this.#timers.delete(handle)) return;
    this.clock.clearTimeout(handle);
  }

  /** Cancels every timer still set (the session disconnects). */
  cancelAll(): void {
    for (const handle of this.#timers) this.clock.clearTimeout(handle);
    this.#timers.clear();
  }

  /** The next `settle(action)` fails with `code`. */
  failNext(action: string, code: CallErrorCode): void {
    this.#failures.set(action, code);
  }

  /** Settles an action after the configured latency (applying its effect), or fails it if a failure was injected. */
  settle(action: string, apply?: () => void): Promise<void> {
    const failure = this.#failures.get(action);
    return new Promise((resolve, reject) => {
      const done = () => {
        if (failure) {
          this.#failures.delete(action);
          reject(new CallError(failure, `Simulated ${action} failure`));
          return;
        }
        apply?.();
        resolve();
      };
      if (this.#latencyMs > 0) this.after(this.#latencyMs, done);
      else queueMicrotask(done);
    });
  }
}

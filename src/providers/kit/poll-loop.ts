/**
 * Re-reading a platform on a timer: never two rounds at once, exponential back-off after failures, and a
 * round on demand (after an action, or a "refresh" button) that shares or follows the one in flight.
 */
import { realClock, type Clock } from './clock.js';

/** Delay after `failures` consecutive failures: `base`, doubled each time, at most `max`. */
export function backoffDelay(failures: number, base: number, max: number): number {
  return Math.min(base * 2 ** Math.max(0, failures - 1), max);
}

export interface PollLoopOptions {
  readonly clock?: Clock;
  /** One round: read the platform and apply what it says. Throws on failure. */
  readonly round: () => Promise<void>;
  /** When to run the next round after a success; null: no timer (something else keeps state current). */
  readonly interval: () => number | null;
  /** Back-off after failures: `base` ms after the first, doubled up to `max`. */
  readonly backoff: { readonly base: number; readonly max: number };
  /** A round succeeded (after failures or not). */
  readonly onSuccess?: () => void;
  /**
   * A round failed; `quiet` when the caller of `poll` reports the error itself. Returns when to try again:
   * a number of ms, `undefined` for the back-off delay, null to stop until someone calls `schedule`.
   */
  readonly onFailure?: (error: unknown, context: { readonly backoffMs: number; readonly failures: number; readonly quiet: boolean }) => number | null | undefined;
}

export class PollLoop {
  readonly #options: PollLoopOptions;
  readonly #clock: Clock;
  #timer: unknown = null;
  #inflight: Promise<unknown> | null = null;
  #followUp: Promise<unknown> | null = null;
  /** A `schedule` asked for while a round ran: applied when it ends. */
  #requested: number | null = null;
  #failures = 0;
  #stopped = false;

  constructor(options: PollLoopOptions) {
    this.#options = options;
    this.#clock = options.clock ?? realClock;
  }

  /** Consecutive failed rounds. */
  get failures(): number {
    return this.#failures;
  }

  /** The delay the next timed round would wait after the rounds so far. */
  get nextDelay(): number {
    if (this.#failures === 0) return this.#options.interval() ?? this.#options.backoff.base;
    return backoffDelay(this.#failures, this.#options.backoff.base, this.#options.backoff.max);
  }

  get running(): boolean {
    return this.#inflight !== null;
  }

  /** Whether a timed round is waiting. */
  get scheduled(): boolean {
    return this.#timer !== null;
  }

  /**
   * A round that starts now or, with one in flight (which may predate what the caller just changed), right
   * after it; everyone asking meanwhile shares that follow-up. Resolves with the round's error, or null.
   */
  poll(options: { readonly quiet?: boolean } = {}): Promise<unknown> {
    if (this.#stopped) return Promise.resolve(null);
    const inflight = this.#inflight;
    if (!inflight) return this.#run(options.quiet ?? false);
    this.#followUp ??= inflight.then(() => {
      this.#followUp = null;
      return this.#stopped ? null : this.#run(options.quiet ?? false);
    });
    return this.#followUp;
  }

  /** The next round in `ms`, replacing the timer set; while a round runs, the earliest request wins when it ends. */
  schedule(ms: number): void {
    if (this.#stopped) return;
    if (this.#inflight) {
      this.#requested = this.#requested === null ? ms : Math.min(this.#requested, ms);
      return;
    }
    this.#clearTimer();
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = null;
      void this.poll();
    }, ms);
  }

  /** No timed round (something else keeps state current now); `poll` and `schedule` still work. */
  cancelTimer(): void {
    this.#clearTimer();
  }

  /** Rounds may run again after `stop` (a new connection); failures start from zero. */
  restart(): void {
    this.#stopped = false;
    this.#failures = 0;
    this.#requested = null;
  }

  /** No more rounds; a round in flight finishes but schedules nothing. */
  stop(): void {
    this.#stopped = true;
    this.#clearTimer();
  }

  #clearTimer(): void {
    if (this.#timer !== null) this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #run(quiet: boolean): Promise<unknown> {
    this.#clearTimer();
    const run = async (): Promise<unknown> => {
      let next: number | null;
      let failure: unknown = null;
      try {
        await this.#options.round();
        if (this.#stopped) return null;
        this.#failures = 0;
        this.#options.onSuccess?.();
        next = this.#options.interval();
      } catch (error) {
        if (this.#stopped) return null;
        failure = error ?? new Error('poll round failed');
        this.#failures++;
        const backoffMs = backoffDelay(this.#failures, this.#options.backoff.base, this.#options.backoff.max);
        const chosen = this.#options.onFailure?.(error, { backoffMs, failures: this.#failures, quiet });
        next = chosen === undefined ? backoffMs : chosen;
      }
      return { next, failure };
    };
    const round = run().then((result) => {
      this.#inflight = null;
      if (result === null) return null;
      const { next, failure } = result as { next: number | null; failure: unknown };
      const requested = this.#requested;
      this.#requested = null;
      const ms = requested === null ? next : next === null ? requested : Math.min(requested, next);
      if (ms !== null && !this.#stopped && this.#timer === null) this.schedule(ms);
      return failure;
    });
    this.#inflight = round;
    return round;
  }
}

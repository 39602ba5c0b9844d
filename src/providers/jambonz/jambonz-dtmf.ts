/**
 * DTMF over jambonz live call control, one digit per update.
 *
 * The feature server turns `{dtmf: {digit, duration}}` into one SIP INFO whose body is
 * `Signal=${digit}\nDuration=${duration}` (jambonz-feature-server lib/session/call-session.js `_lccDtmf`,
 * l.1775-1798, 0.9.8): one `Signal=` line carries one tone, so a string of digits has to be split here.
 * It answers 202 before it sends the INFO (lib/http-routes/api/update-call.js), so the answer says nothing
 * about when the tone plays: digits are spaced by the tone's duration plus a gap, and a comma (a pause, which
 * SIP INFO has no syntax for) is a wait here. Every wait is bounded (at most 64 symbols, checked by the
 * controller) and is cancelled when the call is hung up or ends, or the session disconnects.
 */
import { CallError } from '../../core/errors.js';
import type { Clock } from '../kit/clock.js';

/** The feature server's default tone length (`duration = 250`, call-session.js l.1777), sent explicitly. */
export const DTMF_TONE_MS = 250;
/** Silence between two tones, so a receiver hears two presses of the same key as two. */
export const DTMF_GAP_MS = 100;
/** What a comma waits, on top of the gap: the half second dialers commonly use. */
export const DTMF_PAUSE_MS = 500;

/** One tone on one call: the update body jambonz takes. */
export interface DtmfTone {
  readonly digit: string;
  readonly duration: number;
}

interface Line {
  readonly abort: AbortController;
  /** The sequence queued last on this call: a new one waits for it, so sequences never interleave. */
  tail: Promise<void>;
  /** When the last tone was sent (clock ms), or null before the first. */
  lastAt: number | null;
}

export class DtmfSender {
  readonly #clock: Clock;
  readonly #lines = new Map<string, Line>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Sequences waiting or playing, for tests and diagnostics. */
  get active(): number {
    return this.#lines.size;
  }

  /**
   * Sends `digits` (0-9, *, #, A-D, `,` a pause) one tone at a time through `send`. Resolves when the last
   * tone was accepted; rejects with the first failure, or with the cancellation's reason.
   */
  send(callId: string, digits: string, send: (tone: DtmfTone) => Promise<void>): Promise<void> {
    let line = this.#lines.get(callId);
    if (!line) {
      line = { abort: new AbortController(), tail: Promise.resolve(), lastAt: null };
      this.#lines.set(callId, line);
    }
    const current = line;
    const run = current.tail.catch(() => undefined).then(() => this.#play(current, digits, send));
    current.tail = run;
    return run;
  }

  /** Stops what is queued or waiting on one call; its pending `send` rejects with `reason`. */
  cancel(callId: string, reason: CallError): void {
    const line = this.#lines.get(callId);
    if (!line) return;
    this.#lines.delete(callId);
    line.abort.abort(reason);
  }

  cancelAll(reason: CallError): void {
    for (const callId of [...this.#lines.keys()]) this.cancel(callId, reason);
  }

  async #play(line: Line, digits: string, send: (tone: DtmfTone) => Promise<void>): Promise<void> {
    const { signal } = line.abort;
    let pause = 0;
    for (const symbol of digits) {
      if (symbol === ',') {
        pause += DTMF_PAUSE_MS;
        continue;
      }
      const spacing = line.lastAt === null ? 0 : line.lastAt + DTMF_TONE_MS + DTMF_GAP_MS - this.#clock.now();
      await this.#wait(Math.max(0, spacing) + pause, signal);
      pause = 0;
      signal.throwIfAborted();
      await send({ digit: symbol, duration: DTMF_TONE_MS });
      signal.throwIfAborted();
      line.lastAt = this.#clock.now();
    }
  }

  /** Waits `ms` on the clock; an abort clears the timer and rejects with its reason. */
  #wait(ms: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason as CallError);
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.#clock.clearTimeout(timer);
        reject(signal.reason as CallError);
      };
      const timer = this.#clock.setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/** Why a sequence stopped early, by what stopped it. */
export const dtmfCancelled = {
  hungUp: (): CallError => new CallError('invalid-state', 'The call was hung up before every DTMF digit was sent', { action: 'sendDtmf' }),
  ended: (): CallError => new CallError('invalid-state', 'The call ended before every DTMF digit was sent', { action: 'sendDtmf' }),
  disconnected: (): CallError => new CallError('disposed', 'The jambonz session was closed before every DTMF digit was sent', { action: 'sendDtmf' }),
};

/** What a page, story or test can tune on the simulated platform (`providerOptions` of `<call-session>`). */
import type { PermissionState } from '../../core/state.js';
import type { Clock as SimClock } from '../kit/clock.js';
import type { SimulatedWrapUp } from './scripted-calls.js';

export type SimulatedOptions = {
  clock?: SimClock;
  /** How long an outgoing call rings before it connects (ms). */
  ringMs?: number;
  /** How long an unanswered call rings before it ends with `no-answer` (ms). */
  noAnswerMs?: number;
  /** Delay before each action settles (ms); lets a UI show its pending state. */
  latencyMs?: number;
  /** Destinations that answer busy. Default: any containing "busy". */
  busy?: readonly string[];
  /** Destinations that never answer. Default: any containing "no-answer". */
  noAnswer?: readonly string[];
  /** Rotate a speaking participant every `speakingMs` (default on in group scenarios). */
  speaking?: boolean;
  speakingMs?: number;
  /** Initial permission state (default: granted, `prompt` in `idle`, `denied` in `permission-denied`). */
  permissions?: PermissionState;
  /**
   * After-call work: a call whose conversation ends (either side hangs up, a transfer) goes to `wrap-up`
   * with these codes instead of leaving the list. On by default (required, no deadline) in the `wrap-up`
   * scenario; `false` turns it off there.
   */
  wrapUp?: SimulatedWrapUp | false;
};

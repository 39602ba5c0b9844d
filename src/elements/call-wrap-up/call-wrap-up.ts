import { adoptStyles, css, nothing } from 'lit';
import { type Call, type CallSnapshot } from '../../core/state.js';
import { CallElement } from '../call-element.js';
import { DurationTicker } from '../duration.js';
import { tokens } from '../theme.styles.js';

type FormModule = typeof import('./wrap-up-form.js');

/** The call whose after-call work is due: the active call when it is in wrap-up, else the oldest that is. */
export function wrapUpCall(s: CallSnapshot): Call | null {
  const active = s.calls.find((c) => c.id === s.activeCallId);
  return active?.state === 'wrap-up' ? active : (s.calls.find((c) => c.state === 'wrap-up') ?? null);
}

/**
 * After-call work: shown while a call is in `wrap-up` (the active call, else the oldest such call) and
 * empty otherwise. The user picks one of the platform's wrap-up codes ("Wrap-up code", a select), may add
 * notes, and submits; the call then leaves the list. Where the platform's wrap-up is not required and it
 * can leave wrap-up without a code, "Done without code" does that. A deadline shows as "Time left" with a
 * countdown. Submitting without a code where one is required shows an inline error and fires `call-error`
 * (`invalid-argument`); a failure of the platform is shown inline too (and fired by the controller). The
 * form is loaded on first use (its own chunk), so pages that never see wrap-up do not pay for it.
 *
 * @csspart form - The form.
 * @csspart title - Its heading, "After-call work".
 * @csspart party - Who the call was with.
 * @csspart deadline - "Time left" and the countdown, where the platform sets a deadline.
 * @csspart countdown - The remaining time (`m:ss`).
 * @csspart code-label - The label of the code select.
 * @csspart code - The code select; `[aria-invalid=true]` after submitting without a required code.
 * @csspart notes-label - The label of the notes field.
 * @csspart notes - The notes field.
 * @csspart error - Why the work was not submitted (`data-code` holds the CallError code).
 * @csspart actions - The buttons.
 * @csspart button - Every button; also `busy` while its action is pending.
 * @csspart submit - "Submit".
 * @csspart skip - "Done without code".
 * @csspart busy - A button whose action is pending (with a turning icon).
 * @csspart icon - A button's icon.
 * @fires call-error - Submitted without a required code. `detail: { error }`, `error.code` `invalid-argument`
 *   (failures of the platform come from the controller, through `<call-session>`).
 */
export class CallWrapUp extends CallElement {
  static override styles = [
    tokens,
    css`
      :host {
        display: block;
      }
    `,
  ];

  #form: InstanceType<FormModule['WrapUpForm']> | undefined;
  #loading = false;

  constructor() {
    super();
    // The countdown ticks only while a deadline is on screen.
    new DurationTicker(this, () => wrapUpCall(this.snapshot)?.wrapUp?.deadline != null);
  }

  protected override snapshotChanged(next: CallSnapshot, prev: CallSnapshot): boolean {
    return next.calls !== prev.calls || next.activeCallId !== prev.activeCallId || next.pending !== prev.pending;
  }

  #load(): void {
    if (this.#loading) return;
    this.#loading = true;
    void import('./wrap-up-form.js').then((module) => {
      adoptStyles(this.renderRoot as ShadowRoot, [...CallWrapUp.elementStyles, ...module.wrapUpStyles]);
      this.#form = new module.WrapUpForm(this, { localize: this.localize, controller: () => this.callController });
      this.requestUpdate();
    }, () => {
      this.#loading = false; // offline for a moment: try again on the next render
    });
  }

  protected override render() {
    const call = wrapUpCall(this.snapshot);
    if (!call) return nothing;
    if (!this.#form) {
      this.#load();
      return nothing;
    }
    return this.#form.render(this.snapshot, call);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'call-wrap-up': CallWrapUp;
  }
}

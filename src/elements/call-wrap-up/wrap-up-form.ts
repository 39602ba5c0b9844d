/**
 * The form of `<call-wrap-up>`, loaded when a call first needs after-call work: code, notes, Submit and,
 * where allowed, "Done without code". Keeps what the user chose per call, so a re-render loses nothing.
 */
import { css, html, nothing, type ReactiveControllerHost } from 'lit';
import { ACTIONS } from '../../core/actions.js';
import type { CallController } from '../../core/controller.js';
import { CallError } from '../../core/errors.js';
import { isPending, type Call, type CallSnapshot } from '../../core/state.js';
import type { LocalizeController } from '../../i18n/localize.js';
import { formatDuration } from '../duration.js';
import { FormError, formPanelStyles } from '../form-panel.js';
import { icon, iconStyles } from '../icons.js';

export interface WrapUpEnv {
  readonly localize: LocalizeController;
  controller(): CallController | undefined;
}

export const wrapUpStyles = [
  iconStyles,
  formPanelStyles,
  css`
    /* Fields a line of text wide at most, not the whole page's width. */
    [part='form'] {
      max-width: 36rem;
    }
    [part='party'],
    [part='deadline'] {
      margin: 0;
      unicode-bidi: isolate;
    }
    [part='countdown'] {
      font-variant-numeric: tabular-nums;
      font-weight: 600;
    }
    [part='code-label'],
    [part='notes-label'] {
      font-weight: 600;
    }
    [part='code'],
    [part='notes'] {
      min-width: 0;
      width: 100%;
    }
    [part='notes'] {
      font: inherit;
      min-height: calc(var(--_control-size) * 2);
      padding: var(--_space);
      border-radius: var(--_radius);
      border: 1px solid var(--_border);
      background: var(--_bg);
      color: var(--_fg);
      resize: vertical;
    }
  `,
];

export class WrapUpForm {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #env: WrapUpEnv;
  #callId: string | null = null;
  #code = '';
  #notes = '';
  readonly #error: FormError;

  constructor(host: ReactiveControllerHost & HTMLElement, env: WrapUpEnv) {
    this.#host = host;
    this.#env = env;
    this.#error = new FormError(host, env.localize);
  }

  async #finish(call: Call, skip: boolean): Promise<void> {
    const controller = this.#env.controller();
    if (!controller) return;
    if (!skip && !this.#code) {
      const message = this.#env.localize.t('wrap-up.code-required');
      this.#error.reject(new CallError('invalid-argument', message, { action: ACTIONS.submitWrapUp, callId: call.id }));
      this.#host.shadowRoot?.querySelector<HTMLElement>('#code')?.focus();
      return;
    }
    this.#error.clear();
    try {
      const notes = this.#notes.trim();
      await (skip ? controller.skipWrapUp(call.id) : controller.submitWrapUp(notes ? { codeId: this.#code, notes } : { codeId: this.#code }, call.id));
    } catch (error) {
      this.#error.fail(error); // shown where the user is looking
    }
  }

  render(snapshot: CallSnapshot, call: Call) {
    if (call.id !== this.#callId) {
      this.#callId = call.id;
      this.#code = '';
      this.#notes = '';
      this.#error.clear();
    }
    const l = this.#env.localize;
    const t = l.t.bind(l);
    const wrapUp = call.wrapUp ?? { codes: [], required: true, deadline: null };
    const submitting = isPending(snapshot, ACTIONS.submitWrapUp, call.id);
    const skipping = isPending(snapshot, ACTIONS.skipWrapUp, call.id);
    const busy = submitting || skipping;
    const canSkip = !wrapUp.required && typeof this.#env.controller()?.provider.skipWrapUp === 'function';
    const party = call.remoteParties[0];
    const invalidCode = this.#error.code === 'invalid-argument';
    return html`<form
      part="form"
      class="form-panel"
      aria-labelledby="wrap-up-title"
      aria-busy=${busy ? 'true' : 'false'}
      novalidate
      @submit=${(e: Event) => {
        e.preventDefault();
        if (!busy) void this.#finish(call, false);
      }}
    >
      <h2 id="wrap-up-title" part="title" class="form-title">${t('state.wrap-up')}</h2>
      <p part="party">${l.withName('status.with', party?.displayName || party?.address || t('status.unknown-party'))}</p>
      ${wrapUp.deadline != null
        ? html`<p part="deadline">
            ${t('wrap-up.time-left')} <span part="countdown" role="timer" aria-live="off">${formatDuration(wrapUp.deadline - Date.now())}</span>
          </p>`
        : nothing}
      <label part="code-label" for="code">${t('wrap-up.code')}</label>
      <select
        id="code"
        part="code"
        aria-required=${wrapUp.required ? 'true' : 'false'}
        aria-invalid=${invalidCode ? 'true' : 'false'}
        aria-describedby=${this.#error.describedBy('wrap-up-error')}
        @change=${(e: Event) => {
          this.#code = (e.target as HTMLSelectElement).value;
          if (invalidCode) this.#error.clear();
        }}
      >
        <option value="" ?selected=${!this.#code}>${t('wrap-up.choose')}</option>
        ${wrapUp.codes.map((c) => html`<option value=${c.id} ?selected=${c.id === this.#code}>${c.name}</option>`)}
      </select>
      <label part="notes-label" for="notes">${t('wrap-up.notes')}</label>
      <textarea
        id="notes"
        part="notes"
        maxlength="4000"
        rows="3"
        .value=${this.#notes}
        @input=${(e: Event) => (this.#notes = (e.target as HTMLTextAreaElement).value)}
      ></textarea>
      ${this.#error.render('wrap-up-error', 'error')}
      <div part="actions" class="form-actions">
        <button type="submit" part="button submit${submitting ? ' busy' : ''}" class="form-primary" aria-disabled=${busy ? 'true' : 'false'}>
          ${submitting ? icon('busy') : nothing}${t('wrap-up.submit')}
        </button>
        ${canSkip
          ? html`<button
              type="button"
              part="button skip${skipping ? ' busy' : ''}"
              aria-disabled=${busy ? 'true' : 'false'}
              @click=${() => busy || void this.#finish(call, true)}
            >
              ${skipping ? icon('busy') : nothing}${t('wrap-up.skip')}
            </button>`
          : nothing}
      </div>
    </form>`;
  }
}

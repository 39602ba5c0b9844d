/**
 * What the elements' small forms share (the transfer and merge panels, the wrap-up form): their box, title,
 * button row, and the error line, where a rejected input is shown under the field and fired as `call-error`
 * from the host, and a failure of the platform (which the controller has fired already) is only shown. The
 * forms mark a field `aria-invalid` on `invalid-argument`.
 */
import { css, html, nothing, type ReactiveControllerHost } from 'lit';
import { CallError } from '../core/errors.js';
import { enOnDemand } from '../i18n/en-on-demand.js';
import { addEnglish, type LocalizeController } from '../i18n/localize.js';

// Every form that uses this module loads it first: their English strings come along (see en-on-demand.ts).
addEnglish(enOnDemand);

/** The look the forms share: the box, title, invalid field, error line, row of buttons and its primary one. */
export const formPanelStyles = css`
  .form-panel {
    display: grid;
    gap: var(--_space);
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .form-title {
    margin: 0;
    font-size: 1.1em;
  }
  [aria-invalid='true'] {
    border: 2px solid var(--_danger);
  }
  .form-error {
    margin: 0;
    color: var(--_danger);
  }
  .form-actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
  }
  .form-primary {
    background: var(--_primary);
    border-color: var(--_primary);
    color: var(--_on-primary);
  }
`;

export class FormError {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #localize: LocalizeController;
  #error: { message: string; code: string } | null = null;

  constructor(host: ReactiveControllerHost & HTMLElement, localize: LocalizeController) {
    this.#host = host;
    this.#localize = localize;
  }

  /** The stable code of the error on screen, if any. */
  get code(): string | undefined {
    return this.#error?.code;
  }

  /** The user's input is refused: show why and fire `call-error` from the host. */
  reject(error: CallError): void {
    this.#set({ message: error.message, code: error.code });
    this.#host.dispatchEvent(new CustomEvent('call-error', { detail: { error }, bubbles: true, composed: true }));
  }

  /** The platform refused; the controller has fired `call-error` already, so this only shows it. */
  fail(error: unknown): void {
    const e = CallError.from(error);
    this.#set({ message: `${this.#localize.t(`error.${e.code}`)} ${e.message}`, code: e.code });
  }

  clear(): void {
    if (this.#error) this.#set(null);
  }

  /** `aria-describedby` for the field: the error line's id while there is one. */
  describedBy(id: string): string | typeof nothing {
    return this.#error ? id : nothing;
  }

  render(id: string, part: string) {
    return this.#error
      ? html`<p id=${id} part=${part} class="form-error" role="alert" data-code=${this.#error.code}>${this.#error.message}</p>`
      : nothing;
  }

  #set(error: { message: string; code: string } | null): void {
    this.#error = error;
    this.#host.requestUpdate();
  }
}

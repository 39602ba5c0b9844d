/**
 * The "Transfer" panel of `<call-controls>`, loaded on the first press of "Transfer" (its own chunk, with
 * its styles): a destination field checked like the dialer's, "Transfer to {name}" for each other call
 * where the platform transfers onto another call, and Transfer / Cancel. Focus moves into the panel when it
 * opens and back to "Transfer" when it closes (Escape, Cancel).
 */
import { css, html, nothing, type ReactiveControllerHost } from 'lit';
import { ACTIONS } from '../../core/actions.js';
import { CallError } from '../../core/errors.js';
import type { TransferTarget } from '../../core/provider.js';
import { hasCapability, isPending, type Call, type CallSnapshot } from '../../core/state.js';
import type { CallController } from '../../core/controller.js';
import type { LocalizeController } from '../../i18n/localize.js';
import { FormError, formErrorStyles } from '../form-error.js';
import { icon } from '../icons.js';

/** What the panel needs from `<call-controls>`. */
export interface TransferPanelEnv {
  readonly localize: LocalizeController;
  controller(): CallController | undefined;
  defaultCountry(): string | undefined;
  /** Closes the panel and puts focus back on "Transfer". */
  close(): void;
}

export const transferPanelStyles = [
  formErrorStyles,
  css`
  [part='transfer-panel'] {
    display: grid;
    gap: var(--_space);
    margin-block-start: var(--_space);
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    max-width: 28rem;
    margin-inline: auto;
  }
  /* Text buttons, also where the narrow controls above shrink to icons. */
  [part='transfer-panel'] button {
    padding: 0 calc(var(--_space) * 1.5);
  }
  [part='transfer-title'] {
    margin: 0;
    font-size: 1.1em;
  }
  [part='transfer-label'] {
    font-weight: 600;
  }
  /* As big a target as the controls' buttons. */
  [part='transfer-field'] {
    min-width: 0;
    min-height: var(--_button-size);
  }
`,
];

/** The other calls this call can be handed onto: live, and not this one. */
export function consultTargets(snapshot: CallSnapshot, call: Call): Call[] {
  if (!hasCapability(call, 'consult-transfer')) return [];
  return snapshot.calls.filter((c) => c.id !== call.id && ['connected', 'on-hold', 'remote-hold'].includes(c.state));
}

export class TransferPanel {
  readonly #env: TransferPanelEnv;
  readonly #error: FormError;
  #value = '';

  constructor(host: ReactiveControllerHost & HTMLElement, env: TransferPanelEnv) {
    this.#env = env;
    this.#error = new FormError(host, env.localize);
  }

  /** Empties the field and forgets the last error (the panel opens afresh). */
  reset(): void {
    this.#value = '';
    this.#error.clear();
  }

  async #run(call: Call, target: TransferTarget): Promise<void> {
    const controller = this.#env.controller();
    if (!controller || isPending(controller.snapshot, ACTIONS.transfer, call.id)) return;
    this.#error.clear();
    try {
      await controller.transfer(target, call.id);
      this.#env.close();
    } catch (error) {
      this.#error.fail(error); // shown where the user is looking
    }
  }

  async #submit(call: Call): Promise<void> {
    const kinds = this.#env.controller()?.snapshot.platform.destinations ?? [];
    const { classifyDestination } = await import('../call-dialer/destination.js');
    const result = await classifyDestination(this.#value, kinds, this.#env.defaultCountry());
    if (!result.ok) {
      const message = this.#env.localize.t(`dialer.${result.reason}`);
      this.#error.reject(new CallError('invalid-argument', message, { action: ACTIONS.transfer, callId: call.id }));
      return;
    }
    await this.#run(call, kinds.includes(result.kind) ? { to: result.destination, kind: result.kind } : { to: result.destination });
  }

  #onKey(e: KeyboardEvent, call: Call): void {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      this.#env.close();
    } else if (e.key === 'Enter' && (e.composedPath()[0] as Element).localName === 'input') {
      e.preventDefault();
      void this.#submit(call);
    }
  }

  render(snapshot: CallSnapshot, call: Call) {
    const t = this.#env.localize.t.bind(this.#env.localize);
    const busy = isPending(snapshot, ACTIONS.transfer, call.id);
    const blind = hasCapability(call, 'transfer');
    const button = (part: string, label: string, run: () => void, name = 'transfer' as const, kind = '') =>
      html`<button type="button" part="button ${part}${busy ? ' busy' : ''}" class=${kind || nothing} aria-disabled=${busy ? 'true' : 'false'} @click=${() => busy || run()}>
        ${icon(busy ? 'busy' : name)}<span>${label}</span>
      </button>`;
    return html`<div
      id="transfer-panel"
      part="transfer-panel"
      role="group"
      aria-labelledby="transfer-title"
      aria-busy=${busy ? 'true' : 'false'}
      @keydown=${(e: KeyboardEvent) => this.#onKey(e, call)}
    >
      <h2 id="transfer-title" part="transfer-title">${t('transfer.label')}</h2>
      ${blind
        ? html`<label part="transfer-label" for="transfer-field">${t('dialer.destination')}</label>
            <input
              id="transfer-field"
              part="transfer-field"
              type="text"
              autocomplete="off"
              spellcheck="false"
              .value=${this.#value}
              aria-invalid=${this.#error.code === 'invalid-argument' ? 'true' : 'false'}
              aria-describedby=${this.#error.describedBy('transfer-error')}
              @input=${(e: Event) => {
                this.#value = (e.target as HTMLInputElement).value;
                this.#error.clear();
              }}
            />`
        : nothing}
      ${this.#error.render('transfer-error', 'transfer-error')}
      <div part="transfer-actions" class="form-actions">
        ${consultTargets(snapshot, call).map((other) => {
          const party = other.remoteParties[0];
          const name = party?.displayName || party?.address || t('status.unknown-party');
          return button('transfer-to-call', t('transfer.to-call', { name }), () => void this.#run(call, { callId: other.id }));
        })}
        ${blind ? button('transfer-submit', t('controls.transfer'), () => void this.#submit(call), 'transfer', 'form-primary') : nothing}
        <button type="button" part="button transfer-cancel" @click=${() => this.#env.close()}>${t('transfer.cancel')}</button>
      </div>
    </div>`;
  }
}

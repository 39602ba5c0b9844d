/**
 * The panels of `<call-controls>`, loaded on the first press of "Transfer" or of "Merge calls" with a choice
 * to make (their own chunk, with their styles). Transfer: a destination field checked like the dialer's,
 * "Transfer to {name}" for each other call where the platform transfers onto another call, and Transfer /
 * Cancel. Merge: "Merge with {name}" for each other live call, and Cancel. Focus moves into a panel when it
 * opens and back to the button that opened it when it closes (Escape, Cancel, success).
 */
import { css, html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { ACTIONS, type ActionName } from '../../core/actions.js';
import { CallError } from '../../core/errors.js';
import { hasCapability, isPending, type Call, type CallSnapshot } from '../../core/state.js';
import type { CallController } from '../../core/controller.js';
import type { LocalizeController } from '../../i18n/localize.js';
import { FormError, formPanelStyles } from '../form-panel.js';
import { icon, type IconName } from '../icons.js';

/** What a panel needs from `<call-controls>`. */
export interface CallPanelEnv {
  readonly localize: LocalizeController;
  controller(): CallController | undefined;
  defaultCountry(): string | undefined;
  /** Closes the panel and puts focus back on the button that opened it. */
  close(): void;
}

export const callPanelStyles = [
  formPanelStyles,
  css`
    .controls-panel {
      margin-block-start: var(--_space);
      max-width: 28rem;
      margin-inline: auto;
    }
    /* Text buttons, also where the narrow controls above shrink to icons. */
    .controls-panel button {
      padding: 0 calc(var(--_space) * 1.5);
    }
    /* One row per call to pick, so a list of calls reads as one; the panel's own buttons share the last row. */
    [part~='transfer-to-call'],
    [part~='merge-with'] {
      flex: 1 1 100%;
      justify-content: flex-start;
    }
    /* The button whose panel is open reads so (with aria-expanded): the primary colour's border and a bar. */
    [aria-expanded='true'] {
      border-color: var(--_primary);
      box-shadow: inset 0 -3px 0 var(--_primary);
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

const partyName = (call: Call, t: LocalizeController['t']): string => {
  const party = call.remoteParties[0];
  return party?.displayName || party?.address || t('status.unknown-party');
};

/** What both panels do: Escape closes; an action closes the panel when it succeeds, and shows why when not. */
abstract class CallPanel {
  protected readonly env: CallPanelEnv;
  protected readonly error: FormError;

  constructor(host: ReactiveControllerHost & HTMLElement, env: CallPanelEnv) {
    this.env = env;
    this.error = new FormError(host, env.localize);
  }

  /** Forgets the last error (the panel opens afresh). */
  reset(): void {
    this.error.clear();
  }

  protected async run(action: ActionName, call: Call, perform: (controller: CallController) => Promise<unknown>): Promise<void> {
    const controller = this.env.controller();
    if (!controller || isPending(controller.snapshot, action, call.id)) return;
    this.error.clear();
    try {
      await perform(controller);
      this.env.close();
    } catch (error) {
      this.error.fail(error); // the controller has fired call-error; shown where the user is looking
    }
  }

  protected onKey(e: KeyboardEvent): void {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    this.env.close();
  }

  /** The panel: a labelled group with its title, content, error line and buttons (the last one Cancel). */
  protected frame(name: 'transfer' | 'merge', title: string, busy: boolean, content: unknown, buttons: unknown): TemplateResult {
    return html`<div
      id="${name}-panel"
      part="${name}-panel"
      class="form-panel controls-panel"
      role="group"
      aria-labelledby="${name}-title"
      aria-busy=${busy ? 'true' : 'false'}
      @keydown=${(e: KeyboardEvent) => this.onKey(e)}
    >
      <h2 id="${name}-title" part="${name}-title" class="form-title">${title}</h2>
      ${content} ${this.error.render(`${name}-error`, `${name}-error`)}
      <div part="${name}-actions" class="form-actions">
        ${buttons}
        <button type="button" part="button ${name}-cancel" @click=${() => this.env.close()}>${this.env.localize.t('transfer.cancel')}</button>
      </div>
    </div>`;
  }

  protected button(part: string, label: string, busy: boolean, run: () => void, name: IconName, kind?: string): TemplateResult {
    return html`<button type="button" part="button ${part}${busy ? ' busy' : ''}" class=${kind ?? ''} aria-disabled=${busy ? 'true' : 'false'} @click=${() => busy || run()}>
      ${icon(busy ? 'busy' : name)}<span>${label}</span>
    </button>`;
  }
}

/** "Transfer call": blind to a destination, or consultative onto another call. */
export class TransferPanel extends CallPanel {
  #value = '';

  /** Empties the field and forgets the last error (the panel opens afresh). */
  override reset(): void {
    this.#value = '';
    super.reset();
  }

  async #submit(call: Call): Promise<void> {
    const kinds = this.env.controller()?.snapshot.platform.destinations ?? [];
    const { classifyDestination } = await import('../call-dialer/destination.js');
    const result = await classifyDestination(this.#value, kinds, this.env.defaultCountry());
    if (!result.ok) {
      const message = this.env.localize.t(`dialer.${result.reason}`);
      this.error.reject(new CallError('invalid-argument', message, { action: ACTIONS.transfer, callId: call.id }));
      return;
    }
    const target = kinds.includes(result.kind) ? { to: result.destination, kind: result.kind } : { to: result.destination };
    await this.run(ACTIONS.transfer, call, (k) => k.transfer(target, call.id));
  }

  #onEnter(e: KeyboardEvent, call: Call): void {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    void this.#submit(call);
  }

  /** `others`: the calls this one can be handed onto (consultative transfer). */
  render(snapshot: CallSnapshot, call: Call, others: readonly Call[]): TemplateResult {
    const t = this.env.localize.t.bind(this.env.localize);
    const busy = isPending(snapshot, ACTIONS.transfer, call.id);
    const blind = hasCapability(call, 'transfer');
    const field = blind
      ? html`<label part="transfer-label" for="transfer-field">${t('dialer.destination')}</label>
          <input
            id="transfer-field"
            part="transfer-field"
            type="text"
            autocomplete="off"
            spellcheck="false"
            .value=${this.#value}
            aria-invalid=${this.error.code === 'invalid-argument' ? 'true' : 'false'}
            aria-describedby=${this.error.describedBy('transfer-error')}
            @keydown=${(e: KeyboardEvent) => this.#onEnter(e, call)}
            @input=${(e: Event) => {
              this.#value = (e.target as HTMLInputElement).value;
              this.error.clear();
            }}
          />`
      : nothing;
    return this.frame('transfer', t('transfer.label'), busy, field, [
      ...others.map((other) =>
        this.button('transfer-to-call', t('transfer.to-call', { name: partyName(other, t) }), busy, () => void this.run(ACTIONS.transfer, call, (k) => k.transfer({ callId: other.id }, call.id)), 'transfer'),
      ),
      blind ? this.button('transfer-submit', t('controls.transfer'), busy, () => void this.#submit(call), 'transfer', 'form-primary') : nothing,
    ]);
  }
}

/** "Merge calls" with more than one other call: the user picks which call joins this one. */
export class MergePanel extends CallPanel {
  /** Nothing once no other call is left to merge with (they ended while the panel was open). */
  render(snapshot: CallSnapshot, call: Call, others: readonly Call[]): TemplateResult | typeof nothing {
    if (!others.length) return nothing;
    const t = this.env.localize.t.bind(this.env.localize);
    const busy = isPending(snapshot, ACTIONS.mergeCalls, call.id);
    return this.frame(
      'merge',
      t('controls.merge'),
      busy,
      nothing,
      others.map((other) =>
        this.button('merge-with', t('merge.with', { name: partyName(other, t) }), busy, () => void this.run(ACTIONS.mergeCalls, call, (k) => k.mergeCalls(other.id, call.id)), 'merge'),
      ),
    );
  }
}

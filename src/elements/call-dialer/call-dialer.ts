import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ACTIONS } from '../../core/actions.js';
import { activeCall, hasCapability, isPending, type CallSnapshot, type DestinationKind } from '../../core/state.js';
import { CallElement } from '../call-element.js';
import { icon } from '../icons.js';
import { tokens } from '../theme.styles.js';
import { styles } from './call-dialer.styles.js';
import type { Classified } from './destination.js';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

export interface CallDialDetail {
  readonly destination: string;
  readonly kind: DestinationKind;
  readonly video: boolean;
}

/**
 * A destination field labelled "Number or user", a 12-key pad, a "Video" checkbox (on media platforms) and
 * a "Call" button. Phone numbers are normalized to E.164 using `default-country`; `tel:` URIs, pasted
 * formatted numbers, SIP URIs, ACS and Teams ids, user@domain and user names are accepted where the platform
 * dials them. Invalid input shows an inline error and dials nothing. Enter dials. During a connected call
 * with DTMF the pad sends tones and shows the digits sent. Digits, `*`, `#` and Backspace typed while focus
 * is on the pad work like the keys.
 *
 * @csspart dialer - The group around everything.
 * @csspart label - The field's label.
 * @csspart field-row - The field and the backspace button.
 * @csspart field - The destination input; `[aria-invalid=true]` after invalid input.
 * @csspart error - The inline validation message.
 * @csspart keypad - The 12 keys.
 * @csspart button - Every button.
 * @csspart key - Each key of the pad.
 * @csspart backspace - The "Delete last digit" button.
 * @csspart video - The "Video" checkbox and its label.
 * @csspart call - The "Call" button; also `busy` while the call is being placed.
 * @csspart busy - The "Call" button while the call is being placed (with a turning icon).
 * @csspart icon - A button's icon.
 * @csspart tones - The "Tones sent" read-out during a call.
 * @csspart digits - The digits sent.
 * @cssproperty [--call-dialer-width=18rem] - The dialer's maximum width.
 * @cssproperty [--call-dialer-key-size=48px] - The smallest height of a key, the backspace and the "Call" button.
 * @fires call-dial - The user dialled a valid destination. `detail: { destination, kind, video }`, the
 *   destination normalized; cancelable: `preventDefault()` and the dialer does not call.
 */
export class CallDialer extends CallElement {
  static override styles = [tokens, styles];

  /** What is in the destination field. */
  @property() value = '';

  /** ISO 3166 country for numbers typed without a country code (`US`, `DE`, …). */
  @property({ attribute: 'default-country' }) defaultCountry: string | undefined;

  /** Whether "Video" is checked. */
  @property({ type: Boolean }) video = false;

  @state() private error: Exclude<Classified, { ok: true }>['reason'] | null = null;

  #dialing = false;

  constructor() {
    super();
    this.addEventListener('keydown', (e) => this.#onKey(e));
  }

  protected override snapshotChanged(next: CallSnapshot, prev: CallSnapshot): boolean {
    return next.platform !== prev.platform || activeCall(next) !== activeCall(prev) || next.pending !== prev.pending;
  }

  /** The live call the pad sends tones to, if any. */
  get #toneCall() {
    const call = activeCall(this.snapshot);
    return call?.state === 'connected' && hasCapability(call, 'dtmf') ? call : null;
  }

  get #videoOffered(): boolean {
    const { platform } = this.snapshot;
    return platform.mode === 'media' || platform.capabilities.includes('video');
  }

  #onKey(e: KeyboardEvent): void {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const fromField = e.composedPath()[0] instanceof HTMLInputElement && (e.composedPath()[0] as HTMLInputElement).type === 'text';
    if (fromField) {
      if (e.key === 'Enter') {
        e.preventDefault();
        void this.dial();
      }
      return;
    }
    if (/^[\d*#+]$/.test(e.key)) {
      e.preventDefault();
      this.#press(e.key);
    } else if (e.key === 'Backspace' && !this.#toneCall) {
      e.preventDefault();
      this.#setValue(this.value.slice(0, -1));
    }
  }

  #setValue(value: string): void {
    this.value = value;
    this.error = null;
  }

  #press(key: string): void {
    const call = this.#toneCall;
    if (call) {
      if (key !== '+') this.perform((c) => c.sendDtmf(key, call.id));
    } else {
      this.#setValue(this.value + key);
    }
  }

  /** Classifies the field and, when valid, starts the call (what "Call" and Enter do). */
  async dial(): Promise<void> {
    if (this.#dialing || isPending(this.snapshot, ACTIONS.startCall)) return;
    this.#dialing = true;
    try {
      const kinds = this.snapshot.platform.destinations;
      // The classifier (and the phone-number library it loads) comes on the first dial, not with the page.
      // Unreachable (offline)? The controller and the platform still judge the raw input.
      const result: Classified = await import('./destination.js').then(
        ({ classifyDestination }) => classifyDestination(this.value, kinds, this.defaultCountry),
        () => ({ ok: true, kind: 'user', destination: this.value.trim() }),
      );
      if (!result.ok) {
        this.error = result.reason;
        return;
      }
      this.error = null;
      const video = this.video && this.#videoOffered;
      const detail: CallDialDetail = { destination: result.destination, kind: result.kind, video };
      if (!this.emit('call-dial', detail)) return;
      this.perform((c) => c.startCall(result.destination, { video, ...(kinds.includes(result.kind) ? { kind: result.kind } : {}) }));
    } finally {
      this.#dialing = false;
    }
  }

  protected override render() {
    const t = this.localize.t.bind(this.localize);
    const call = this.#toneCall;
    const busy = isPending(this.snapshot, ACTIONS.startCall);
    const keypad = html`<div part="keypad" role="group" aria-label=${t('dialer.keypad')}>
      ${KEYS.map((k) => html`<button type="button" part="button key" @click=${() => this.#press(k)}>${k}</button>`)}
    </div>`;
    if (call) {
      return html`<div part="dialer" role="group" aria-label=${t('dialer.label')}>
        <p part="tones">${t('dialer.dtmf-sent')} <output part="digits" aria-live="polite">${call.dtmf}</output></p>
        ${keypad}
      </div>`;
    }
    return html`<div part="dialer" role="group" aria-label=${t('dialer.label')}>
      <label part="label" for="destination">${t('dialer.destination')}</label>
      <div part="field-row">
        <input
          id="destination"
          part="field"
          type="text"
          autocomplete="off"
          spellcheck="false"
          .value=${this.value}
          aria-invalid=${this.error ? 'true' : 'false'}
          aria-describedby=${this.error ? 'error' : nothing}
          @input=${(e: Event) => this.#setValue((e.target as HTMLInputElement).value)}
        />
        <button type="button" part="button backspace" aria-label=${t('dialer.backspace')} @click=${() => this.#setValue(this.value.slice(0, -1))}>
          ${icon('backspace')}
        </button>
      </div>
      ${this.error ? html`<p id="error" part="error" role="alert">${t(`dialer.${this.error}`)}</p>` : nothing}
      ${keypad}
      ${this.#videoOffered
        ? html`<label part="video">
            <input type="checkbox" .checked=${this.video} @change=${(e: Event) => (this.video = (e.target as HTMLInputElement).checked)} />
            ${t('dialer.video')}
          </label>`
        : nothing}
      <button type="button" part="button call${busy ? ' busy' : ''}" aria-disabled=${busy ? 'true' : 'false'} @click=${() => void this.dial()}>
        ${icon(busy ? 'busy' : this.video && this.#videoOffered ? 'video-call' : 'call')}${t('dialer.call')}
      </button>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'call-dialer': CallDialer;
  }
}

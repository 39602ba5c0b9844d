import { html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { ACTIONS } from '../../core/actions.js';
import { hasCapability, isPending, type Call, type CallSnapshot } from '../../core/state.js';
import { CallElement } from '../call-element.js';
import { icon } from '../icons.js';
import { tokens } from '../theme.styles.js';
import { styles } from './incoming-call.styles.js';

const ringingIn = (s: CallSnapshot): Call[] => s.calls.filter((c) => c.direction === 'incoming' && c.state === 'ringing');

/** The focused element, looking through open shadow roots. */
function deepActiveElement(): Element | null {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

/**
 * One card per call ringing in (several at once for call waiting), each a non-modal alert dialog named
 * "Incoming call from …" with the caller's number, "Accept", "Accept with video" (only when the call offers
 * video and supports it) and "Decline". A new call takes focus so it is announced; a card disappears when
 * the call is answered, declined or the caller gives up, and focus goes back where it was.
 *
 * @csspart calls - The stack of cards.
 * @csspart call - One ringing call; `data-call-id` holds its id.
 * @csspart caller - "Incoming call from {name}".
 * @csspart address - The caller's number or address.
 * @csspart actions - The buttons of one card.
 * @csspart button - Every button.
 * @csspart accept - The "Accept" and "Accept with video" buttons.
 * @csspart accept-video - The "Accept with video" button.
 * @csspart decline - The "Decline" button.
 * @csspart busy - A button whose action is pending (with a turning icon).
 * @csspart icon - A button's icon.
 * @cssproperty [--incoming-call-shadow=0 4px 16px rgb(0 0 0 / 0.18)] - The cards' box shadow.
 * @cssproperty [--incoming-call-button-size=48px] - Smallest width and height of a button.
 */
export class IncomingCall extends CallElement {
  static override styles = [tokens, styles];

  /** Ringing calls already shown, so only a new arrival takes focus. */
  #shown = new Set<string>();
  #returnFocus: HTMLElement | null = null;
  #hadFocus = false;

  protected override snapshotChanged(next: CallSnapshot, prev: CallSnapshot): boolean {
    return next.calls !== prev.calls || next.pending !== prev.pending;
  }

  protected override updated(): void {
    const ringing = ringingIn(this.snapshot);
    const fresh = ringing.filter((c) => !this.#shown.has(c.id));
    const gone = this.#shown.size > ringing.length - fresh.length;
    this.#shown = new Set(ringing.map((c) => c.id));
    const root = this.renderRoot as ShadowRoot;
    const active = deepActiveElement();
    // Focus fell to the page because the focused card went away (and the user did not move it elsewhere).
    const dropped = gone && this.#hadFocus && (!active || active === document.body);
    if (fresh.length || (dropped && ringing.length)) {
      if (!root.activeElement && !dropped && active instanceof HTMLElement) this.#returnFocus = active;
      const id = (fresh.length ? fresh : ringing)[(fresh.length ? fresh : ringing).length - 1]!.id;
      const card = [...root.querySelectorAll<HTMLElement>('[part="call"]')].find((el) => el.dataset.callId === id);
      card?.querySelector<HTMLElement>('[part~="accept"]')?.focus();
    } else if (!ringing.length && this.#returnFocus) {
      // Answered, declined or cancelled: give focus back, unless the user already moved it elsewhere.
      if (dropped && this.#returnFocus.isConnected) this.#returnFocus.focus();
      this.#returnFocus = null;
    }
    this.#hadFocus = !!root.activeElement;
  }

  protected override render() {
    const s = this.snapshot;
    const calls = ringingIn(s);
    if (!calls.length) return nothing;
    const t = this.localize.t.bind(this.localize);
    return html`<div part="calls">
      ${repeat(
        calls,
        (c) => c.id,
        (call) => {
          const party = call.remoteParties[0];
          const name = party?.displayName || party?.address || t('status.unknown-party');
          const title = t(call.video ? 'incoming.video' : 'incoming.from', { name });
          const accepting = isPending(s, ACTIONS.accept, call.id);
          const declining = isPending(s, ACTIONS.reject, call.id);
          const busy = accepting || declining;
          const disabled = busy ? 'true' : 'false';
          const accept = (video: boolean) => () => busy || this.perform((k) => k.accept(call.id, { video }));
          const busyPart = (pending: boolean) => (pending ? ' busy' : '');
          return html`<section part="call" role="alertdialog" aria-label=${title} data-call-id=${call.id}>
            <p part="caller">${this.localize.withName(call.video ? 'incoming.video' : 'incoming.from', name)}</p>
            ${party?.address && party.address !== name ? html`<p part="address"><bdi>${party.address}</bdi></p>` : nothing}
            <div part="actions">
              <button type="button" part="button accept${busyPart(accepting)}" aria-disabled=${disabled} @click=${accept(false)}>
                ${icon(accepting ? 'busy' : 'accept')}${t('incoming.accept')}
              </button>
              ${call.video && hasCapability(call, 'video')
                ? html`<button type="button" part="button accept accept-video${busyPart(accepting)}" aria-disabled=${disabled} @click=${accept(true)}>
                    ${icon(accepting ? 'busy' : 'accept-video')}${t('incoming.accept-video')}
                  </button>`
                : nothing}
              <button
                type="button"
                part="button decline${busyPart(declining)}"
                aria-disabled=${disabled}
                @click=${() => busy || this.perform((k) => k.reject(call.id))}
              >
                ${icon(declining ? 'busy' : 'decline')}${t('incoming.decline')}
              </button>
            </div>
          </section>`;
        },
      )}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'incoming-call': IncomingCall;
  }
}

import { css, html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { ACTIONS } from '../../core/actions.js';
import { isPending, type Call, type CallSnapshot } from '../../core/state.js';
import { CallElement } from '../call-element.js';
import { iconStyles, icon } from '../icons.js';
import { DurationTicker, formatDuration } from '../duration.js';
import { tokens } from '../theme.styles.js';

export interface CallSelectDetail {
  readonly callId: string;
}

export { formatDuration };

/**
 * Every call in the session (ringing, active, on hold; a call-control platform's live calls) with the
 * other party, direction, state and a running duration. Selecting one makes it the active call that the
 * other elements act on; each call can be hung up (a ringing incoming call is declined). A call in after-call
 * work (`wrap-up`) shows that state and its final talk time, and has no hang-up button.
 *
 * @fires call-select - The user picked a call; cancel it to keep the active call. `detail: { callId }`.
 * @csspart list - The list of calls.
 * @csspart call - One call (`data-state`, `data-direction`); the active one also has `active`.
 * @csspart select - The button that makes a call the active one (`aria-current` on the active call).
 * @csspart party - The other party's name.
 * @csspart direction - "Incoming" or "Outgoing".
 * @csspart address - "From …" or "To …" with the number or address.
 * @csspart state - The call's state.
 * @csspart duration - The running duration; for a call in wrap-up, how long the conversation lasted (no longer running).
 * @csspart hang-up - The hang-up button; also `busy` while hanging up.
 * @csspart busy - The hang-up button while hanging up (with a turning icon).
 * @csspart icon - The hang-up button's icon.
 * @csspart empty - The default empty state, shown when there are no calls.
 * @slot empty - What to show when there are no calls (default: "No calls yet. Calls you make or receive appear here.").
 * @cssproperty [--call-list-gap=var(--call-space)] - Space between calls.
 */
export class CallList extends CallElement {
  static override styles = [
    tokens,
    iconStyles,
    css`
      :host {
        display: block;
        --_list-gap: var(--call-list-gap, var(--_space));
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: var(--_list-gap);
      }
      li {
        display: grid;
        grid-template-columns: 1fr auto;
        align-items: center;
        gap: 2px var(--_space);
        padding: var(--_space);
        border-radius: var(--_radius);
        border: 1px solid var(--_border);
      }
      [part~='active'] {
        border-color: var(--_primary);
        box-shadow: inset 4px 0 var(--_primary);
      }
      [part='select'] {
        justify-self: start;
        border: 0;
        background: none;
        padding: 0 4px;
        font-weight: 600;
        text-align: start;
        min-height: 24px;
      }
      [part='party'] {
        unicode-bidi: isolate;
      }
      .details {
        grid-column: 1;
        display: flex;
        flex-wrap: wrap;
        gap: 0 var(--_space);
        color: var(--_muted-fg);
        padding: 0 4px;
      }
      [part~='hang-up'] {
        grid-row: 1 / span 2;
        grid-column: 2;
        background: var(--_danger);
        border-color: var(--_danger);
        color: var(--_on-danger);
      }
      [part='duration'] {
        font-variant-numeric: tabular-nums;
      }
    `,
  ];

  constructor() {
    super();
    // A one-second tick while some call has a duration on screen (a frozen one, in wrap-up, re-renders unchanged).
    new DurationTicker(this, () => this.snapshot.calls.some((c) => c.startedAt !== null));
  }

  protected override snapshotChanged(next: CallSnapshot, prev: CallSnapshot): boolean {
    return next.calls !== prev.calls || next.activeCallId !== prev.activeCallId || next.pending !== prev.pending;
  }

  protected override render() {
    const s = this.snapshot;
    if (!s.calls.length) return html`<slot name="empty"><p part="empty">${this.localize.t('list.empty')}</p></slot>`;
    return html`<ul part="list" aria-label=${this.localize.t('list.label')}>
      ${repeat(s.calls, (c) => c.id, (c) => this.#item(s, c))}
    </ul>`;
  }

  #item(s: CallSnapshot, call: Call) {
    const t = this.localize.t.bind(this.localize);
    const name = call.remoteParties.map((p) => p.displayName || p.address).join(', ') || t('status.unknown-party');
    const address = call.remoteParties.map((p) => p.address).join(', ');
    const active = call.id === s.activeCallId;
    const incoming = call.direction === 'incoming';
    const ringingIn = incoming && call.state === 'ringing';
    const busy = isPending(s, ringingIn ? ACTIONS.reject : ACTIONS.hangUp, call.id);
    return html`<li part="call${active ? ' active' : ''}" data-state=${call.state} data-direction=${call.direction}>
      <button part="select" aria-label=${t('list.select', { name })} aria-current=${active ? 'true' : 'false'} @click=${() => this.#select(call.id)}>
        <span part="party">${name}</span>
      </button>
      <span class="details">
        <span part="direction">${t(incoming ? 'list.incoming' : 'list.outgoing')}</span>
        ${address ? html`<span part="address">${t(incoming ? 'list.from' : 'list.to')} <bdi>${address}</bdi></span>` : nothing}
        <span part="state">${t(ringingIn ? 'state.incoming' : `state.${call.state}`)}</span>
        ${call.startedAt !== null
          ? html`<span part="duration"><span class="visually-hidden">${t('list.duration')} </span>${formatDuration((call.endedAt ?? Date.now()) - call.startedAt)}</span>`
          : nothing}
      </span>
      ${call.state === 'wrap-up' ? nothing : html`<button
        part="hang-up${busy ? ' busy' : ''}"
        aria-label=${t('list.hang-up', { name })}
        aria-disabled=${busy ? 'true' : 'false'}
        @click=${() => busy || this.perform((c) => (ringingIn ? c.reject(call.id) : c.hangUp(call.id)))}
      >
        ${icon(busy ? 'busy' : 'hang-up')}${t('controls.hang-up')}
      </button>`}
    </li>`;
  }

  #select(callId: string): void {
    if (this.emit('call-select', { callId })) this.callController?.setActiveCall(callId);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'call-list': CallList;
  }
  interface HTMLElementEventMap {
    'call-select': CustomEvent<CallSelectDetail>;
  }
}

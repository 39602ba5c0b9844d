import { css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ParticipantAction } from '../../core/provider.js';
import { ACTIONS, participantActionName } from '../../core/actions.js';
import { findCall, isPending, type Call, type CallSnapshot, type Capability, type Participant } from '../../core/state.js';
import { en, type StringKey } from '../../i18n/en.js';
import { CallElement } from '../call-element.js';
import { iconStyles, icon, type IconName } from '../icons.js';
import { tokens } from '../theme.styles.js';

const OWN_ACTIONS = /^(addParticipant|removeParticipant|participant-)/;

/**
 * The people in a call: one item per participant with name ("You" for yourself), role, state and
 * muted / speaking / on hold / recording badges (icon and word); per-participant actions (icon buttons
 * named "Mute {name}", …) the call supports (mute, hold, record, whisper, listen
 * pause, remove) and an "Add participant" field. Works for media calls and call-control platforms.
 *
 * @csspart list - The list.
 * @csspart participant - One participant (`data-state`, `data-role`); the local user also has `self`.
 * @csspart name - A participant's name.
 * @csspart role - A participant's role (agent, customer, …).
 * @csspart state - A participant's state.
 * @csspart badge - An indicator; also `muted`, `speaking`, `held` or `recording`.
 * @csspart actions - The action buttons of one participant.
 * @csspart action - An action button; also `mute`, `hold`, `record`, `listen`, `whisper` or `remove`.
 * @csspart whisper - The whisper form.
 * @csspart add - The "Add participant" form.
 * @csspart input - A text field.
 * @csspart submit - A form's submit button.
 * @csspart error - The message of the last failed participant action.
 * @csspart empty - The default empty state, shown while there is no call.
 * @csspart icon - The icon of a badge or an action.
 * @slot empty - What to show while there is no call (default: "Participants appear here during a call.").
 * @cssproperty [--participant-list-gap=var(--call-space)] - Space between items.
 * @cssproperty [--participant-list-item-background=var(--call-color-surface-raised)] - Background of an item.
 */
export class ParticipantList extends CallElement {
  static override styles = [
    tokens,
    iconStyles,
    css`
      :host {
        display: block;
        --_gap: var(--participant-list-gap, var(--_space));
        --_item-bg: var(--participant-list-item-background, var(--_raised));
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: var(--_gap);
      }
      li {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 4px var(--_space);
        padding: var(--_space);
        border-radius: var(--_radius);
        background: var(--_item-bg);
      }
      [part='name'] {
        font-weight: 600;
        overflow-wrap: anywhere;
        unicode-bidi: isolate;
      }
      [part='role'],
      [part='state'] {
        color: var(--_muted-fg);
      }
      [part~='badge'] {
        display: inline-flex;
        align-items: center;
        gap: 4px;
        padding: 0 6px;
        border-radius: 999px;
        border: 1px solid currentColor;
        font-size: 0.85em;
      }
      [part~='badge'] svg {
        width: 1.1em;
        height: 1.1em;
      }
      [part~='action'] {
        padding: 0 var(--_space);
      }
      [part~='mute'][aria-pressed='true'] {
        color: var(--_danger);
        border-color: var(--_danger);
        background: var(--_bg);
      }
      [part~='speaking'] {
        border-color: var(--_speaking);
        box-shadow: inset 0 0 0 1px var(--_speaking);
      }
      [part~='recording'] {
        color: var(--_danger);
      }
      [part='actions'] {
        display: flex;
        flex-wrap: wrap;
        gap: 4px;
        margin-inline-start: auto;
      }
      form {
        display: flex;
        flex-wrap: wrap;
        align-items: end;
        gap: var(--_space);
        flex-basis: 100%;
        margin-top: var(--_space);
      }
      label {
        display: grid;
        gap: 2px;
        flex: 1 1 12em;
      }
      [part='error'] {
        color: var(--_danger);
      }
    `,
  ];

  /** The call to show; the active call when unset. */
  @property({ attribute: 'call-id' }) callId: string | null = null;

  /** The participant whose whisper form is open. */
  @state() private whisperTo: string | null = null;

  protected override snapshotChanged(next: CallSnapshot, prev: CallSnapshot): boolean {
    return (
      this.#call(next) !== this.#call(prev) ||
      next.self !== prev.self ||
      next.platform !== prev.platform ||
      next.pending !== prev.pending ||
      next.error !== prev.error
    );
  }

  #call(s: CallSnapshot): Call | null {
    return findCall(s, this.callId ?? s.activeCallId);
  }

  protected override render() {
    const t = this.localize.t.bind(this.localize);
    const s = this.snapshot;
    const call = this.#call(s);
    const people = call?.participants.filter((p) => p.state !== 'disconnected') ?? [];
    const error = s.error && OWN_ACTIONS.test(s.error.action ?? '') ? s.error : null;
    if (!call) return html`<slot name="empty"><p part="empty">${t('participants.empty')}</p></slot>`;
    return html`<ul part="list" aria-label=${t('participants.label')}>
        ${s.platform.mode === 'media'
          ? html`<li part="participant self" data-state=${call.local.held ? 'on-hold' : 'connected'}>
              <span part="name">${t('participants.you')}</span>
              ${call.local.muted ? this.#badge('muted') : nothing} ${call.local.held ? this.#badge('held') : nothing}
            </li>`
          : nothing}
        ${repeat(people, (p) => p.id, (p) => this.#item(s, call, p))}
      </ul>
      ${error ? html`<p part="error" role="alert">${t(`error.${error.code}`)}</p>` : nothing}
      ${call.capabilities.includes('add-participant')
        ? html`<form part="add" @submit=${(e: SubmitEvent) => this.#submit(e, (c, text) => c.addParticipant(text, call.id))}>
            <label
              >${t('participants.add-field')}<input part="input" name="text" autocomplete="off" ?disabled=${isPending(s, ACTIONS.addParticipant, call.id)}
            /></label>
            <button part="submit">${t('participants.add')}</button>
          </form>`
        : nothing}`;
  }

  #badge(kind: 'muted' | 'speaking' | 'held' | 'recording') {
    return html`<span part="badge ${kind}">${icon(kind)}${this.localize.t(`participants.${kind}`)}</span>`;
  }

  #item(s: CallSnapshot, call: Call, p: Participant) {
    const t = this.localize.t.bind(this.localize);
    const name = p.displayName || p.address;
    const can = (capability: Capability) => call.capabilities.includes(capability);
    const roleKey = `role.${p.role ?? ''}`;
    const removing = isPending(s, ACTIONS.removeParticipant, call.id, p.id);
    const act = (action: ParticipantAction) => () => this.perform((c) => c.participantAction(p.id, action, call.id));
    // With an icon, the button shows the icon alone (its name, "Mute {name}", also as a tooltip); without, a word.
    const toggle = (kind: string, label: string, pressed: boolean, action: ParticipantAction, glyph?: IconName) => {
      const busy = isPending(s, participantActionName(action.type), call.id, p.id);
      return html`<button
        part="action ${kind}"
        aria-label=${label}
        .title=${glyph ? label : ''}
        aria-pressed=${pressed ? 'true' : 'false'}
        aria-disabled=${busy ? 'true' : 'false'}
        @click=${() => busy || act(action)()}
      >
        ${glyph ? icon(busy ? 'busy' : glyph) : t('participants.action-listen')}
      </button>`;
    };
    return html`<li part="participant" data-state=${p.state} data-role=${p.role ?? nothing}>
      <span part="name">${name}</span>
      ${p.role ? html`<span part="role">${roleKey in en ? t(roleKey as StringKey) : p.role}</span>` : nothing}
      <span part="state">${t(`participant.${p.state}`)}</span>
      ${p.muted ? this.#badge('muted') : nothing} ${p.speaking ? this.#badge('speaking') : nothing}
      ${p.held && p.state !== 'on-hold' ? this.#badge('held') : nothing} ${p.recording ? this.#badge('recording') : nothing}
      <span part="actions">
        ${can('participant-mute') ? toggle('mute', t('participants.mute', { name }), p.muted, { type: 'mute', muted: !p.muted }, p.muted ? 'mic-off' : 'mic') : nothing}
        ${can('participant-hold') ? toggle('hold', t('participants.hold', { name }), p.held, { type: 'hold', held: !p.held }, 'hold') : nothing}
        ${can('record')
          ? toggle('record', t('participants.record', { name }), p.recording, { type: 'record', recording: !p.recording }, 'record')
          : nothing}
        ${can('listen-pause') && p.listen
          ? toggle('listen', t('participants.listen-pause', { name }), p.listen !== 'active', {
              type: 'listen',
              status: p.listen === 'active' ? 'paused' : 'active',
            })
          : nothing}
        ${can('whisper')
          ? html`<button
              part="action whisper"
              aria-label=${t('participants.whisper', { name })}
              aria-expanded=${this.whisperTo === p.id ? 'true' : 'false'}
              @click=${() => (this.whisperTo = this.whisperTo === p.id ? null : p.id)}
            >
              ${t('participants.action-whisper')}
            </button>`
          : nothing}
        ${can('remove-participant')
          ? html`<button
              part="action remove"
              aria-label=${t('participants.remove', { name })}
              title=${t('participants.remove', { name })}
              aria-disabled=${removing ? 'true' : 'false'}
              @click=${() => removing || this.perform((c) => c.removeParticipant(p.id, call.id))}
            >
              ${icon(removing ? 'busy' : 'remove')}
            </button>`
          : nothing}
      </span>
      ${this.whisperTo === p.id && can('whisper')
        ? html`<form
            part="whisper"
            @submit=${(e: SubmitEvent) =>
              this.#submit(e, (c, text) => c.participantAction(p.id, { type: 'whisper', text }, call.id), () => (this.whisperTo = null))}
          >
            <label>${t('participants.whisper-text')}<input part="input" name="text" autocomplete="off" /></label>
            <button part="submit">${t('participants.whisper-send')}</button>
          </form>`
        : nothing}
    </li>`;
  }

  /** Sends a form's text field through `send`; on success clears the field and runs `done`. */
  #submit(event: SubmitEvent, send: (c: NonNullable<typeof this.callController>, text: string) => Promise<void>, done?: () => void): void {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem('text') as HTMLInputElement;
    this.perform((c) =>
      send(c, input.value).then(() => {
        input.value = '';
        done?.();
      }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'participant-list': ParticipantList;
  }
}

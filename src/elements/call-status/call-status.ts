import { html, nothing } from 'lit';
import { activeCall, isLive, type Call, type CallSnapshot } from '../../core/state.js';
import { CallElement } from '../call-element.js';
import { DurationTicker, formatDuration } from '../duration.js';
import { icon } from '../icons.js';
import { tokens } from '../theme.styles.js';
import { styles } from './call-status.styles.js';

export { formatDuration };

/**
 * Where the user learns what is going on: the connection state when not connected, the active call's
 * party, state and running timer, the end reason after a call ends ("Busy", "No answer", "Call ended"…),
 * all in an `aria-live="polite"` region; and the latest error (a localized explanation by its code, the
 * error's own message, and a "Dismiss" button) in an alert.
 *
 * @csspart status - The live region.
 * @csspart connection - The connection state, shown while not connected; `data-state` holds it.
 * @csspart party - Who the active call is with, or the group call's title.
 * @csspart state - The active call's state; `data-state` holds the normalized state.
 * @csspart timer - The running duration of a connected call.
 * @csspart recording - "Recording" or "Recording paused" (with an icon each) while the call is recorded;
 *   `data-state` is `on` or `paused`.
 * @csspart end-reason - Why the last call ended; `data-reason` holds the normalized code.
 * @csspart idle - The "No call" text.
 * @csspart error - The error alert; `data-code` holds the CallError code.
 * @csspart error-text - The title, explanation and detail of the error.
 * @csspart error-title - The word "Error".
 * @csspart error-message - The localized explanation of the error code.
 * @csspart error-detail - The error's own message.
 * @csspart dismiss - The "Dismiss" button.
 * A one-to-one call reads "Call with {name}" (the name isolated for right-to-left text); a group call is
 * titled by the call: its room name, or "Group call", and how many people are in it ("Design review ·
 * 6 people", pluralized by the language's rules).
 *
 * @cssproperty [--call-status-error-background=var(--call-color-surface)] - Background of the error alert.
 */
export class CallStatus extends CallElement {
  static override styles = [tokens, styles];

  constructor() {
    super();
    // The timer ticks only while a connected call is shown.
    new DurationTicker(this, () => {
      const call = activeCall(this.snapshot);
      return call?.startedAt != null && isLive(call);
    });
  }

  protected override snapshotChanged(next: CallSnapshot, prev: CallSnapshot): boolean {
    return (
      next.connection !== prev.connection ||
      activeCall(next) !== activeCall(prev) ||
      next.lastEndedCall !== prev.lastEndedCall ||
      next.error !== prev.error
    );
  }

  /** "Call with {name}"; a group call by its room name (or "Group call") and head count, you included. */
  #party(call: Call) {
    const l = this.localize;
    const { mode } = this.snapshot.platform;
    // A call-control platform lists the agent among the participants; a media platform leaves you out.
    const people = call.participants.filter((p) => p.state !== 'disconnected').length + (mode === 'media' ? 1 : 0);
    const party = call.remoteParties[0];
    if (people > 2 || (!party && call.meta.room)) {
      return l.t('status.group-title', { title: call.meta.room || l.t('status.group'), people: l.plural('status.people', people) });
    }
    return l.withName('status.with', party?.displayName || party?.address || call.meta.room || l.t('status.unknown-party'));
  }

  protected override render() {
    const s = this.snapshot;
    const t = this.localize.t.bind(this.localize);
    const call = activeCall(s);
    const ended = s.lastEndedCall;
    const error = s.error;
    let body;
    if (call) {
      const state = call.direction === 'incoming' && call.state === 'ringing' ? t('state.incoming') : t(`state.${call.state}`);
      body = html`<span part="party">${this.#party(call)}</span>
        <span part="state" data-state=${call.state}>${state}</span>
        ${call.startedAt != null && isLive(call)
          ? html`<span part="timer" role="timer" aria-live="off">${formatDuration(Date.now() - call.startedAt)}</span>`
          : nothing}
        ${call.recording
          ? html`<span part="recording" data-state=${call.recordingPaused ? 'paused' : 'on'}
              >${icon(call.recordingPaused ? 'pause-recording' : 'recording')}${t(call.recordingPaused ? 'status.recording-paused' : 'status.recording')}</span
            >`
          : nothing}`;
    } else if (ended) {
      const code = ended.endReason?.code ?? 'hung-up';
      body = html`<span part="party">${this.#party(ended)}</span>
        <span part="end-reason" data-reason=${code}>${t(`end.${code}`)}</span>`;
    } else if (s.connection === 'connected') {
      body = html`<span part="idle">${t('status.no-call')}</span>`;
    }
    return html`<div part="status" role="status" aria-live="polite" aria-label=${t('status.label')}>
        ${s.connection !== 'connected'
          ? html`<span part="connection" data-state=${s.connection}>${t(`connection.${s.connection}`)}</span>`
          : nothing}
        ${body}
      </div>
      ${error
        ? html`<div part="error" role="alert" data-code=${error.code}>
            <p part="error-text">
              <strong part="error-title">${t('error.title')}</strong>
              <span part="error-message">${t(`error.${error.code}`)}</span>
              <span part="error-detail">${error.message}</span>
            </p>
            <button type="button" part="dismiss" @click=${() => this.callController?.clearError()}>${t('error.dismiss')}</button>
          </div>`
        : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'call-status': CallStatus;
  }
}

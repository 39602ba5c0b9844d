import { html, nothing, type TemplateResult } from 'lit';
import type { CallController } from '../../core/controller.js';
import { activeCall, hasCapability, isLive, isPending, type Call, type CallSnapshot, type Capability } from '../../core/state.js';
import type { StringKey } from '../../i18n/localize.js';
import { CallElement } from '../call-element.js';
import { tokens } from '../theme.styles.js';
import { styles } from './call-controls.styles.js';

interface Toggle {
  capability: Capability;
  label: StringKey;
  part: string;
  pressed: (call: Call) => boolean;
  /** Controller actions that, while pending, make the toggle busy. */
  actions: readonly string[];
  run: (controller: CallController, call: Call, on: boolean) => Promise<void>;
  /** Only meaningful once the call is live (holding a ringing call is not a thing). */
  liveOnly?: boolean;
}

const TOGGLES: readonly Toggle[] = [
  { capability: 'mute', label: 'controls.mute', part: 'mute', pressed: (c) => c.local.muted, actions: ['setMuted'], run: (k, c, on) => k.setMuted(on, c.id) },
  { capability: 'video', label: 'controls.camera', part: 'camera', pressed: (c) => c.local.video, actions: ['setVideo'], run: (k, c, on) => k.setVideo(on, c.id) },
  {
    capability: 'screen-share',
    label: 'controls.screen-share',
    part: 'screen-share',
    pressed: (c) => c.local.screenSharing,
    actions: ['setScreenShare'],
    run: (k, c, on) => k.setScreenShare(on, c.id),
    liveOnly: true,
  },
  {
    capability: 'hold',
    label: 'controls.hold',
    part: 'hold',
    pressed: (c) => c.local.held || c.state === 'on-hold',
    actions: ['hold', 'resume'],
    run: (k, c, on) => (on ? k.hold(c.id) : k.resume(c.id)),
    liveOnly: true,
  },
  {
    capability: 'record',
    label: 'controls.record',
    part: 'record',
    pressed: (c) => c.recording,
    actions: ['setRecording'],
    run: (k, c, on) => k.setRecording(on, c.id),
    liveOnly: true,
  },
];

/**
 * The active call's controls: toggle buttons with constant names and `aria-pressed` ("Mute", "Camera",
 * "Share screen", "Hold", "Record"), shown only where the call has the capability and disabled while their
 * action is pending (`aria-disabled`, so keyboard focus stays on the button); and "Hang up" (plus "End for everyone" where the platform can). Renders nothing while
 * there is no call to control (a ringing incoming call belongs to `<incoming-call>`).
 *
 * @csspart controls - The group around all buttons.
 * @csspart button - Every button.
 * @csspart toggle - Every toggle button; `[aria-pressed=true]` when on.
 * @csspart mute - The "Mute" toggle.
 * @csspart camera - The "Camera" toggle.
 * @csspart screen-share - The "Share screen" toggle.
 * @csspart hold - The "Hold" toggle.
 * @csspart record - The "Record" toggle.
 * @csspart hang-up - The "Hang up" button.
 * @csspart hang-up-everyone - The "End for everyone" button.
 * @cssproperty --gap - Space between buttons (default: `--call-space`).
 */
export class CallControls extends CallElement {
  static override styles = [tokens, styles];

  protected override snapshotChanged(next: CallSnapshot, prev: CallSnapshot): boolean {
    return activeCall(next) !== activeCall(prev) || next.pending !== prev.pending;
  }

  protected override render() {
    const s = this.snapshot;
    const call = activeCall(s);
    if (!call || (call.direction === 'incoming' && call.state === 'ringing')) return nothing;
    const t = this.localize.t.bind(this.localize);
    const live = isLive(call);
    const toggle = (def: Toggle): TemplateResult | typeof nothing => {
      if (!hasCapability(call, def.capability)) return nothing;
      const pressed = def.pressed(call);
      const busy = def.actions.some((a) => isPending(s, a, call.id));
      return html`<button
        type="button"
        part="button toggle ${def.part}"
        aria-pressed=${pressed ? 'true' : 'false'}
        aria-disabled=${busy || (def.liveOnly && !live) ? 'true' : 'false'}
        @click=${() => {
          if (!busy && (live || !def.liveOnly)) this.perform((k) => def.run(k, call, !pressed));
        }}
      >
        ${t(def.label)}
      </button>`;
    };
    const hangingUp = isPending(s, 'hangUp', call.id);
    return html`<div part="controls" role="group" aria-label=${t('controls.label')}>
      ${TOGGLES.map(toggle)}
      <button
        type="button"
        part="button hang-up"
        aria-disabled=${hangingUp ? 'true' : 'false'}
        @click=${() => hangingUp || this.perform((k) => k.hangUp(call.id))}
      >
        ${t('controls.hang-up')}
      </button>
      ${hasCapability(call, 'hang-up-for-everyone')
        ? html`<button
            type="button"
            part="button hang-up hang-up-everyone"
            aria-disabled=${hangingUp ? 'true' : 'false'}
            @click=${() => hangingUp || this.perform((k) => k.hangUp(call.id, { forEveryone: true }))}
          >
            ${t('controls.hang-up-everyone')}
          </button>`
        : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'call-controls': CallControls;
  }
}

import { html, nothing, type TemplateResult } from 'lit';
import type { CallController } from '../../core/controller.js';
import { ACTIONS, type ActionName } from '../../core/actions.js';
import { activeCall, hasCapability, isLive, isPending, type Call, type CallSnapshot, type Capability } from '../../core/state.js';
import type { StringKey } from '../../i18n/localize.js';
import { CallElement } from '../call-element.js';
import { icon, type IconName } from '../icons.js';
import { tokens } from '../theme.styles.js';
import { styles } from './call-controls.styles.js';

interface Toggle {
  capability: Capability;
  label: StringKey;
  part: string;
  pressed: (call: Call) => boolean;
  /** The icon while pressed, and while not; the part's name when unset. */
  icons?: readonly [on: IconName, off: IconName];
  /** Which state is a warning (the microphone muted, the camera off). */
  warnWhen?: boolean;
  /** Controller actions that, while pending, make the toggle busy. */
  actions: readonly ActionName[];
  run: (controller: CallController, call: Call, on: boolean) => Promise<void>;
  /** Only meaningful once the call is live (holding a ringing call is not a thing). */
  liveOnly?: boolean;
}

const TOGGLES: readonly Toggle[] = [
  { capability: 'mute', label: 'controls.mute', part: 'mute', pressed: (c) => c.local.muted, icons: ['mic-off', 'mic'], warnWhen: true, actions: [ACTIONS.setMuted], run: (k, c, on) => k.setMuted(on, c.id) },
  { capability: 'video', label: 'controls.camera', part: 'camera', pressed: (c) => c.local.video, icons: ['camera', 'camera-off'], warnWhen: false, actions: [ACTIONS.setVideo], run: (k, c, on) => k.setVideo(on, c.id) },
  {
    capability: 'screen-share',
    label: 'controls.screen-share',
    part: 'screen-share',
    pressed: (c) => c.local.screenSharing,
    actions: [ACTIONS.setScreenShare],
    run: (k, c, on) => k.setScreenShare(on, c.id),
    liveOnly: true,
  },
  {
    capability: 'hold',
    label: 'controls.hold',
    part: 'hold',
    pressed: (c) => c.local.held || c.state === 'on-hold',
    actions: [ACTIONS.hold, ACTIONS.resume],
    run: (k, c, on) => (on ? k.hold(c.id) : k.resume(c.id)),
    liveOnly: true,
  },
  {
    capability: 'record',
    label: 'controls.record',
    part: 'record',
    pressed: (c) => c.recording,
    actions: [ACTIONS.setRecording],
    run: (k, c, on) => k.setRecording(on, c.id),
    liveOnly: true,
  },
];

/**
 * The active call's controls: toggle buttons with constant names and `aria-pressed` ("Mute", "Camera",
 * "Share screen", "Hold", "Record"), shown only where the call has the capability and busy while their
 * action is pending (`aria-disabled`, so keyboard focus stays on the button, and a turning icon); and
 * "Hang up" (plus "End for everyone" where the platform can). Each button has an icon and its name as
 * text; when the element is narrower than 40rem the text is visually hidden (the names stay). A muted
 * microphone and a camera that is off are drawn as warnings, with a crossed-out icon. Renders nothing
 * while there is no call to control (a ringing incoming call belongs to `<incoming-call>`).
 *
 * @slot start - Extra controls before the built-in ones (shown with them, while there is a call).
 * @slot end - Extra controls after the built-in ones.
 * @csspart controls - The group around all buttons.
 * @csspart button - Every button; also `busy` while its action is pending.
 * @csspart toggle - Every toggle button; `[aria-pressed=true]` when on.
 * @csspart warning - A toggle in a state to warn about: "Mute" pressed, "Camera" not pressed.
 * @csspart busy - A button whose action is pending.
 * @csspart mute - The "Mute" toggle.
 * @csspart camera - The "Camera" toggle.
 * @csspart screen-share - The "Share screen" toggle.
 * @csspart hold - The "Hold" toggle.
 * @csspart record - The "Record" toggle.
 * @csspart hang-up - The "Hang up" button.
 * @csspart hang-up-everyone - The "End for everyone" button.
 * @csspart icon - A button's icon (an `<svg>`).
 * @csspart label - A button's text (visually hidden when narrow).
 * @cssproperty [--call-controls-gap=var(--call-space)] - Space between buttons.
 * @cssproperty [--call-controls-button-size=48px] - Smallest width and height of a button.
 * @cssproperty [--call-controls-warning-background=light-dark(#fce8e6, #4a1512)] - Background of a toggle in a warning state.
 * @cssproperty [--call-controls-warning-color=var(--call-color-danger)] - Text, icon and border colour of a toggle in a warning state.
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
    const content = (name: IconName, label: StringKey, busy: boolean) =>
      html`${icon(busy ? 'busy' : name)}<span part="label">${t(label)}</span>`;
    const toggle = (def: Toggle): TemplateResult | typeof nothing => {
      if (!hasCapability(call, def.capability)) return nothing;
      const pressed = def.pressed(call);
      const busy = def.actions.some((a) => isPending(s, a, call.id));
      const warn = def.warnWhen === pressed;
      return html`<button
        type="button"
        part="button toggle ${def.part}${warn ? ' warning' : ''}${busy ? ' busy' : ''}"
        aria-pressed=${pressed ? 'true' : 'false'}
        aria-disabled=${busy || (def.liveOnly && !live) ? 'true' : 'false'}
        @click=${() => {
          if (!busy && (live || !def.liveOnly)) this.perform((k) => def.run(k, call, !pressed));
        }}
      >
        ${content(def.icons?.[pressed ? 0 : 1] ?? (def.part as IconName), def.label, busy)}
      </button>`;
    };
    const hangingUp = isPending(s, ACTIONS.hangUp, call.id);
    const busyPart = hangingUp ? ' busy' : '';
    return html`<div part="controls" role="group" aria-label=${t('controls.label')}>
      <slot name="start"></slot>
      ${TOGGLES.map(toggle)}
      <button
        type="button"
        part="button hang-up${busyPart}"
        aria-disabled=${hangingUp ? 'true' : 'false'}
        @click=${() => hangingUp || this.perform((k) => k.hangUp(call.id))}
      >
        ${content('hang-up', 'controls.hang-up', hangingUp)}
      </button>
      ${hasCapability(call, 'hang-up-for-everyone')
        ? html`<button
            type="button"
            part="button hang-up hang-up-everyone${busyPart}"
            aria-disabled=${hangingUp ? 'true' : 'false'}
            @click=${() => hangingUp || this.perform((k) => k.hangUp(call.id, { forEveryone: true }))}
          >
            ${content('end-for-everyone', 'controls.hang-up-everyone', hangingUp)}
          </button>`
        : nothing}
      <slot name="end"></slot>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'call-controls': CallControls;
  }
}

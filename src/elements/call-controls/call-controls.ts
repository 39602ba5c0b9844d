import { adoptStyles, html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
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
  /** The button's part; its name is the string `controls.{part}`. */
  part: 'mute' | 'camera' | 'screen-share' | 'hold' | 'record' | 'pause-recording';
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
  /** Shown only while this holds, besides the capability (pausing needs a running recording). */
  when?: (call: Call) => boolean;
}

const TOGGLES: readonly Toggle[] = [
  { capability: 'mute', part: 'mute', pressed: (c) => c.local.muted, icons: ['mic-off', 'mic'], warnWhen: true, actions: [ACTIONS.setMuted], run: (k, c, on) => k.setMuted(on, c.id) },
  { capability: 'video', part: 'camera', pressed: (c) => c.local.video, icons: ['camera', 'camera-off'], warnWhen: false, actions: [ACTIONS.setVideo], run: (k, c, on) => k.setVideo(on, c.id) },
  {
    capability: 'screen-share',
    part: 'screen-share',
    pressed: (c) => c.local.screenSharing,
    actions: [ACTIONS.setScreenShare],
    run: (k, c, on) => k.setScreenShare(on, c.id),
    liveOnly: true,
  },
  {
    capability: 'hold',
    part: 'hold',
    pressed: (c) => c.local.held || c.state === 'on-hold',
    actions: [ACTIONS.hold, ACTIONS.resume],
    run: (k, c, on) => (on ? k.hold(c.id) : k.resume(c.id)),
    liveOnly: true,
  },
  {
    capability: 'record',
    part: 'record',
    pressed: (c) => c.recording,
    actions: [ACTIONS.setRecording],
    run: (k, c, on) => k.setRecording(on, c.id),
    liveOnly: true,
  },
  {
    capability: 'record-pause',
    part: 'pause-recording',
    pressed: (c) => c.recordingPaused === true,
    actions: [ACTIONS.setRecordingPaused],
    run: (k, c, on) => k.setRecordingPaused(on, c.id),
    liveOnly: true,
    when: (c) => c.recording,
  },
];

type PanelModule = typeof import('./call-panels.js');
type PanelName = 'transfer' | 'merge';

/** The user's other live calls, where `call` can be handed onto them (`consult-transfer`) or merged with them (`merge`). */
const otherCalls = (s: CallSnapshot, call: Call, capability: Capability): Call[] =>
  hasCapability(call, capability) ? s.calls.filter((c) => c.id !== call.id && isLive(c)) : [];

/**
 * The active call's controls: toggle buttons with constant names and `aria-pressed` ("Mute", "Camera",
 * "Share screen", "Hold", "Record", "Pause recording" while a recording runs), shown only where the call
 * has the capability and busy while their
 * action is pending (`aria-disabled`, so keyboard focus stays on the button, and a turning icon); and
 * "Hang up" (plus "End for everyone" where the platform can). Each button has an icon and its name as
 * text; when the element is narrower than 40rem the text is visually hidden (the names stay). A muted
 * microphone and a camera that is off are drawn as warnings, with a crossed-out icon. Renders nothing
 * while there is no call to control (a ringing incoming call belongs to `<incoming-call>`, a call in
 * after-call work to `<call-wrap-up>`).
 *
 * "Transfer" (where the call can be transferred) opens a panel, loaded on first use: a destination field
 * checked like `<call-dialer>`'s, "Transfer to {name}" for each other call where the platform transfers
 * onto another call (consultative transfer), Transfer and Cancel. Invalid input shows an inline error and
 * fires `call-error` (`invalid-argument`); Escape or Cancel close the panel and focus returns to
 * "Transfer". "Merge calls" (capability `merge`, with another live call) joins the other call into this one;
 * with more than one other call it opens a panel instead, "Merge with {name}" for each, and Cancel (the same
 * focus and Escape behaviour).
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
 * @csspart pause-recording - The "Pause recording" toggle (pressed while the recording is paused).
 * @csspart transfer - The "Transfer" button (`aria-expanded` while its panel is open).
 * @csspart merge - The "Merge calls" button (`aria-expanded` where it opens a panel).
 * @csspart merge-panel - The merge panel, with more than one other call.
 * @csspart merge-title - Its heading, "Merge calls".
 * @csspart merge-error - Why the merge did not happen (`data-code` holds the CallError code).
 * @csspart merge-actions - The panel's buttons.
 * @csspart merge-with - "Merge with {name}": joins that call into this one.
 * @csspart merge-cancel - The panel's "Cancel" button.
 * @csspart transfer-panel - The transfer panel.
 * @csspart transfer-title - Its heading, "Transfer call".
 * @csspart transfer-label - The destination field's label.
 * @csspart transfer-field - The destination field; `[aria-invalid=true]` after invalid input.
 * @csspart transfer-error - Why the transfer did not happen (`data-code` holds the CallError code).
 * @csspart transfer-actions - The panel's buttons.
 * @csspart transfer-to-call - "Transfer to {name}": a consultative transfer onto that call.
 * @csspart transfer-submit - The panel's "Transfer" button.
 * @csspart transfer-cancel - The panel's "Cancel" button.
 * @csspart hang-up - The "Hang up" button.
 * @csspart hang-up-everyone - The "End for everyone" button.
 * @csspart icon - A button's icon (an `<svg>`).
 * @csspart label - A button's text (visually hidden when narrow).
 * @cssproperty [--call-controls-gap=var(--call-space)] - Space between buttons.
 * @cssproperty [--call-controls-button-size=48px] - Smallest width and height of a button.
 * @cssproperty [--call-controls-warning-background=light-dark(#fce8e6, #4a1512)] - Background of a toggle in a warning state.
 * @cssproperty [--call-controls-warning-color=var(--call-color-danger)] - Text, icon and border colour of a toggle in a warning state.
 * @fires call-error - The transfer destination is not valid. `detail: { error }`, `error.code` `invalid-argument`
 *   (failures of the platform come from the controller, through `<call-session>`).
 */
export class CallControls extends CallElement {
  static override styles = [tokens, styles];

  /** ISO 3166 country for transfer numbers typed without a country code (`US`, `DE`, …). */
  @property({ attribute: 'default-country' }) defaultCountry: string | undefined;

  /** The panel that is open, and for which call. */
  @state() private open: { name: PanelName; callId: string } | null = null;

  #panels: { transfer: InstanceType<PanelModule['TransferPanel']>; merge: InstanceType<PanelModule['MergePanel']> } | undefined;

  protected override snapshotChanged(next: CallSnapshot, prev: CallSnapshot): boolean {
    return next.calls !== prev.calls || next.activeCallId !== prev.activeCallId || next.pending !== prev.pending;
  }

  async #openPanel(name: PanelName, callId: string): Promise<void> {
    if (!this.#panels) {
      const module = await import('./call-panels.js');
      adoptStyles(this.renderRoot as ShadowRoot, [...CallControls.elementStyles, ...module.callPanelStyles]);
      const env = { localize: this.localize, controller: () => this.callController, defaultCountry: () => this.defaultCountry, close: () => this.#closePanel() };
      this.#panels = { transfer: new module.TransferPanel(this, env), merge: new module.MergePanel(this, env) };
    }
    this.#panels[name].reset();
    this.open = { name, callId };
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#${name}-panel input, #${name}-panel button`)?.focus();
  }

  /** Closes the open panel; focus goes back to the button that opened it. */
  #closePanel(): void {
    const opener = this.open?.name;
    this.open = null;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`[part~="${opener}"]`)?.focus());
  }

  /**
   * "Transfer" or "Merge calls": opens its panel (or closes it when open); with `act`, acts at once instead
   * (a merge with only one call to merge with).
   */
  #opener(name: PanelName, call: Call, live: boolean, busy: boolean, content: TemplateResult, act?: () => unknown) {
    const open = this.open?.name === name && this.open.callId === call.id;
    return html`<button
      type="button"
      part="button ${name}${busy ? ' busy' : ''}"
      .ariaExpanded=${act ? null : open ? 'true' : 'false'}
      aria-controls=${act ? nothing : `${name}-panel`}
      aria-disabled=${live && !busy ? 'false' : 'true'}
      @click=${() => (open ? this.#closePanel() : live && !busy && (act ? act() : void this.#openPanel(name, call.id)))}
    >
      ${content}
    </button>`;
  }

  protected override render() {
    const s = this.snapshot;
    const call = activeCall(s);
    if (!call || (call.direction === 'incoming' && call.state === 'ringing') || call.state === 'wrap-up') return nothing;
    const t = this.localize.t.bind(this.localize);
    const live = isLive(call);
    const content = (name: IconName, label: StringKey, busy: boolean) =>
      html`${icon(busy ? 'busy' : name)}<span part="label">${t(label)}</span>`;
    const toggle = (def: Toggle): TemplateResult | typeof nothing => {
      if (!hasCapability(call, def.capability) || def.when?.(call) === false) return nothing;
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
        ${content(def.icons?.[pressed ? 0 : 1] ?? (def.part as IconName), `controls.${def.part}`, busy)}
      </button>`;
    };
    const hangingUp = isPending(s, ACTIONS.hangUp, call.id);
    // `open` is set only once the panels have loaded.
    const open = this.open?.callId === call.id ? this.open.name : null;
    const consults = otherCalls(s, call, 'consult-transfer');
    const merges = otherCalls(s, call, 'merge');
    const merging = isPending(s, ACTIONS.mergeCalls, call.id);
    const busyPart = hangingUp ? ' busy' : '';
    return html`<div part="controls" role="group" aria-label=${t('controls.label')}>
      <slot name="start"></slot>
      ${TOGGLES.map(toggle)}
      ${hasCapability(call, 'transfer') || consults.length ? this.#opener('transfer', call, live, false, content('transfer', 'controls.transfer', false)) : nothing}
      ${merges.length
        ? this.#opener('merge', call, live, merging, content('merge', 'controls.merge', merging), merges.length > 1 ? undefined : () => this.perform((k) => k.mergeCalls(merges[0]!.id, call.id)))
        : nothing}
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
    </div>
    ${open === 'transfer' ? this.#panels!.transfer.render(s, call, consults) : open === 'merge' ? this.#panels!.merge.render(s, call, merges) : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'call-controls': CallControls;
  }
}

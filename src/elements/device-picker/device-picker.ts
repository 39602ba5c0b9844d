import { css, html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { CallController } from '../../core/controller.js';
import { PREVIEW_STREAM } from '../../core/view.js';
import { ACTIONS } from '../../core/actions.js';
import { isPending, type CallSnapshot, type DeviceInfo, type DeviceKind } from '../../core/state.js';
import { CallElement } from '../call-element.js';
import { MediaViews } from '../media-views.js';
import { tokens } from '../theme.styles.js';

/**
 * Microphone, camera and speaker selection, kept in step with plugged and unplugged devices. Asks for
 * permission while it is not granted and says how to fix it when it was denied. A change during a call
 * switches the source without dropping the call. With `preview`, shows the selected camera.
 *
 * @csspart base - The wrapper.
 * @csspart allow - The "Allow camera and microphone" button.
 * @csspart denied - The message shown when access was denied.
 * @csspart field - The label and select of one device kind; also `microphone`, `camera` or `speaker`.
 * @csspart select - A device select.
 * @csspart preview - The box the camera preview is rendered into.
 * @cssproperty [--device-picker-preview-width=100%] - Width of the camera preview; set it on the element.
 */
export class DevicePicker extends CallElement {
  static override styles = [
    tokens,
    css`
      :host {
        --device-picker-preview-width: 100%;
        display: block;
      }
      [part='base'] {
        display: grid;
        gap: var(--_space);
      }
      [part~='field'] {
        display: grid;
        gap: 2px;
        min-width: 0;
      }
      /* Long device names must not widen the picker past a phone's width. */
      select {
        width: 100%;
        min-width: 0;
        text-overflow: ellipsis;
      }
      [part='denied'] {
        margin: 0;
        color: var(--_danger);
      }
      [part='preview'] {
        width: var(--device-picker-preview-width);
        aspect-ratio: 16 / 9;
        border-radius: var(--_radius);
        overflow: hidden;
        background: var(--_tile-bg);
      }
    `,
  ];

  /** Show the selected camera. */
  @property({ type: Boolean, reflect: true }) preview = false;

  #views = new MediaViews(this);

  protected override snapshotChanged(next: CallSnapshot, prev: CallSnapshot): boolean {
    return (
      next.devices !== prev.devices ||
      next.permissions !== prev.permissions ||
      next.platform !== prev.platform ||
      next.pending !== prev.pending ||
      next.connection !== prev.connection
    );
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.requestUpdate(); // the preview was released on disconnect
  }

  protected override render() {
    const t = this.localize.t.bind(this.localize);
    const s = this.snapshot;
    const { permissions: p, devices: d, platform } = s;
    const can = platform.capabilities.includes.bind(platform.capabilities);
    const denied = p.camera === 'denied' || p.microphone === 'denied';
    const granted = p.camera === 'granted' && p.microphone === 'granted';
    return html`<div part="base" role="group" aria-label=${t('devices.label')}>
      ${denied
        ? html`<p part="denied" role="alert">${t('devices.denied')}</p>`
        : granted || platform.mode !== 'media' || s.connection === 'failed'
          ? nothing
          : html`<button
              part="allow"
              ?disabled=${isPending(s, ACTIONS.requestPermissions)}
              @click=${() => this.perform((c) => c.requestPermissions({ audio: true, video: true }))}
            >
              ${t('devices.allow')}
            </button>`}
      ${can('device-select') ? [this.#field('microphone', d.microphones, d.selected.microphone), this.#field('camera', d.cameras, d.selected.camera)] : nothing}
      ${can('speaker-select') ? this.#field('speaker', d.speakers, d.selected.speaker) : nothing}
      ${this.preview ? html`<div part="preview" role="img" aria-label=${t('devices.preview')}></div>` : nothing}
    </div>`;
  }

  #field(kind: DeviceKind, list: readonly DeviceInfo[], selected: string | null) {
    const t = this.localize.t.bind(this.localize);
    const label = t(`devices.${kind}`);
    return html`<div part="field ${kind}">
      <label for=${kind}>${label}</label>
      <select
        id=${kind}
        part="select"
        ?disabled=${!list.length || isPending(this.snapshot, ACTIONS.selectDevice)}
        @change=${(e: Event) => this.perform((c) => c.selectDevice(kind, (e.target as HTMLSelectElement).value))}
      >
        ${list.length
          ? list.map(
              (device, i) =>
                // Before permission is granted browsers hide device names: number them instead.
                html`<option value=${device.id} ?selected=${device.id === selected}>${device.label || t('devices.unnamed', { kind: label, n: i + 1 })}</option>`,
            )
          : html`<option>${t('devices.none')}</option>`}
      </select>
    </div>`;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.#syncPreview();
  }

  /** The preview view lives while `preview` is set, the camera is allowed and the element is attached. */
  #syncPreview(): void {
    const s = this.snapshot;
    const controller: CallController | undefined =
      // Devices need no signaling connection: an ACS pre-call screen (no token yet) is `disconnected`.
      this.preview && this.isConnected && s.connection !== 'failed' && s.permissions.camera === 'granted' ? this.callController : undefined;
    // Keyed by the camera too: another camera is a new view.
    const key = `${PREVIEW_STREAM.id}/${s.devices.selected.camera}`;
    this.#views.sync(controller, [{ key, stream: PREVIEW_STREAM, options: { mirrored: true } }]);
    this.#views.place(key, this.renderRoot.querySelector('[part="preview"]'));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'device-picker': DevicePicker;
  }
}

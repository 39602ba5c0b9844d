import { ContextProvider } from '@lit/context';
import { html, LitElement, css } from 'lit';
import { property, state } from 'lit/decorators.js';
import { callControllerContext } from '../../core/context.js';
import { CALL_EVENTS, CallController } from '../../core/controller.js';
import { CallError } from '../../core/errors.js';
import type { ProviderConfig } from '../../core/provider.js';
import { loadProvider } from '../../providers/registry.js';
import { unavailableProvider } from '../../providers/unavailable.js';

/**
 * The context root of a call UI: creates the CallController for its provider and hands it to every
 * call element inside it. Two sessions on one page are fully independent.
 *
 * @slot - The call elements and any page content.
 * @fires call-state-change - A call's state changed. `detail: { call, previousState }`.
 * @fires call-incoming - A call is ringing in. `detail: { call }`.
 * @fires call-ended - A call ended. `detail: { call }` with `call.endReason`.
 * @fires call-error - An action or the platform failed. `detail: { error: CallError }` with a stable `error.code`.
 * @fires call-connection-change - The connection to the platform changed. `detail: { state }`.
 * @fires call-session-ready - The controller for the current provider exists. `detail: { controller }`.
 */
export class CallSession extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  /**
   * The platform: `local` (the default: browser-to-browser calls through the bundled signaling server),
   * `simulated`, `acs`, `kandy`, `genesys`, `jambonz`, or one a page registered.
   */
  @property({ reflect: true }) provider = 'local';

  /** Simulated provider: the scripted situation (`idle`, `incoming`, `one-to-one`, `group`, …). */
  @property() scenario: string | undefined;

  /** Simulated provider: remote participants in a group scenario, 1–49 (outside: clamped, with a console warning; not a number: `invalid-argument`). */
  @property({ type: Number }) participants: number | undefined;

  /** The local user's display name. */
  @property({ attribute: 'display-name' }) displayName: string | undefined;

  /** Local provider: the signaling server URL (default: this page's origin, `/signal`). */
  @property() server: string | undefined;

  /** Local provider: the user name to sign in with. */
  @property() user: string | undefined;

  /** Secrets, callbacks and platform settings. Never put tokens in attributes. */
  @property({ attribute: false }) providerOptions: Readonly<Record<string, unknown>> = {};

  /** Inject a ready controller (the page owns it; the session does not dispose it). */
  @property({ attribute: false }) controller: CallController | undefined;

  @state()
  private provided: CallController | undefined;

  #context = new ContextProvider(this, { context: callControllerContext });

  #owned: CallController | undefined;
  #generation = 0;
  #teardownQueued = false;
  #setupQueued = false;
  #forward = (event: Event): void => {
    const { detail } = event as CustomEvent<unknown>;
    this.dispatchEvent(new CustomEvent(event.type, { detail, bubbles: true, composed: true }));
  };

  /** The controller currently provided to the elements inside. */
  get callController(): CallController | undefined {
    return this.provided;
  }

  /** Resolves with the controller once one exists for the current configuration. */
  whenReady(): Promise<CallController> {
    if (this.provided) return Promise.resolve(this.provided);
    return new Promise((resolve) => {
      this.addEventListener('call-session-ready', (e) => resolve((e as CustomEvent<{ controller: CallController }>).detail.controller), {
        once: true,
      });
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#teardownQueued = false; // moved in the DOM: keep the call
    if (!this.provided) this.#queueSetup();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#teardownQueued = true;
    queueMicrotask(() => {
      if (this.#teardownQueued && !this.isConnected) void this.#teardown();
    });
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    // Every reactive property but the provided controller is configuration: a change rebuilds.
    if (this.hasUpdated && this.provided && [...changed.keys()].some((key) => key !== 'provided')) {
      void this.#teardown().then(() => this.#queueSetup());
    }
  }

  protected override render() {
    return html`<slot></slot>`;
  }

  #queueSetup(): void {
    if (this.#setupQueued) return;
    this.#setupQueued = true;
    // A microtask later, so properties set right after the element is attached are seen.
    queueMicrotask(() => {
      this.#setupQueued = false;
      if (this.isConnected && !this.provided) void this.#setup();
    });
  }

  async #setup(): Promise<void> {
    const generation = ++this.#generation;
    if (this.controller) {
      this.#provide(this.controller);
      return;
    }
    const name = this.provider || 'local'; // provider="" means the default
    let controller: CallController;
    try {
      const factory = await loadProvider(name);
      const provider = await factory(this.#config());
      if (generation !== this.#generation || !this.isConnected) {
        await provider.disconnect();
        return;
      }
      controller = new CallController(provider);
    } catch (error) {
      if (generation !== this.#generation) return;
      controller = new CallController(unavailableProvider(name, CallError.from(error, 'invalid-argument', { action: 'connect' })));
    }
    this.#owned = controller;
    this.#provide(controller);
    controller.connect().catch(() => undefined); // reported through call-error and the snapshot
  }

  #provide(controller: CallController): void {
    for (const type of CALL_EVENTS) controller.addEventListener(type, this.#forward);
    this.provided = controller;
    this.#context.setValue(controller);
    this.dispatchEvent(new CustomEvent('call-session-ready', { detail: { controller }, bubbles: true, composed: true }));
  }

  async #teardown(): Promise<void> {
    this.#generation++;
    const controller = this.provided;
    this.provided = undefined;
    this.#context.setValue(undefined);
    if (controller) for (const type of CALL_EVENTS) controller.removeEventListener(type, this.#forward);
    const owned = this.#owned;
    this.#owned = undefined;
    if (owned) await owned.dispose();
  }

  #config(): ProviderConfig {
    const { providerOptions, displayName, scenario, participants, server, user } = this;
    return { options: providerOptions ?? {}, displayName, scenario, participants, server, user };
  }

}

declare global {
  interface HTMLElementTagNameMap {
    'call-session': CallSession;
  }
}

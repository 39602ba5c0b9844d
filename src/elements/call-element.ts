/**
 * The base of every "connected" element: finds its CallController (an explicit `.controller` wins over
 * the one provided by the nearest `<call-session>`), re-renders when the snapshot changes, and localizes.
 */
import { ContextConsumer } from '@lit/context';
import { LitElement } from 'lit';
import { property, state } from 'lit/decorators.js';
import { attachContextRoot, callControllerContext } from '../core/context.js';
import type { CallController } from '../core/controller.js';
import { initialSnapshot, type CallSnapshot } from '../core/state.js';
import { LocalizeController } from '../i18n/localize.js';

attachContextRoot();

const EMPTY = initialSnapshot();

/** Each `call-*` event's detail type, by name, from the DOM's `HTMLElementEventMap`. */
export type CallEventDetails = {
  [K in keyof HTMLElementEventMap as K extends `call-${string}` ? K : never]: HTMLElementEventMap[K] extends CustomEvent<infer D> ? D : never;
};

/**
 * The elements inherit `color-scheme` (an ancestor's value wins). Where nothing above sets one, the
 * inherited value is `normal`, which renders light even on a dark system: then the element follows the
 * system instead (`:host(:state(follow-system-scheme))` in theme.styles.ts). A custom state rather than an
 * attribute or inline style, so a page's own rule on the element still wins. Decided once per connect (after
 * the first render), not on every render (getComputedStyle costs a style pass); a scheme set later on an
 * ancestor that had none at connect reaches the element when it reconnects.
 */
export function followSystemScheme(host: HTMLElement, states: CustomStateSet): void {
  states.delete('follow-system-scheme');
  // '' while the element is not rendered (a host above has not slotted it yet): nothing known, so the system.
  const inherited = host.isConnected ? getComputedStyle(host).colorScheme : 'unknown';
  if (inherited === 'normal' || inherited === '') states.add('follow-system-scheme');
}

export class CallElement extends LitElement {
  /** The controller from the nearest `<call-session>`. */
  @state()
  protected contextController: CallController | undefined;

  /** A controller to use instead of the one from the enclosing `<call-session>`. */
  @property({ attribute: false })
  controller: CallController | undefined;

  protected readonly localize = new LocalizeController(this);

  /** The element's internals (one per element): subclasses set their custom states here. */
  protected readonly internals = this.attachInternals();

  constructor() {
    super();
    // The ContextConsumer itself rather than the @consume decorator that wraps it: smaller, same behaviour.
    new ContextConsumer(this, {
      context: callControllerContext,
      subscribe: true,
      callback: (controller) => (this.contextController = controller),
    });
  }

  #subscribedTo: CallController | undefined;
  #unsubscribe: (() => void) | undefined;
  #seen: CallSnapshot = EMPTY;

  /** The controller in force: the explicit one, else the context's. */
  get callController(): CallController | undefined {
    return this.controller ?? this.contextController;
  }

  /** The snapshot to render from (an empty one while no controller is known). */
  protected get snapshot(): CallSnapshot {
    return this.callController?.snapshot ?? EMPTY;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // After this element's render, by when an enclosing <call-session> (earlier in tree order) has slotted it.
    void this.updateComplete.then(() => followSystemScheme(this, this.internals.states));
    this.#syncSubscription();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#subscribedTo = undefined;
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    this.#syncSubscription();
    this.#seen = this.snapshot;
  }

  /**
   * Whether a new snapshot needs a render. Elements override this to compare only the parts they show;
   * identity is preserved for unchanged parts, so `!==` is enough.
   */
  protected snapshotChanged(next: CallSnapshot, prev: CallSnapshot): boolean {
    return next !== prev;
  }

  /** Runs a controller action from a user gesture. Failures are already in the snapshot and fired as `call-error`. */
  protected perform(action: (controller: CallController) => Promise<unknown>): void {
    const controller = this.callController;
    if (!controller) return;
    action(controller).catch(() => undefined);
  }

  /**
   * Fires a bubbling, composed, cancelable `call-*` event; false when a listener called preventDefault().
   * The name is checked against `HTMLElementEventMap` (each element declares its own events there) and the
   * detail against that entry's type.
   */
  protected emit<K extends keyof CallEventDetails>(type: K, detail: CallEventDetails[K]): boolean {
    return this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable: true }));
  }

  #syncSubscription(): void {
    const controller = this.isConnected ? this.callController : undefined;
    if (controller === this.#subscribedTo) return;
    this.#unsubscribe?.();
    this.#subscribedTo = controller;
    this.#unsubscribe = controller?.subscribe((snapshot) => {
      if (this.snapshotChanged(snapshot, this.#seen)) this.requestUpdate();
    });
  }
}

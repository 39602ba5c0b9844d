/**
 * Types the bubbling `call-*` events in the DOM's own `HTMLElementEventMap`, so `addEventListener`, Angular's
 * `$event` and every framework typing below see their `detail`.
 */
import type { CallConnectionChangeDetail, CallEndedDetail, CallErrorDetail, CallIncomingDetail, CallStateChangeDetail } from '../core/controller.js';
import type { CallDialDetail } from '../elements/call-dialer/call-dialer.js';
import type * as CallElementsModule from '../define.js';

declare global {
  interface HTMLElementEventMap {
    'call-state-change': CustomEvent<CallStateChangeDetail>;
    'call-incoming': CustomEvent<CallIncomingDetail>;
    'call-ended': CustomEvent<CallEndedDetail>;
    'call-error': CustomEvent<CallErrorDetail>;
    'call-connection-change': CustomEvent<CallConnectionChangeDetail>;
    'call-dial': CustomEvent<CallDialDetail>;
  }
}

/** Every `call-*` event in `HTMLElementEventMap`, including those an element declares itself. */
export type CallElementEventMap = {
  [K in keyof HTMLElementEventMap as K extends `call-${string}` ? K : never]: HTMLElementEventMap[K];
};

/**
 * Every export of `call-elements/define`. Referencing the module keeps it in the declaration output, and
 * with it each element's `HTMLElementTagNameMap` entry, so the framework typings work on their own.
 */
export type CallElementsDefinitions = typeof CallElementsModule;

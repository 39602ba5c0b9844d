import { ContextRoot, createContext } from '@lit/context';
import type { CallController } from './controller.js';

/** The context key `<call-session>` provides its controller under. A string key works across bundles. */
export const callControllerContext = createContext<CallController | undefined>('call-elements:controller');

let rootAttached = false;

/**
 * A ContextRoot on the document: an element that upgrades before its `<call-session>` (CDN load order)
 * has its request replayed when the session's provider appears.
 */
export function attachContextRoot(): void {
  if (rootAttached || typeof document === 'undefined') return;
  rootAttached = true;
  new ContextRoot().attach(document.documentElement);
}

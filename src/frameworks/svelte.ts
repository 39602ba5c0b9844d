/**
 * Svelte 5 typings for every call-elements tag (`import type {} from 'call-elements/svelte'` once,
 * checked by svelte-check). Svelte 5 sets an attribute as a property when the element has that property
 * (so define the tags before mounting) and turns `on<event-name>` into `addEventListener('<event-name>')`.
 */
import type { HTMLAttributes } from 'svelte/elements';
import type { CallElementEventListeners, CallElementProperties, CallElementTagName } from './tags.js';
import type {} from './events.js';

/** The attributes of one tag in a Svelte template. */
export type CallElementSvelteAttributes<T extends HTMLElement> = Omit<HTMLAttributes<T>, keyof CallElementProperties<T>> &
  CallElementProperties<T> &
  CallElementEventListeners;

type CallElementsSvelteElements = {
  [Tag in CallElementTagName]: CallElementSvelteAttributes<HTMLElementTagNameMap[Tag]>;
};

declare module 'svelte/elements' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- interface merging is the only way in
  interface SvelteHTMLElements extends CallElementsSvelteElements {}
}

/**
 * Vue 3 typings for every call-elements tag (`import type {} from 'call-elements/vue'` once, checked by
 * vue-tsc), and `isCallElementTag` for `compilerOptions.isCustomElement`, without which Vue tries to
 * resolve the tags as Vue components.
 */
import type { EmitFn, HTMLAttributes, PublicProps } from 'vue';
import type { CallElementEventMap } from './events.js';
import type { CallElementProperties, CallElementTagName } from './tags.js';

export { CALL_ELEMENT_TAGS, isCallElementTag } from './tags.js';

type CallElementEmit = EmitFn<{ [K in keyof CallElementEventMap]: (event: CallElementEventMap[K]) => void }>;

/**
 * A custom element as Vue's template checker sees a component (the shape the Vue docs recommend):
 * props from the element's own properties, events from the `call-*` event map.
 */
export type DefineCallElement<T extends HTMLElement> = new () => T & {
  /** @deprecated For template type checking only; not a real property of the element. */
  $props: HTMLAttributes & CallElementProperties<T> & PublicProps;
  /** @deprecated For template type checking only; not a real property of the element. */
  $emit: CallElementEmit;
};

type CallElementComponents = {
  [Tag in CallElementTagName]: DefineCallElement<HTMLElementTagNameMap[Tag]>;
};

declare module 'vue' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- interface merging is the only way in
  interface GlobalComponents extends CallElementComponents {}
}

/**
 * React 19 JSX typings for every call-elements tag: `import type {} from 'call-elements/react'` once.
 * React 19 sets a custom element's props as properties when the element has them (so define the tags
 * before the first render) and turns `on<event-name>` props into `addEventListener('<event-name>')`.
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { CallElementEventListeners, CallElementProperties, CallElementTagName } from './tags.js';
import type {} from './events.js';

/** The JSX props of one tag: React's HTML props, the element's own properties, `on<call-event>` listeners. */
export type CallElementJsxProps<T extends HTMLElement> = Omit<DetailedHTMLProps<HTMLAttributes<T>, T>, keyof CallElementProperties<T>> &
  CallElementProperties<T> &
  CallElementEventListeners;

type CallElementsIntrinsicElements = {
  [Tag in CallElementTagName]: CallElementJsxProps<HTMLElementTagNameMap[Tag]>;
};

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- React declares its JSX types in this namespace
  namespace JSX {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- interface merging is the only way in
    interface IntrinsicElements extends CallElementsIntrinsicElements {}
  }
}

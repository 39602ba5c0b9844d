/**
 * The tag names of call-elements and the type helpers every framework typing builds on. This module has
 * no runtime dependency (no Lit, no DOM), so a bundler or compiler config running in Node can import it.
 */
import type { LitElement } from 'lit';
import type { CallElementEventMap } from './events.js';

/** Every tag the package defines (`call-elements/define`). */
export const CALL_ELEMENT_TAGS = [
  'call-session',
  'call-dialer',
  'call-controls',
  'device-picker',
  'participant-list',
  'video-grid',
  'call-list',
  'incoming-call',
  'call-status',
] as const;

/** Whether a tag is one of ours: for Vue's `compilerOptions.isCustomElement`. */
export function isCallElementTag(tag: string): boolean {
  return (CALL_ELEMENT_TAGS as readonly string[]).includes(tag);
}

/**
 * The tags that are really registered in `HTMLElementTagNameMap` by the element classes, so a framework
 * typing never names an element that does not exist, and a new element shows up by itself.
 */
export type CallElementTagName = Extract<keyof HTMLElementTagNameMap, (typeof CALL_ELEMENT_TAGS)[number]>;

type IfEquals<X, Y, A, B> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? A : B;
type WritableKeys<T> = {
  [K in keyof T]-?: IfEquals<{ [Q in K]: T[K] }, { -readonly [Q in K]: T[K] }, K, never>;
}[keyof T];

/**
 * The properties a page may set on element `T`, read from the class itself: its own (and CallElement's)
 * public, writable, non-method members; everything LitElement/HTMLElement already has is left out.
 */
export type CallElementProperties<T> = {
  [K in Exclude<WritableKeys<T>, keyof LitElement> as T[K] extends (...args: never[]) => unknown ? never : K]?: T[K];
};

/** `on<event-name>` listener props (React 19 and Svelte 5 spelling) for every `call-*` event. */
export type CallElementEventListeners = {
  [K in keyof CallElementEventMap as `on${K}`]?: (event: CallElementEventMap[K]) => void;
};

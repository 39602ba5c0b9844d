/**
 * Angular typings: with `strictTemplates`, Angular types `$event` of `(call-error)="…"` from
 * `HTMLElementEventMap`, which this module extends with every `call-*` event. Templates still need
 * `schemas: [CUSTOM_ELEMENTS_SCHEMA]`, since Angular does not know the tags.
 */
export type { CallElementEventMap } from './events.js';
export type { CallElementTagName } from './tags.js';
export { CALL_ELEMENT_TAGS } from './tags.js';

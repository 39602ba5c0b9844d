/**
 * call-elements: every class, type and helper, without defining any tag. Import `call-elements/define`
 * (or a per-element `define` module) to register the tags.
 */
export * from './core/index.js';
export { CallElement } from './elements/call-element.js';
export { CallSession } from './elements/call-session/call-session.js';
export { defineElement } from './elements/define-element.js';
export { registerProvider, providerNames, loadProvider } from './providers/registry.js';
export { setTranslations, translate, availableLanguages, loadLanguage, resolveLang, LocalizeController, type StringKey } from './i18n/localize.js';

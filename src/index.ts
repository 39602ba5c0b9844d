/**
 * call-elements: every class, type and helper, without defining any tag. Import `call-elements/define`
 * (or a per-element `define` module) to register the tags.
 */
export * from './core/index.js';
export { CallElement } from './elements/call-element.js';
export { CallSession } from './elements/call-session/call-session.js';
export { CallDialer, type CallDialDetail } from './elements/call-dialer/call-dialer.js';
export { CallControls } from './elements/call-controls/call-controls.js';
export { CallStatus } from './elements/call-status/call-status.js';
export { IncomingCall } from './elements/incoming-call/incoming-call.js';
export { VideoGrid, type CallPinChangeDetail } from './elements/video-grid/video-grid.js';
export { ParticipantList } from './elements/participant-list/participant-list.js';
export { CallList, type CallSelectDetail } from './elements/call-list/call-list.js';
export { DevicePicker } from './elements/device-picker/device-picker.js';
export { CallWrapUp } from './elements/call-wrap-up/call-wrap-up.js';
export { icon, setIcons, type IconName, type IconDefinition } from './elements/icons.js';
export { defineElement } from './elements/define-element.js';
export { registerProvider, providerNames, loadProvider } from './providers/registry.js';
export {
  setTranslations,
  translate,
  translatePlural,
  availableLanguages,
  loadLanguage,
  resolveLang,
  LocalizeController,
  type StringKey,
  type PluralKey,
  type PluralFormKey,
} from './i18n/localize.js';

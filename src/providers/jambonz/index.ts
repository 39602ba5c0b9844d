import type { ProviderFactory } from '../../core/provider.js';
import { JambonzProvider } from './jambonz-provider.js';

export { JambonzProvider } from './jambonz-provider.js';
export type { JambonzOptions, PollClock } from './jambonz-options.js';
export { DTMF_GAP_MS, DTMF_PAUSE_MS, DTMF_TONE_MS } from './jambonz-dtmf.js';
export {
  JambonzApi,
  apiRoot,
  errorForStatus,
  type JambonzCall,
  type JambonzCallStatus,
  type JambonzCreateCall,
  type JambonzListFilter,
  type JambonzRecord,
  type JambonzTarget,
  type JambonzUpdate,
  type JambonzWebhook,
} from './jambonz-api.js';
export { capabilitiesFor, guessKind, toCall, toCallState, toEndReason, toTarget, type JambonzFeatures, type LegState } from './jambonz-mapping.js';

export const createProvider: ProviderFactory = (config) => new JambonzProvider(config);

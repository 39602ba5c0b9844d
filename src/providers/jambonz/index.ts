import type { ProviderFactory } from '../../core/provider.js';
import { JambonzProvider } from './jambonz-provider.js';

export { JambonzProvider, type JambonzOptions, type PollClock } from './jambonz-provider.js';
export {
  JambonzApi,
  apiRoot,
  errorForStatus,
  type JambonzCall,
  type JambonzCallStatus,
  type JambonzCreateCall,
  type JambonzListFilter,
  type JambonzTarget,
  type JambonzUpdate,
  type JambonzWebhook,
} from './jambonz-api.js';
export { capabilitiesFor, guessKind, toCall, toCallState, toEndReason, toTarget, type LegState } from './jambonz-mapping.js';

export const createProvider: ProviderFactory = (config) => new JambonzProvider(config);

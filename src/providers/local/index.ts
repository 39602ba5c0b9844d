import type { ProviderFactory } from '../../core/provider.js';
import { LocalProvider } from './local-provider.js';

export { LocalProvider, signalingUrl, type LocalOptions, type PresenceChangeDetail } from './local-provider.js';
export type { PresenceEntry } from './protocol.js';

export const createProvider: ProviderFactory = (config) => new LocalProvider(config);

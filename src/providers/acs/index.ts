import type { ProviderFactory } from '../../core/provider.js';
import { AcsProvider } from './acs-provider.js';

export { AcsProvider, ACS_DESTINATIONS, GROUP_CAPABILITIES, ONE_TO_ONE_CAPABILITIES, type AcsOptions } from './acs-provider.js';
export { AcsMediaView } from './acs-view.js';
export * from './mapping.js';
export { loadAcsSdk, type AcsSdk, type AcsSdkSource } from './sdk.js';

export const createProvider: ProviderFactory = (config) => new AcsProvider(config);

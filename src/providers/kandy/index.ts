import type { ProviderFactory } from '../../core/provider.js';
import { KandyProvider } from './kandy-provider.js';

export { KandyProvider, readKandyOptions, type KandyOptions, type KandyTokens } from './kandy-provider.js';
export { KandyTrackView } from './kandy-view.js';
export { KANDY_CALL_STATES, KANDY_EVENTS, loadKandy, type KandyClient, type KandyFactory, type KandySdkSource } from './kandy-sdk.js';

export const createProvider: ProviderFactory = (config) => new KandyProvider(config);

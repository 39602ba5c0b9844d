import type { ProviderFactory } from '../../core/provider.js';
import { GenesysProvider } from './genesys-provider.js';

export { GenesysProvider } from './genesys-provider.js';
export type { GenesysOptions, GenesysToken } from './genesys-options.js';
export type { GenesysGateway } from './platform-client.js';
export * from './genesys-mapping.js';

/** `<call-session provider="genesys">`: the Platform API client itself loads on connect. */
export const createProvider: ProviderFactory = (config) => new GenesysProvider(config);

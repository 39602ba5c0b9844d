import type { ProviderFactory } from '../../core/provider.js';
import { JanusProvider } from './janus-provider.js';

export { JanusProvider, type JanusOptions } from './janus-provider.js';
export { JanusSeat, type Feed, type RoomTicket, type SeatOptions } from './janus-room.js';
export { JanusSession, JanusHandle, pluginError, type PluginMessage, type Jsep } from './janus-api.js';

export const createProvider: ProviderFactory = (config) => new JanusProvider(config);

import type { ProviderFactory } from '../../core/provider.js';
import { SimulatedProvider } from './simulated-provider.js';

export { SimulatedProvider, type SimulatedOptions } from './simulated-provider.js';
export { ManualClock, realClock, type SimClock } from './clock.js';
export { SCENARIOS, type Scenario } from './scenarios.js';

export const createProvider: ProviderFactory = (config) => new SimulatedProvider(config);

/**
 * Provider names → factories, loaded with dynamic `import()` so a page only downloads the adapter (and
 * SDK) it uses. Pages can register their own platform under a new name. Providers whose vendor SDK is an
 * optional peer dependency (acs, kandy) register from `providers/<name>/register` (the CDN build does).
 */
import { CallError } from '../core/errors.js';
import type { ProviderFactory } from '../core/provider.js';

type Loader = () => Promise<ProviderFactory>;

const loaders = new Map<string, Loader>([
  ['simulated', () => import('./simulated/index.js').then((m) => m.createProvider)],
  ['local', () => import('./local/index.js').then((m) => m.createProvider)],
  ['genesys', () => import('./genesys/index.js').then((m) => m.createProvider)],
  ['jambonz', () => import('./jambonz/index.js').then((m) => m.createProvider)],
  ['janus', () => import('./janus/index.js').then((m) => m.createProvider)],
]);

/** Register a provider under `name` (a factory, or a loader that imports one). */
export function registerProvider(name: string, factory: ProviderFactory | Loader, options: { lazy?: boolean } = {}): void {
  loaders.set(name, options.lazy ? (factory as Loader) : () => Promise.resolve(factory as ProviderFactory));
}

export function providerNames(): string[] {
  return [...loaders.keys()];
}

export async function loadProvider(name: string): Promise<ProviderFactory> {
  const loader = loaders.get(name);
  if (!loader) {
    throw new CallError(
      'invalid-argument',
      `Unknown provider "${name}". Known providers: ${providerNames().join(', ')} (acs, kandy: import call-elements/providers/${name}/register)`,
    );
  }
  try {
    return await loader();
  } catch (error) {
    throw CallError.from(error, 'network', { action: 'loadProvider' });
  }
}

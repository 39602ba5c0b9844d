/**
 * Registers the `acs` provider. Opt-in for npm users (`import 'call-elements/providers/acs/register'`)
 * because its vendor SDK is an optional peer dependency; the CDN build registers it for every page. The
 * provider and its SDK are still fetched only when a session chooses `acs`.
 */
import { registerProvider } from '../registry.js';

registerProvider('acs', () => import('./index.js').then((m) => m.createProvider), { lazy: true });

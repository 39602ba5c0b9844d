/**
 * Registers the `kandy` provider. Opt-in for npm users (`import 'call-elements/providers/kandy/register'`)
 * because its vendor SDK is an optional peer dependency; the CDN build registers it for every page. The
 * provider and its SDK are still fetched only when a session chooses `kandy`.
 */
import { registerProvider } from '../registry.js';

registerProvider('kandy', () => import('./index.js').then((m) => m.createProvider), { lazy: true });

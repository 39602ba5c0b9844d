/**
 * The CDN module (dist/call-elements.js): every element and every provider. Providers whose vendor SDK
 * npm users opt into are registered here too; nothing of theirs is fetched until a session chooses them.
 */
import './providers/acs/register.js';
import './providers/kandy/register.js';
export * from './define.js';

/** `providerOptions` for `<call-session provider="kandy">`, checked when the session connects. */
import { OptionReader } from '../kit/options.js';
import type { KandyFactory, KandySdkSource } from './kandy-sdk.js';

export interface KandyTokens {
  readonly accessToken: string;
  readonly idToken: string;
}

export interface KandyOptions extends KandySdkSource {
  /** The CPaaS gateway: `{ base: 'oauth-cpaas.att.com' }`; protocol defaults to https, port to 443. */
  readonly server: { readonly base: string; readonly protocol?: 'https' | 'http'; readonly port?: number | string };
  readonly clientCorrelator: string;
  /** Returns fresh tokens; called at connect and again shortly before the access token expires. */
  readonly tokens: () => Promise<KandyTokens>;
  /** Extra `Kandy.create` configuration (`call.iceServers`, `logs`, …); `authentication` is ours. */
  readonly config?: Readonly<Record<string, unknown>>;
  /** How long one SDK operation may take before it fails with `timeout` (ms, default 20000). */
  readonly operationTimeoutMs?: number;
  /** A `Kandy.create` to use instead of loading the bundled SDK (pages that load it themselves). */
  readonly createClient?: KandyFactory;
}

export function readKandyOptions(raw: Readonly<Record<string, unknown>>): KandyOptions {
  const reader = new OptionReader(raw, 'Kandy');
  const server = raw['server'] as KandyOptions['server'] | undefined;
  if (!server || typeof server !== 'object' || typeof server.base !== 'string' || !server.base.trim()) {
    throw reader.invalid('needs providerOptions.server = { base: "your CPaaS host" }');
  }
  if (/[/:\s]/.test(server.base)) throw reader.invalid('server.base is a host name only, without protocol, port or path');
  if (server.protocol !== undefined && server.protocol !== 'https' && server.protocol !== 'http') {
    throw reader.invalid('server.protocol must be "https" or "http"');
  }
  if (server.port !== undefined && !/^\d{1,5}$/.test(String(server.port))) throw reader.invalid('server.port must be a port number');
  reader.requiredText('clientCorrelator', 'needs providerOptions.clientCorrelator (a string identifying this client)');
  if (!reader.fn('tokens')) throw reader.invalid('needs providerOptions.tokens: an async function returning { accessToken, idToken }');
  reader.object('config');
  reader.number('operationTimeoutMs', undefined, { min: Number.MIN_VALUE, unit: 'ms' });
  reader.fn('createClient');
  return raw as unknown as KandyOptions;
}

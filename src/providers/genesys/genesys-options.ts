/**
 * `providerOptions` for `<call-session provider="genesys">`, validated up front so a typo shows as an
 * `invalid-argument` CallError in the UI instead of a failed request later.
 */
import { OptionReader } from '../kit/options.js';
import type { GenesysGateway } from './platform-client.js';

/** A bearer token, or a function that returns a fresh one (called again after a 401). */
export type GenesysToken = string | (() => string | Promise<string>);

export interface GenesysOptions {
  /** OAuth client id (implicit or PKCE grant) when no `token` is given. */
  readonly clientId?: string;
  readonly redirectUri?: string;
  /** `implicit` (default) or `pkce`. */
  readonly login?: 'implicit' | 'pkce';
  /** Region host, e.g. `mypurecloud.com`, `mypurecloud.de`, `usw2.pure.cloud`. */
  readonly environment?: string;
  readonly token?: GenesysToken;
  /** A proxy or test server in front of the API: `{ host, protocol, port }`. */
  readonly gateway?: GenesysGateway;
  /** `notifications` (default): a notification channel over WebSocket; `poll`: GET the calls periodically. */
  readonly updates: 'notifications' | 'poll';
  /** Poll period, and the fallback period while the notification channel is down (ms, default 3000). */
  readonly pollIntervalMs: number;
  /** Place outgoing calls on behalf of this queue (`callFromQueueId`). */
  readonly callFromQueueId?: string;
}

export function parseOptions(options: Readonly<Record<string, unknown>>): GenesysOptions {
  const reader = new OptionReader(options, 'Genesys provider');
  const invalid = (message: string) => reader.invalid(message);
  const clientId = reader.text('clientId');
  const environment = reader.text('environment');
  const callFromQueueId = reader.text('callFromQueueId');
  const token = reader.token<GenesysToken>('token');
  const login = reader.oneOf('login', ['implicit', 'pkce'], 'implicit');
  const redirectUri = reader.url('redirectUri', ['http:', 'https:']);
  if (token === undefined && (!clientId || !redirectUri)) {
    throw invalid('give a token, or a clientId and a redirectUri to sign in with');
  }
  if (environment && !/^(https?:\/\/)?[a-z0-9.-]+(:\d+)?$/i.test(environment)) throw invalid('environment must be a host name such as mypurecloud.com');
  const updates = reader.oneOf('updates', ['notifications', 'poll'], 'notifications');
  const pollIntervalMs = reader.number('pollIntervalMs', 3000, { min: 100, unit: 'ms' });
  let gateway: GenesysGateway | undefined;
  if (options.gateway !== undefined) {
    const g = options.gateway as Record<string, unknown> | null;
    if (!g || typeof g !== 'object' || typeof g.host !== 'string' || !g.host) throw invalid('gateway needs a host');
    if (g.protocol !== undefined && g.protocol !== 'http' && g.protocol !== 'https') throw invalid('gateway.protocol must be http or https');
    if (g.port !== undefined && (typeof g.port !== 'number' || !Number.isInteger(g.port) || g.port < 0 || g.port > 65535)) {
      throw invalid('gateway.port must be a port number');
    }
    gateway = {
      host: g.host,
      ...(typeof g.protocol === 'string' ? { protocol: g.protocol } : {}),
      ...(typeof g.port === 'number' ? { port: g.port } : {}),
      ...(typeof g.path_params_api === 'string' ? { path_params_api: g.path_params_api } : {}),
      ...(typeof g.path_params_login === 'string' ? { path_params_login: g.path_params_login } : {}),
    };
  }
  return {
    ...(clientId ? { clientId } : {}),
    ...(redirectUri ? { redirectUri } : {}),
    ...(environment ? { environment } : {}),
    ...(callFromQueueId ? { callFromQueueId } : {}),
    ...(token !== undefined ? { token } : {}),
    ...(gateway ? { gateway } : {}),
    login,
    updates,
    pollIntervalMs,
  };
}

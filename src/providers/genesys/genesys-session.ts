/**
 * One signed-in Platform API session: the client loaded for this connection, sign-in (a token, a token
 * function, or the OAuth redirect), and requests that come back as CallErrors, retried once with a fresh
 * token after a 401 when a token function can give one.
 */
import { CallError } from '../../core/errors.js';
import type { GenesysOptions } from './genesys-options.js';
import { loadPlatformClient, toCallError, unwrap, type GenesysFailure, type PlatformClient } from './platform-client.js';

export class GenesysSession {
  readonly #options: GenesysOptions;
  #api: PlatformClient | undefined;
  #signedIn = false;
  #closed = false;

  constructor(options: GenesysOptions) {
    this.#options = options;
  }

  /** A 401 after the session worked means the token expired, not that sign-in failed. */
  get signedIn(): boolean {
    return this.#signedIn;
  }

  /** The client of this session, for requests that must go out after `close` (clean-up). */
  get api(): PlatformClient | undefined {
    return this.#api;
  }

  async open(): Promise<void> {
    this.#closed = false;
    this.#signedIn = false;
    try {
      this.#api = await loadPlatformClient(this.#options.environment, this.#options.gateway);
    } catch (error) {
      throw CallError.from(error, 'network', { action: 'connect' });
    }
    await this.#authenticate();
  }

  /** Sign-in worked (the user is known); later 401s read as an expired token. */
  markSignedIn(): void {
    this.#signedIn = true;
  }

  /** No more requests through `request` (the provider disconnected). */
  close(): void {
    this.#closed = true;
  }

  async #authenticate(): Promise<void> {
    const client = this.#api!.client;
    const { token, login, clientId, redirectUri } = this.#options;
    try {
      if (token !== undefined) {
        const value = typeof token === 'function' ? await token() : token;
        if (typeof value !== 'string' || !value.trim()) throw new CallError('auth-failed', 'The Genesys token function returned no token');
        client.setAccessToken(value.trim());
        return;
      }
      // Redirects the page to the Genesys login when there is no valid token yet; the client removes the
      // token from the URL hash after the redirect back and keeps it in memory only.
      if (login === 'pkce') await client.loginPKCEGrant(clientId!, redirectUri!);
      else await client.loginImplicitGrant(clientId!, redirectUri!);
    } catch (error) {
      if (error instanceof CallError) throw error;
      throw new CallError('auth-failed', 'Genesys Cloud sign-in failed', { action: 'connect', cause: { status: 0, body: undefined, retryAfterMs: null } });
    }
  }

  /**
   * One Platform API request. A 401 with a token function gets one fresh token and one retry; every
   * failure comes back as a CallError without the raw client error.
   */
  async request<T>(send: (api: PlatformClient) => Promise<T>, action: string, callId?: string): Promise<T> {
    if (!this.#api || this.#closed) throw new CallError('not-connected', 'Not connected to Genesys Cloud', { action });
    const api = this.#api;
    const context = { action, signedIn: this.#signedIn, ...(callId ? { callId } : {}) };
    try {
      return unwrap(await send(api));
    } catch (error) {
      const failure = toCallError(error, context);
      if ((failure.cause as GenesysFailure | undefined)?.status !== 401 || typeof this.#options.token !== 'function') throw failure;
      await this.#authenticate();
      try {
        return unwrap(await send(api));
      } catch (retryError) {
        throw toCallError(retryError, context);
      }
    }
  }
}

/**
 * Kandy's tokens: fetched from the page's `tokens()` at connect and again shortly before the access
 * token's `exp`, installed into the SDK each time.
 */
import { CallError } from '../../core/errors.js';
import { jwtClaims, jwtExpiry } from '../kit/jwt.js';
import type { KandyTokens } from './kandy-options.js';

/** Refresh tokens this long before the access token's `exp`. */
const REFRESH_MARGIN_MS = 60_000;

export class KandyTokenKeeper {
  readonly #source: () => Promise<KandyTokens>;
  readonly #install: (tokens: KandyTokens) => void;
  readonly #failed: (error: CallError) => void;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(source: () => Promise<KandyTokens>, install: (tokens: KandyTokens) => void, failed: (error: CallError) => void) {
    this.#source = source;
    this.#install = install;
    this.#failed = failed;
  }

  /** Fetches, checks and installs tokens; returns the id token's claims. */
  async start(): Promise<Readonly<Record<string, unknown>>> {
    this.#stopped = false;
    const tokens = await this.#fetch();
    this.#install(tokens);
    this.#schedule(tokens.accessToken);
    return jwtClaims(tokens.idToken) ?? {};
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Fetches and installs new tokens now (also what the expiry timer does). */
  async refresh(): Promise<void> {
    if (this.#stopped) return;
    try {
      const tokens = await this.#fetch();
      if (this.#stopped) return;
      this.#install(tokens);
      this.#schedule(tokens.accessToken);
    } catch (error) {
      this.#failed(CallError.from(error, 'token-expired', { action: 'tokens' }));
    }
  }

  async #fetch(): Promise<KandyTokens> {
    let tokens: unknown;
    try {
      tokens = await this.#source();
    } catch (error) {
      throw CallError.from(error, 'auth-failed', { action: 'tokens' });
    }
    const t = tokens as Partial<KandyTokens> | null;
    if (!t || typeof t.accessToken !== 'string' || !t.accessToken || typeof t.idToken !== 'string' || !t.idToken) {
      throw new CallError('auth-failed', 'providerOptions.tokens() must resolve to { accessToken, idToken }', { action: 'tokens' });
    }
    if (!jwtClaims(t.idToken)) throw new CallError('auth-failed', 'The Kandy idToken is not a JWT', { action: 'tokens' });
    return { accessToken: t.accessToken, idToken: t.idToken };
  }

  /** Tokens without `exp` are not refreshed. */
  #schedule(accessToken: string): void {
    clearTimeout(this.#timer);
    const expiry = jwtExpiry(jwtClaims(accessToken));
    if (expiry === null) return;
    const delay = Math.min(Math.max(expiry - Date.now() - REFRESH_MARGIN_MS, 1000), 2 ** 31 - 1);
    this.#timer = setTimeout(() => void this.refresh(), delay);
  }
}

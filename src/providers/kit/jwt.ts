/**
 * Reading a JWT's claims in the browser, without verifying it: the platform verifies; we only read `exp`
 * (to refresh or to report expiry clearly) and the user id.
 */

/** The claims of a JWT, or null when the token is opaque or malformed. */
export function jwtClaims(token: string): Readonly<Record<string, unknown>> | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
    const claims: unknown = JSON.parse(json);
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims) ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The token's expiry in ms since the epoch, or null when it has no numeric `exp`. */
export function jwtExpiry(claims: Readonly<Record<string, unknown>> | null): number | null {
  const exp = claims?.['exp'];
  return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : null;
}

/** A claim that is a non-empty string, or ''. */
export function stringClaim(claims: Readonly<Record<string, unknown>> | null, name: string): string {
  const value = claims?.[name];
  return typeof value === 'string' ? value : '';
}

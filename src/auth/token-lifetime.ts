/**
 * How long a credential stays valid is bounded: a JWT without `exp` would be accepted forever, and
 * one whose `exp` lies years ahead is almost as bad once leaked. Times are in seconds since the
 * epoch, as JWTs carry them.
 */
export interface LifetimeClaims {
  exp?: unknown;
  iat?: unknown;
}

/** Why a JWT's lifetime is refused, or undefined when it is acceptable. */
export function jwtLifetimeProblem(claims: LifetimeClaims, nowSeconds: number, maxSeconds: number): string | undefined {
  if (claims.exp === undefined) return "the token has no 'exp' claim; tokens that never expire are refused";
  if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp)) return "the token's 'exp' claim is not a number";
  if (claims.iat !== undefined && (typeof claims.iat !== 'number' || !Number.isFinite(claims.iat))) {
    return "the token's 'iat' claim is not a number";
  }
  // Measured from issue, but never from a moment later than now: an `iat` set in the future must
  // not make a far `exp` look short.
  const start = typeof claims.iat === 'number' ? Math.min(claims.iat, nowSeconds) : nowSeconds;
  const lifetime = claims.exp - start;
  if (lifetime > maxSeconds) {
    return `the token lives ${Math.round(lifetime)} s, more than the ${maxSeconds} s allowed (CHARTER_JWT_MAX_LIFETIME_SECONDS)`;
  }
  return undefined;
}

/**
 * The expiry of a new API token: the one asked for, or the longest allowed when none is given.
 * Returns a problem instead when the one asked for lies beyond the allowed maximum.
 */
export function apiTokenExpiry(requested: Date | undefined, now: Date, maxDays: number): Date | { problem: string } {
  const latest = new Date(now.getTime() + maxDays * 86_400_000);
  if (!requested) return latest;
  if (requested.getTime() > latest.getTime()) {
    return { problem: `'expiresAt' must be at most ${maxDays} days ahead (CHARTER_API_TOKEN_MAX_LIFETIME_DAYS).` };
  }
  return requested;
}

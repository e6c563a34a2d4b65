import { hash, randomBytes } from 'node:crypto';

// A recognisable prefix lets secret scanners find leaked tokens and tells Charter tokens from JWTs.
export const TOKEN_PREFIX = 'chr_';

export function generateTokenSecret(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/**
 * Tokens carry 256 random bits, so a fast hash is enough: there is nothing to brute-force. Every
 * authenticated request hashes its token; the one-shot `hash` costs about a third of a Hash object.
 */
export function hashTokenSecret(secret: string): string {
  return hash('sha256', secret, 'hex');
}

/** The first characters, kept so that people can tell their tokens apart in listings. */
export function tokenDisplayPrefix(secret: string): string {
  return secret.slice(0, TOKEN_PREFIX.length + 6);
}

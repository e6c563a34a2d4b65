import { createHash, randomBytes } from 'node:crypto';

// A recognisable prefix lets secret scanners find leaked tokens and tells Charter tokens from JWTs.
export const TOKEN_PREFIX = 'chr_';

export function generateTokenSecret(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** Tokens carry 256 random bits, so a fast hash is enough: there is nothing to brute-force. */
export function hashTokenSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** The first characters, kept so that people can tell their tokens apart in listings. */
export function tokenDisplayPrefix(secret: string): string {
  return secret.slice(0, TOKEN_PREFIX.length + 6);
}

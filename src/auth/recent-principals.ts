import { hash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { Principal } from './domain/principal';

/** The longest a credential verified before an outage keeps working for reads during it. */
export const DEGRADED_AUTH_MAX_AGE_MS = 5 * 60_000;
const MAX_ENTRIES = 10_000;

/**
 * The principals of credentials verified recently, keyed by a SHA-256 of the Authorization
 * header (never the credential itself). Consulted only when the database cannot be reached, and
 * only for reads: consumers that authenticate keep decoding from cached schemas through an outage.
 * Kept apart from any cache that serves normal traffic, so losing the change notifications (as
 * happens when the database goes) cannot empty it; its bound is its own age limit. A credential
 * refused while the database answers is forgotten at once.
 */
@Injectable()
export class RecentPrincipals {
  private readonly verified = new LRUCache<string, Principal>({ max: MAX_ENTRIES, ttl: DEGRADED_AUTH_MAX_AGE_MS });

  remember(authorization: string, principal: Principal): void {
    this.verified.set(keyOf(authorization), principal);
  }

  recall(authorization: string): Principal | undefined {
    return this.verified.get(keyOf(authorization));
  }

  forget(authorization: string): void {
    this.verified.delete(keyOf(authorization));
  }
}

function keyOf(authorization: string): string {
  return hash('sha256', authorization, 'base64url');
}

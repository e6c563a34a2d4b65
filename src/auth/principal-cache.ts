import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { ChannelTrust } from '../database/notified-cache';
import { Clock } from '../kernel/clock';
import { ApiTokenEntity } from './api-token.entity';
import { AuthChange, parseAuthChange } from './auth-change';

/** Even a missed notification cannot keep a revoked token or a lost membership alive longer. */
export const AUTH_CACHE_TTL_MS = 30_000;
const MAX_ENTRIES = 10_000;

/**
 * Verified API tokens (keyed by the SHA-256 of the secret, never the secret) and the team
 * memberships recorded for a user name, so that an authenticated request needs no database round
 * trip. Entries are dropped when a change is announced on the notification channel; while that
 * channel cannot be trusted to have told us everything, nothing is served from here (`ChannelTrust`).
 */
@Injectable()
export class PrincipalCache {
  private readonly tokens = new LRUCache<string, ApiTokenEntity>({ max: MAX_ENTRIES, ttl: AUTH_CACHE_TTL_MS });
  private readonly memberships = new LRUCache<string, readonly string[]>({ max: MAX_ENTRIES, ttl: AUTH_CACHE_TTL_MS });
  private readonly trust = new ChannelTrust(() => {
    this.tokens.clear();
    this.memberships.clear();
  });

  constructor(private readonly clock: Clock) {}

  /** The live token with this hash, from the cache or from `load` (which returns only live tokens). */
  async token(hash: string, load: () => Promise<ApiTokenEntity | undefined>): Promise<ApiTokenEntity | undefined> {
    const now = this.clock.now().getTime();
    const cached = this.trust.trusted() ? this.tokens.get(hash) : undefined;
    if (cached && !expired(cached, now)) return cached;
    const generation = this.trust.current;
    const token = await load();
    if (token && this.trust.mayStore(generation)) {
      // Never kept past its expiry: an expired token must be refused even without a notification.
      const ttl = token.expiresAt ? Math.min(AUTH_CACHE_TTL_MS, token.expiresAt.getTime() - now) : AUTH_CACHE_TTL_MS;
      if (ttl > 0) this.tokens.set(hash, token, { ttl });
    }
    return token;
  }

  /** Team slugs recorded for `username`, from the cache or from `load`. */
  async teamsOf(username: string, load: () => Promise<string[]>): Promise<readonly string[]> {
    const cached = this.trust.trusted() ? this.memberships.get(username) : undefined;
    if (cached) return cached;
    const generation = this.trust.current;
    const teams = Object.freeze(await load());
    if (this.trust.mayStore(generation)) this.memberships.set(username, teams);
    return teams;
  }

  /** Applies a change announced on the channel (by this replica or another). */
  apply(change: AuthChange | string): void {
    const parsed = typeof change === 'string' ? parseAuthChange(change) : change;
    this.trust.invalidate();
    switch (parsed.kind) {
      case 'token':
        this.tokens.delete(parsed.hash);
        return;
      case 'member':
        this.memberships.delete(parsed.username);
        return;
      default:
        this.trust.forgetAll();
    }
  }

  /** The channel vouches for silence until `until` (see `ChannelTrust`). */
  trustUntil(until: number): void {
    this.trust.trustUntil(until);
  }

  /** The channel was deaf for a while: whatever was cached may be stale. */
  lost(): void {
    this.trust.lost();
  }
}

function expired(token: ApiTokenEntity, now: number): boolean {
  return token.expiresAt !== null && token.expiresAt.getTime() <= now;
}

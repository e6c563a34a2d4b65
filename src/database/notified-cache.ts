import { Logger } from '@nestjs/common';
import { LISTEN_PING_INTERVAL_MS, NotificationListener } from './notification-listener';
import { Database } from './open-database';

/**
 * How long after the listening connection last proved alive a cache fed by it may still be used. A
 * change committed while the connection was silently gone is then served for at most this long
 * (plus one ping), which keeps every replica within a second of a change.
 */
const TRUST_AFTER_PING_MS = 3 * LISTEN_PING_INTERVAL_MS;

/**
 * When a cache fed by a notification channel may answer, and whether a value read from the
 * database may be stored. Nothing is served while the channel cannot vouch that it delivered every
 * change, and a lookup that raced with a change must not store what it read before the change:
 * every invalidation moves `generation` on, and a result is stored only if it did not move meanwhile.
 */
export class ChannelTrust {
  private generation = 0;
  /** Until when (performance.now()) the channel is known to have delivered every change. */
  private trustedUntil = 0;

  /** `forget` empties the cache this trust guards. */
  constructor(private readonly forget: () => void) {}

  /** To be passed to `mayStore` once the lookup it started is done. */
  get current(): number {
    return this.generation;
  }

  /** Something changed: lookups under way must not store what they read. */
  invalidate(): void {
    this.generation++;
  }

  /** The channel vouches for silence until `until`. */
  trustUntil(until: number): void {
    // Lookups that began while the channel could not vouch for them must not be stored.
    if (!this.trusted()) this.generation++;
    this.trustedUntil = Math.max(this.trustedUntil, until);
  }

  /** Everything cached may be stale: forgotten, and lookups under way do not store. */
  forgetAll(): void {
    this.generation++;
    this.forget();
  }

  /** The channel was deaf for a while: whatever was cached before may be stale. */
  lost(): void {
    this.trustedUntil = 0;
    this.forgetAll();
  }

  trusted(): boolean {
    return performance.now() < this.trustedUntil;
  }

  mayStore(generation: number): boolean {
    return generation === this.generation && this.trusted();
  }
}

/** A cache kept fresh by the changes every replica announces on a channel. */
export interface NotifiedCache {
  apply(payload: string): void;
  trustUntil(until: number): void;
  lost(): void;
}

/** What a cache holds, in the log lines about its channel: `changes` heard, `reads` done without it. */
export interface CacheSubject {
  changes: string;
  reads: string;
}

/**
 * Listens on `channel` and feeds `cache`; says once per outage (and once if it never came up) that
 * the channel is gone, not at every reconnection attempt.
 */
export function feedFromChannel(
  database: Database,
  channel: string,
  cache: NotifiedCache,
  logger: Logger,
  what: CacheSubject,
): Promise<NotificationListener> {
  let connected: boolean | undefined;
  return database.listen(channel, {
    notify: (payload) => cache.apply(payload),
    caughtUp: (at) => {
      if (!connected) logger.log(`Listening for ${what.changes} on '${channel}'.`);
      connected = true;
      cache.trustUntil(at + TRUST_AFTER_PING_MS);
    },
    lost: (reason) => {
      if (connected !== false)
        logger.warn(`No '${channel}' listener (${reason}); ${what.reads} are read from the database until it is back.`);
      connected = false;
      cache.lost();
    },
  });
}

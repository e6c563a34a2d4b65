import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { ChannelTrust, NotifiedCache } from '../database/notified-cache';
import { NotificationListener } from '../database/notification-listener';

const MAX_ENTRIES = 10_000;

/**
 * Answers of the registry's reads over subject versions (the subject list, a subject's versions,
 * the holders of a schema id, the contexts), so that the reads serializers make on every start
 * (`GET /subjects/{s}/versions/latest`, `GET /schemas/ids/{id}?subject=`) need no database round
 * trip. Any change to a subject version empties it, on every replica: writes are rare next to
 * reads, and one rule leaves no entry to forget. While the channel cannot vouch for having told us
 * every change, nothing is served from here and every read asks the database as before.
 *
 * Another replica's notification arrives a few milliseconds after its write commits, which may be
 * after its client has been answered and has asked this replica. So an answer is served from here
 * only once the channel has caught up with every change committed before the read began (one
 * trivial round trip on the listening connection, shared by the reads waiting for it): a write
 * acknowledged by any replica is seen at once by every other.
 */
@Injectable()
export class SubjectVersionCache implements NotifiedCache {
  private readonly answers = new LRUCache<string, object>({ max: MAX_ENTRIES });
  private readonly trust = new ChannelTrust(() => this.answers.clear());
  /** Until the feed is listening, no change can be vouched for. */
  private caughtUp: () => Promise<boolean> = async () => false;

  /** `listener` tells this cache every change; reads wait for it to catch up before answering from here. */
  fedBy(listener: Pick<NotificationListener, 'caughtUp'>): void {
    this.caughtUp = () => listener.caughtUp();
  }

  /** `load()`'s answer, from here when it is known and trusted. Answers are frozen: callers copy before changing. */
  async read<T extends object>(key: string, load: () => Promise<T>): Promise<T> {
    const cached = (await this.servable()) ? this.answers.get(key) : undefined;
    if (cached) return cached as T;
    const generation = this.trust.current;
    const answer = Object.freeze(await load());
    if (this.trust.mayStore(generation)) this.answers.set(key, answer);
    return answer;
  }

  /**
   * The answer for each of `items` (under `keyOf(item)`): those known from here, the rest from one
   * `loadMissing(missing)` call, which answers in the order asked, so that a batch stays one statement.
   */
  async readEach<T extends object>(
    items: readonly string[],
    keyOf: (item: string) => string,
    loadMissing: (missing: string[]) => Promise<T[]>,
  ): Promise<T[]> {
    const trusted = await this.servable();
    const answers = items.map((item) => (trusted ? (this.answers.get(keyOf(item)) as T | undefined) : undefined));
    const missing = [...new Set(items.filter((_, i) => answers[i] === undefined))];
    if (missing.length === 0) return answers as T[];
    const generation = this.trust.current;
    const loaded = new Map((await loadMissing(missing)).map((answer, i) => [missing[i], Object.freeze(answer)] as const));
    if (this.trust.mayStore(generation)) for (const [item, answer] of loaded) this.answers.set(keyOf(item), answer);
    return items.map((item, i) => answers[i] ?? loaded.get(item)!);
  }

  /** Whether what is held here may be served: it reflects every change committed before the call. */
  private async servable(): Promise<boolean> {
    return this.trust.trusted() && (await this.caughtUp()) && this.trust.trusted();
  }

  /** Every announcement means "subject versions changed": the payload carries nothing more. */
  apply(): void {
    this.trust.forgetAll();
  }

  trustUntil(until: number): void {
    this.trust.trustUntil(until);
  }

  lost(): void {
    this.trust.lost();
  }
}

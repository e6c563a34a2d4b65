import { ClientIdentity } from './client-identity';

/** One registry read that resolved a schema. */
export interface ObservedRead {
  /** The principal's username, or `anonymous`. */
  principal: string;
  authenticated: boolean;
  /** The principal's teams when it read (they decide later whether a grant covers it). */
  teams: readonly string[];
  client: ClientIdentity;
  /** The subject read, when the request named one; reads by id alone are attributed when flushed. */
  subject?: string;
  schemaId: number;
}

/** What one flush writes for one key: reads counted since the last flush. */
export interface TalliedReads {
  principal: string;
  authenticated: boolean;
  teams: readonly string[];
  userAgent: string;
  clientId: string;
  subject: string;
  schemaId: number;
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  reads: number;
  firstAt: Date;
  lastAt: Date;
}

/**
 * Reads counted in memory per (principal, client identity, subject, schema id, day), so that a
 * read costs a map update and the database sees one upsert per key per flush. Bounded: past
 * `maxKeys` distinct keys, reads of new keys are dropped and counted in `dropped` (existing keys
 * keep counting), so neither a flood of distinct clients nor a long database outage can exhaust
 * memory. Pure: the caller passes the time.
 */
export class ReadTally {
  private pending = new Map<string, TalliedReads>();
  private dropped = 0;
  private dayCache = { until: 0, day: '', start: 0 };

  constructor(private readonly maxKeys: number) {}

  get size(): number {
    return this.pending.size;
  }

  /** Reads lost to the bound since the last call; resets the count. */
  takeDropped(): number {
    const n = this.dropped;
    this.dropped = 0;
    return n;
  }

  record(read: ObservedRead, at: Date): void {
    const day = this.dayOf(at);
    const subject = read.subject ?? '';
    const key = `${read.principal}\u0000${read.client.userAgent}\u0000${read.client.clientId}\u0000${subject}\u0000${read.schemaId}\u0000${day}`;
    const entry = this.pending.get(key);
    if (entry) {
      entry.reads += 1;
      entry.lastAt = at;
      entry.teams = read.teams;
      return;
    }
    if (this.pending.size >= this.maxKeys) {
      this.dropped += 1;
      return;
    }
    this.pending.set(key, {
      principal: read.principal,
      authenticated: read.authenticated,
      teams: read.teams,
      userAgent: read.client.userAgent,
      clientId: read.client.clientId,
      subject,
      schemaId: read.schemaId,
      day,
      reads: 1,
      firstAt: at,
      lastAt: at,
    });
  }

  /** Everything counted so far, handed to a flush; the tally starts empty. */
  drain(): TalliedReads[] {
    const batch = [...this.pending.values()];
    this.pending = new Map();
    return batch;
  }

  /**
   * Puts back a batch whose flush failed, merged with what was counted meanwhile, so the next
   * flush writes both. Within the bound: what does not fit is dropped and counted.
   */
  restore(batch: readonly TalliedReads[]): void {
    for (const old of batch) {
      const key = `${old.principal}\u0000${old.userAgent}\u0000${old.clientId}\u0000${old.subject}\u0000${old.schemaId}\u0000${old.day}`;
      const now = this.pending.get(key);
      if (now) {
        now.reads += old.reads;
        if (old.firstAt < now.firstAt) now.firstAt = old.firstAt;
      } else if (this.pending.size < this.maxKeys) {
        this.pending.set(key, { ...old });
      } else {
        this.dropped += old.reads;
      }
    }
  }

  /** The UTC day of `at`, computed once per day rather than once per read. */
  private dayOf(at: Date): string {
    const ms = at.getTime();
    if (ms >= this.dayCache.start && ms < this.dayCache.until) return this.dayCache.day;
    const start = ms - (((ms % 86_400_000) + 86_400_000) % 86_400_000);
    this.dayCache = { start, until: start + 86_400_000, day: new Date(start).toISOString().slice(0, 10) };
    return this.dayCache.day;
  }
}

import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { DataSource } from 'typeorm';
import { registryStore } from './registry.store';

/** An answer younger than this is believed as it is. */
export const SERVABLE_FRESH_MS = 1_000;
/** Up to this age it is still used while one background query re-checks it; older, the caller asks. */
export const SERVABLE_STALE_MS = 5_000;
/** Ids falling due within this window are re-checked together. */
const RECHECK_GATHER_MS = 200;

/**
 * Which schema ids some version still holds (soft-deleted ones included): the one mutable fact
 * behind `GET /schemas/ids/{id}`, whose schema itself never changes. Only a permanent delete of
 * every holder ends it. This replica forgets at once when it purges; another replica stops
 * serving such an id within about SERVABLE_FRESH_MS (one re-check), SERVABLE_STALE_MS at most.
 * Hot ids are re-checked in the background, all that are due in one query, so their readers
 * never wait for the database and the database sees one query per round however many ids are read.
 */
@Injectable()
export class ServableIds {
  private readonly confirmedAt = new LRUCache<number, number>({ max: 10_000 });
  private readonly due = new Set<number>();
  private rechecking = false;
  // A purge bumps this, so a re-check that started before it cannot bring an id back.
  private generation = 0;

  constructor(private readonly dataSource: DataSource) {}

  /** True when `id` may be served without asking the database now. */
  known(id: number): boolean {
    const at = this.confirmedAt.get(id);
    if (at === undefined) return false;
    const age = performance.now() - at;
    if (age > SERVABLE_FRESH_MS) this.recheckSoon(id);
    return age <= SERVABLE_STALE_MS;
  }

  /** Whether `id` was ever confirmed held and not found gone since: the answer while the database is away. */
  everConfirmed(id: number): boolean {
    return this.confirmedAt.has(id);
  }

  /** Asks the database, and remembers a yes. */
  async check(id: number): Promise<boolean> {
    const generation = this.generation;
    const held = await registryStore.isSchemaHeld(this.dataSource.manager, id);
    if (held && generation === this.generation) this.confirmedAt.set(id, performance.now());
    return held;
  }

  /** After a permanent delete here: every id is asked about again. */
  forgetAll(): void {
    this.generation++;
    this.confirmedAt.clear();
  }

  private recheckSoon(id: number): void {
    this.due.add(id);
    if (this.rechecking) return;
    this.rechecking = true;
    setTimeout(() => {
      this.recheckDue()
        // A failed re-check changes nothing: once an answer is too old, readers ask inline.
        .catch(() => undefined)
        .finally(() => (this.rechecking = false));
    }, RECHECK_GATHER_MS).unref();
  }

  private async recheckDue(): Promise<void> {
    const ids = [...this.due];
    this.due.clear();
    const generation = this.generation;
    const held = await registryStore.heldSchemaIds(this.dataSource.manager, ids);
    if (generation !== this.generation) return;
    const now = performance.now();
    for (const id of ids) {
      if (held.has(id)) this.confirmedAt.set(id, now);
      else this.confirmedAt.delete(id);
    }
  }
}

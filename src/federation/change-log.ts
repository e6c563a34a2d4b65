import { DataSource } from 'typeorm';
import { ChangeRow, changeLogStore } from './change-log.store';

export type ChangeKind = 'VERSION' | 'SOFT_DELETE' | 'HARD_DELETE' | 'CONFIG';

export interface RegistryChange {
  seq: number;
  kind: ChangeKind;
  subject: string;
  version: number | null;
  schemaId: number | null;
  at: Date;
}

const toChange = (r: ChangeRow): RegistryChange => ({
  seq: Number(r.seq),
  kind: r.kind as ChangeKind,
  subject: r.subject,
  version: r.version === null ? null : Number(r.version),
  schemaId: r.schema_id === null ? null : Number(r.schema_id),
  at: new Date(r.at),
});

/**
 * The registry's change log (rows written by triggers, see migration 35), read so that an offset
 * never skips a change. Sequence numbers are handed out before commit, so a change with a smaller
 * number can still become visible after a larger one has. A reader therefore notes the highest
 * number it sees together with the transactions in flight at that moment, and trusts that mark only
 * once every one of those has finished: no change at or below it can appear afterwards (a writer
 * takes its transaction id before its sequence number, in the trigger).
 */
export class ChangeLog {
  /** A mark seen, waiting for the transactions that were writing when it was taken. */
  private pending?: { hi: number; snapshot: string };
  private safe = 0;

  constructor(private readonly dataSource: DataSource) {}

  /** The highest sequence number below which every change is visible; waits at most `waitMs` for writers. */
  async safeHighWater(waitMs = 250): Promise<number> {
    this.pending = await changeLogStore.mark(this.dataSource.manager);
    const deadline = Date.now() + waitMs;
    for (;;) {
      const done = await changeLogStore.settled(this.dataSource.manager, this.pending.snapshot);
      if (done) {
        this.safe = Math.max(this.safe, this.pending.hi);
        this.pending = undefined;
        return this.safe;
      }
      if (Date.now() >= deadline) return this.safe;
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async after(offset: number, upTo: number, limit: number): Promise<RegistryChange[]> {
    const rows = await changeLogStore.after(this.dataSource.manager, offset, upTo, limit);
    return rows.map(toChange);
  }

  /** Changes of some subjects already behind an offset: what a topic approval lets through afterwards. */
  async ofSubjectsUpTo(subjects: string[], upTo: number): Promise<RegistryChange[]> {
    const rows = await changeLogStore.ofSubjectsUpTo(this.dataSource.manager, subjects, upTo);
    return rows.map(toChange);
  }
}

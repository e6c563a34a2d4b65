import { DataSource } from 'typeorm';

export type ChangeKind = 'VERSION' | 'SOFT_DELETE' | 'HARD_DELETE' | 'CONFIG';

export interface RegistryChange {
  seq: number;
  kind: ChangeKind;
  subject: string;
  version: number | null;
  schemaId: number | null;
  at: Date;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const toChange = (r: any): RegistryChange => ({
  seq: Number(r.seq),
  kind: r.kind,
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
    const [mark] = await this.dataSource.query(
      `SELECT pg_current_snapshot()::text AS snapshot, (SELECT coalesce(max(seq), 0) FROM registry_change) AS hi`,
    );
    this.pending = { hi: Number(mark.hi), snapshot: mark.snapshot };
    const deadline = Date.now() + waitMs;
    for (;;) {
      const [{ done }] = await this.dataSource.query(
        `SELECT coalesce(bool_and(pg_xact_status(x) <> 'in progress'), true) AS done FROM pg_snapshot_xip($1::pg_snapshot) x`,
        [this.pending.snapshot],
      );
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
    const rows = await this.dataSource.query(
      `SELECT seq, kind, subject, version, schema_id, at FROM registry_change WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3`,
      [offset, upTo, limit],
    );
    return rows.map(toChange);
  }

  /** Changes of some subjects already behind an offset: what a topic approval lets through afterwards. */
  async ofSubjectsUpTo(subjects: string[], upTo: number): Promise<RegistryChange[]> {
    const rows = await this.dataSource.query(
      `SELECT seq, kind, subject, version, schema_id, at FROM registry_change WHERE subject = ANY($1) AND seq <= $2 ORDER BY seq`,
      [subjects, upTo],
    );
    return rows.map(toChange);
  }
}

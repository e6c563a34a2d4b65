import { EntityManager } from 'typeorm';

/** A row of the registry's change log, as the driver gives it. */
export interface ChangeRow {
  seq: string | number;
  kind: string;
  subject: string;
  version: string | number | null;
  schema_id: string | number | null;
  at: string | Date;
}

/**
 * The registry's change log (rows written by triggers, see migration 35). Reads only: the triggers
 * are its one writer.
 */
export const changeLogStore = {
  /** The highest sequence number handed out, with the transactions in flight at that moment. */
  async mark(em: EntityManager): Promise<{ hi: number; snapshot: string }> {
    const [mark] = await em.query(
      `SELECT pg_current_snapshot()::text AS snapshot, (SELECT coalesce(max(seq), 0) FROM registry_change) AS hi`,
    );
    return { hi: Number(mark.hi), snapshot: mark.snapshot };
  },

  /** Whether every transaction in flight when `snapshot` was taken has finished. */
  async settled(em: EntityManager, snapshot: string): Promise<boolean> {
    const [{ done }] = await em.query(
      `SELECT coalesce(bool_and(pg_xact_status(x) <> 'in progress'), true) AS done FROM pg_snapshot_xip($1::pg_snapshot) x`,
      [snapshot],
    );
    return done;
  },

  /** Up to `limit` changes after `offset` and at most `upTo`, in order. */
  after(em: EntityManager, offset: number, upTo: number, limit: number): Promise<ChangeRow[]> {
    return em.query(
      `SELECT seq, kind, subject, version, schema_id, at FROM registry_change WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3`,
      [offset, upTo, limit],
    );
  },

  /** The changes of some subjects at most `upTo`, in order. */
  ofSubjectsUpTo(em: EntityManager, subjects: string[], upTo: number): Promise<ChangeRow[]> {
    return em.query(
      `SELECT seq, kind, subject, version, schema_id, at FROM registry_change WHERE subject = ANY($1) AND seq <= $2 ORDER BY seq`,
      [subjects, upTo],
    );
  },
};

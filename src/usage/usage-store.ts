import { EntityManager } from 'typeorm';
import { TalliedReads } from './domain/read-tally';

/** Rows per statement: large enough that a flush is a few statements, small enough to stay quick. */
const CHUNK = 500;

/**
 * Reads by id alone name no subject: they are attributed to every subject holding the id (one, in
 * nearly every registry; Charter cannot know which topic a consumer decodes when several share a
 * schema) with a version that existed at the read — a subject that registers the same schema later
 * was not read. Ids no such version holds keep the empty subject.
 */
export async function attributeSubjects(em: EntityManager, batch: readonly TalliedReads[]): Promise<TalliedReads[]> {
  const byIdOnly = [...new Set(batch.filter((r) => r.subject === '').map((r) => r.schemaId))];
  if (byIdOnly.length === 0) return mergeKeys(batch);
  const holders: Array<{ subject: string; schema_id: number; since: Date }> = await em.query(
    `SELECT subject, schema_id, min(created_at) AS since FROM registry_subject_version
      WHERE schema_id = ANY($1::int[]) GROUP BY subject, schema_id`,
    [byIdOnly],
  );
  const subjectsOf = (r: TalliedReads) => {
    const held = holders.filter((h) => h.schema_id === r.schemaId && new Date(h.since) <= r.lastAt).map((h) => h.subject);
    return held.length > 0 ? held : [''];
  };
  const expanded = batch.flatMap((r) => (r.subject !== '' ? [r] : subjectsOf(r).map((subject) => ({ ...r, subject }))));
  return mergeKeys(expanded);
}

/** One row per key (an upsert may touch a row once per statement), in key order (replicas lock rows in the same order). */
function mergeKeys(rows: readonly TalliedReads[]): TalliedReads[] {
  const merged = new Map<string, TalliedReads>();
  for (const r of rows) {
    const key = [r.subject, r.schemaId, r.day, r.principal, r.userAgent, r.clientId].join('\u0000');
    const known = merged.get(key);
    if (!known) merged.set(key, { ...r });
    else {
      known.reads += r.reads;
      if (r.firstAt < known.firstAt) known.firstAt = r.firstAt;
      if (r.lastAt > known.lastAt) known.lastAt = r.lastAt;
    }
  }
  return [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
}

/** Adds the batch's counts to what other replicas and earlier flushes wrote. */
export async function upsertReads(em: EntityManager, rows: readonly TalliedReads[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK).map((r) => ({
      subject: r.subject,
      schema_id: r.schemaId,
      day: r.day,
      principal: r.principal,
      user_agent: r.userAgent,
      client_id: r.clientId,
      authenticated: r.authenticated,
      teams: r.teams,
      reads: r.reads,
      first_at: r.firstAt.toISOString(),
      last_at: r.lastAt.toISOString(),
    }));
    await em.query(
      `INSERT INTO schema_usage (subject, schema_id, day, principal, user_agent, client_id, authenticated, principal_teams, reads, first_read_at, last_read_at)
       SELECT subject, schema_id, day, principal, user_agent, client_id, authenticated, teams, reads, first_at, last_at
         FROM jsonb_to_recordset($1::jsonb) AS x(subject text, schema_id integer, day date, principal text, user_agent text,
              client_id text, authenticated boolean, teams text[], reads bigint, first_at timestamptz, last_at timestamptz)
       ON CONFLICT (subject, schema_id, day, principal, user_agent, client_id) DO UPDATE SET
         reads = schema_usage.reads + EXCLUDED.reads,
         first_read_at = LEAST(schema_usage.first_read_at, EXCLUDED.first_read_at),
         last_read_at = GREATEST(schema_usage.last_read_at, EXCLUDED.last_read_at),
         principal_teams = CASE WHEN EXCLUDED.last_read_at >= schema_usage.last_read_at THEN EXCLUDED.principal_teams ELSE schema_usage.principal_teams END`,
      [JSON.stringify(chunk)],
    );
  }
}

/** Deletes up to `limit` rows older than `before`; the caller repeats until fewer come back. */
export async function purgeBatch(em: EntityManager, before: string, limit: number): Promise<number> {
  // A SELECT around the DELETE, so the count comes back the same way on every driver.
  const rows: Array<{ n: number }> = await em.query(
    `WITH purged AS (DELETE FROM schema_usage WHERE ctid IN (SELECT ctid FROM schema_usage WHERE day < $1::date LIMIT $2) RETURNING 1)
     SELECT count(*)::int AS n FROM purged`,
    [before, limit],
  );
  return rows[0].n;
}

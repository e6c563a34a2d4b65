import { EntityManager, In } from 'typeorm';
import { AccessRequestEntity } from '../access/persistence/access-request.entity';
import { ConsumerRead } from './domain/consumers';
import { TalliedReads } from './domain/read-tally';
import { grantCoversSql, OWNER_MEMBER_SQL, SHADOW_CLASSIFICATIONS, SUBJECT_OF_TOPIC_SQL, TOPIC_OF_SUBJECT_SQL } from './usage-sql';

/** Rows per statement: large enough that a flush is a few statements, small enough to stay quick. */
const CHUNK = 500;

const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/** A (topic, principal) raised as a shadow consumer, as the finding's row has it. */
export interface ShadowFinding {
  topicId: string;
  principal: string;
  classification: string;
  firstReadAt: Date;
}

/** A reader of a CONFIDENTIAL or RESTRICTED topic without a grant, over a window; clients as two parallel arrays. */
export interface ShadowReaderRow {
  topic: string;
  classification: string;
  ownerTeam: string;
  principal: string;
  authenticated: boolean;
  reads: number;
  firstReadAt: Date;
  lastReadAt: Date;
  userAgents: string[];
  clientIds: string[];
  raisedAt: Date | null;
}

export type VersionReadRow = { subject: string; version: number; schemaId: number; deleted: boolean } & Partial<ConsumerRead>;

/**
 * The counted registry reads (schema_usage) and the shadow findings raised from them. The usage
 * queries join the catalogue's topics and teams and the access requests in the same statements, so
 * those joins are here, as are the reads of the access requests and the webhook outbox usage needs;
 * a topic or team read on its own goes through the catalogue's stores.
 */
export const usageStore = {
  /**
   * Reads by id alone name no subject: they are attributed to every subject holding the id (one, in
   * nearly every registry; Charter cannot know which topic a consumer decodes when several share a
   * schema) with a version that existed at the read — a subject that registers the same schema later
   * was not read. Ids no such version holds keep the empty subject.
   */
  async attributeSubjects(em: EntityManager, batch: readonly TalliedReads[]): Promise<TalliedReads[]> {
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
  },

  /** Adds the batch's counts to what other replicas and earlier flushes wrote. */
  async upsertReads(em: EntityManager, rows: readonly TalliedReads[]): Promise<void> {
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
  },

  /** Deletes up to `limit` rows older than `before`; the caller repeats until fewer come back. */
  async purgeBatch(em: EntityManager, before: string, limit: number): Promise<number> {
    // A SELECT around the DELETE, so the count comes back the same way on every driver.
    const rows: Array<{ n: number }> = await em.query(
      `WITH purged AS (DELETE FROM schema_usage WHERE ctid IN (SELECT ctid FROM schema_usage WHERE day < $1::date LIMIT $2) RETURNING 1)
       SELECT count(*)::int AS n FROM purged`,
      [before, limit],
    );
    return rows[0].n;
  },

  /**
   * Inserts a finding for each (topic, principal) among the readers just written that read a
   * CONFIDENTIAL or RESTRICTED topic without a grant or membership of the owning team, in one
   * statement; returns only the findings this call inserted (the primary key decides which replica).
   */
  raiseShadowFindings(
    em: EntityManager,
    readers: { subjects: string[]; principals: string[]; days: string[] },
    now: Date,
  ): Promise<ShadowFinding[]> {
    return em.query(
      `WITH candidates AS (
         SELECT t.id AS topic_id, u.principal, t.classification, min(u.first_read_at) AS first_read_at
           FROM schema_usage u
           JOIN topic t ON t.name = ${TOPIC_OF_SUBJECT_SQL}
          WHERE (u.subject, u.principal) IN (SELECT * FROM unnest($1::text[], $2::text[]))
            AND u.day = ANY($3::date[]) AND t.classification = ANY($4::text[])
            AND NOT ${grantCoversSql('$5')} AND NOT ${OWNER_MEMBER_SQL}
          GROUP BY t.id, u.principal, t.classification)
       INSERT INTO usage_shadow_finding (topic_id, principal, classification, first_read_at, raised_at)
       SELECT topic_id, principal, classification, first_read_at, $5 FROM candidates
       ON CONFLICT (topic_id, principal) DO NOTHING
       RETURNING topic_id AS "topicId", principal, classification, first_read_at AS "firstReadAt"`,
      [readers.subjects, readers.principals, readers.days, SHADOW_CLASSIFICATIONS, now],
    );
  },

  /** The reads of each topic's subjects since `since`, per topic, reader, client, subject and version, in one statement. */
  readsOfTopics(
    em: EntityManager,
    topicIds: readonly string[],
    since: Date,
    now: Date,
  ): Promise<Array<ConsumerRead & { topicId: string }>> {
    return em.query(
      `SELECT t.id AS "topicId", u.principal, u.authenticated, u.subject, u.schema_id AS "schemaId", v.version,
              u.user_agent AS "userAgent", u.client_id AS "clientId", sum(u.reads)::float8 AS reads,
              min(u.first_read_at) AS "firstReadAt", max(u.last_read_at) AS "lastReadAt",
              bool_or(${grantCoversSql('$3')}) AS "hasGrant", bool_or(${OWNER_MEMBER_SQL}) AS "ownerMember"
         FROM topic t
         JOIN schema_usage u ON ${SUBJECT_OF_TOPIC_SQL}
         LEFT JOIN registry_subject_version v ON v.subject = u.subject AND v.schema_id = u.schema_id
        WHERE t.id = ANY($1::uuid[]) AND u.day >= $2::date AND u.last_read_at >= $4
        GROUP BY t.id, u.principal, u.authenticated, u.subject, u.schema_id, v.version, u.user_agent, u.client_id
        ORDER BY u.principal, u.subject, v.version`,
      [[...topicIds], dayOf(since), now, since],
    );
  },

  /** Every version of the subjects (or only `version`), each with its readers since `since` (none: one row with no reader). */
  versionReads(em: EntityManager, subjects: readonly string[], since: Date, version: number | undefined): Promise<VersionReadRow[]> {
    return em.query(
      `SELECT v.subject, v.version, v.schema_id AS "schemaId", v.deleted, u.principal, u.authenticated,
              u.user_agent AS "userAgent", u.client_id AS "clientId", sum(u.reads)::float8 AS reads,
              min(u.first_read_at) AS "firstReadAt", max(u.last_read_at) AS "lastReadAt"
         FROM registry_subject_version v
         LEFT JOIN schema_usage u ON u.subject = v.subject AND u.schema_id = v.schema_id AND u.day >= $2::date AND u.last_read_at >= $3
        WHERE v.subject = ANY($1::text[]) AND ($4::int IS NULL OR v.version = $4::int)
        GROUP BY v.subject, v.version, v.schema_id, v.deleted, u.principal, u.authenticated, u.user_agent, u.client_id
        ORDER BY v.subject DESC, v.version, u.principal`,
      [subjects, dayOf(since), since, version ?? null],
    );
  },

  /**
   * Readers of CONFIDENTIAL or RESTRICTED topics (or of `topic` alone) without a grant or ownership
   * since `since`, with the finding raised for them if any; of the topics `ownerTeams` own, or of
   * every topic when it is null.
   */
  shadowReaders(
    em: EntityManager,
    since: Date,
    now: Date,
    topic: string | undefined,
    ownerTeams: readonly string[] | null,
  ): Promise<ShadowReaderRow[]> {
    const params: unknown[] = [dayOf(since), since, now, SHADOW_CLASSIFICATIONS, topic ?? null];
    let visible = '';
    if (ownerTeams) {
      params.push([...ownerTeams]);
      visible = `AND o.slug = ANY($${params.length}::text[])`;
    }
    return em.query(
      `SELECT t.name AS topic, t.classification, o.slug AS "ownerTeam", u.principal, bool_or(u.authenticated) AS authenticated,
              sum(u.reads)::float8 AS reads, min(u.first_read_at) AS "firstReadAt", max(u.last_read_at) AS "lastReadAt",
              array_agg(u.user_agent ORDER BY u.user_agent, u.client_id) AS "userAgents",
              array_agg(u.client_id ORDER BY u.user_agent, u.client_id) AS "clientIds",
              min(f.raised_at) AS "raisedAt"
         FROM schema_usage u
         JOIN topic t ON t.name = ${TOPIC_OF_SUBJECT_SQL}
         JOIN team o ON o.id = t.owner_team_id
         LEFT JOIN usage_shadow_finding f ON f.topic_id = t.id AND f.principal = u.principal
        WHERE u.day >= $1::date AND u.last_read_at >= $2 AND t.classification = ANY($4::text[])
          AND ($5::text IS NULL OR t.name = $5::text)
          AND NOT ${grantCoversSql('$3')} AND NOT ${OWNER_MEMBER_SQL} ${visible}
        GROUP BY t.name, t.classification, o.slug, u.principal
        ORDER BY t.name, u.principal`,
      params,
    );
  },

  /**
   * Active grants with no read since `since` by a principal they cover, in grant order; of those
   * `teams` hold or own, or all when it is null. The ids first, then the requests themselves.
   */
  async unusedGrants(em: EntityManager, since: Date, now: Date, teams: readonly string[] | null): Promise<AccessRequestEntity[]> {
    const params: unknown[] = [dayOf(since), now];
    let visible = '';
    if (teams) {
      params.push([...teams]);
      visible = `AND (rt.slug = ANY($3::text[]) OR t.owner_team_id IN (SELECT id FROM team WHERE slug = ANY($3::text[])))`;
    }
    const rows: Array<{ id: string }> = await em.query(
      `SELECT r.id FROM access_request r
         JOIN topic t ON t.id = r.topic_id
         JOIN team rt ON rt.id = r.requesting_team_id
        WHERE r.state = 'APPROVED' AND r.grant_end > $2 ${visible}
          AND NOT EXISTS (
            SELECT 1 FROM schema_usage u
             WHERE ${SUBJECT_OF_TOPIC_SQL} AND u.day >= $1::date AND u.authenticated
               AND (rt.slug = ANY(u.principal_teams) OR r.kafka_principal = 'User:' || u.principal))
        ORDER BY r.grant_start, r.id`,
      params,
    );
    if (rows.length === 0) return [];
    const entities = await em.getRepository(AccessRequestEntity).findBy({ id: In(rows.map((r) => r.id)) });
    const order = new Map(rows.map((r, i) => [r.id, i]));
    return entities.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  },

  /** Each grant's readers among the principals it covers since it started, with their reads and last read. */
  readsOfGrants(
    em: EntityManager,
    requestIds: readonly string[],
  ): Promise<Array<{ id: string; principal: string; reads: number; lastReadAt: Date }>> {
    return em.query(
      `SELECT r.id, u.principal, sum(u.reads)::float8 AS reads, max(u.last_read_at) AS "lastReadAt"
         FROM access_request r
         JOIN topic t ON t.id = r.topic_id
         JOIN team rt ON rt.id = r.requesting_team_id
         JOIN schema_usage u ON ${SUBJECT_OF_TOPIC_SQL} AND u.authenticated
              AND (rt.slug = ANY(u.principal_teams) OR r.kafka_principal = 'User:' || u.principal)
              AND u.last_read_at >= COALESCE(r.grant_start, r.created_at)
        WHERE r.id = ANY($1::uuid[])
        GROUP BY r.id, u.principal ORDER BY u.principal`,
      [[...requestIds]],
    );
  },
};

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

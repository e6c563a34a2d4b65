import { DataSource, EntityManager } from 'typeorm';
import { LegalBasis, LegalBasisMechanism } from '../access/domain/access-vocabulary';
import { ContextType, DestinationSource, ExporterState, SkipRule } from './domain/exporter-vocabulary';

/** An exporter as stored: its definition (credentials still sealed), governance, state and lease. */
export interface ExporterRecord {
  name: string;
  contextType: ContextType;
  context: string | null;
  subjects: string[];
  subjectRenameFormat: string;
  config: Record<string, string>;
  /** Sealed credentials (see ExporterCredentials); never leaves the server. */
  sealedCredentials: string | null;
  url: string;
  destinationJurisdiction: string | null;
  destinationRegion: string | null;
  destinationSource: DestinationSource;
  crossBorder: boolean;
  legalBasis: LegalBasis | null;
  createdBy: string;
  createdAt: Date;
  approvedBy: string | null;
  approvedAt: Date | null;
  approvedJurisdiction: string | null;
  state: ExporterState;
  pausedReason: string | null;
  trace: string | null;
  offset: number;
  offsetAt: Date | null;
  lastSuccessAt: Date | null;
  version: number;
}

export interface SkippedSubject {
  subject: string;
  topic: string | null;
  rule: SkipRule;
  message: string;
  at: Date;
}

/** Rows of an UPDATE/DELETE ... RETURNING: TypeORM's pg driver answers [rows, count], PGlite the rows. */
export function returnedRows<T>(result: unknown): T[] {
  const r = result as unknown[];
  return (Array.isArray(r[0]) ? r[0] : r) as T[];
}

const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));

// Rows are read straight from SQL; the mapping below is the one place that knows the column names.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toRecord(r: any): ExporterRecord {
  return {
    name: r.name,
    contextType: r.context_type,
    context: r.context,
    subjects: r.subjects,
    subjectRenameFormat: r.subject_rename_format,
    config: r.config ?? {},
    sealedCredentials: r.credentials,
    url: r.destination_url,
    destinationJurisdiction: r.destination_jurisdiction,
    destinationRegion: r.destination_region,
    destinationSource: r.destination_source,
    crossBorder: r.cross_border,
    legalBasis: r.legal_basis_mechanism
      ? { mechanism: r.legal_basis_mechanism as LegalBasisMechanism, reference: r.legal_basis_reference }
      : null,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at),
    approvedBy: r.approved_by,
    approvedAt: date(r.approved_at),
    approvedJurisdiction: r.approved_jurisdiction,
    state: r.state,
    pausedReason: r.paused_reason,
    trace: r.trace,
    offset: Number(r.offset),
    offsetAt: date(r.offset_at),
    lastSuccessAt: date(r.last_success_at),
    version: Number(r.version),
  };
}

type Writable = Omit<ExporterRecord, 'createdAt' | 'offset' | 'offsetAt' | 'lastSuccessAt' | 'version' | 'approvedAt'> & {
  approvedAt?: Date | null;
};

const COLUMNS = [
  'name',
  'context_type',
  'context',
  'subjects',
  'subject_rename_format',
  'config',
  'credentials',
  'destination_url',
  'destination_jurisdiction',
  'destination_region',
  'destination_source',
  'cross_border',
  'legal_basis_mechanism',
  'legal_basis_reference',
  'created_by',
  'approved_by',
  'approved_at',
  'approved_jurisdiction',
  'state',
  'paused_reason',
  'trace',
];

const valuesOf = (e: Writable) => [
  e.name,
  e.contextType,
  e.context,
  e.subjects,
  e.subjectRenameFormat,
  JSON.stringify(e.config),
  e.sealedCredentials,
  e.url,
  e.destinationJurisdiction,
  e.destinationRegion,
  e.destinationSource,
  e.crossBorder,
  e.legalBasis?.mechanism ?? null,
  e.legalBasis?.reference ?? null,
  e.createdBy,
  e.approvedBy,
  e.approvedAt ?? null,
  e.approvedJurisdiction,
  e.state,
  e.pausedReason,
  e.trace,
];

/** The exporter aggregate's SQL; writes take the caller's transaction so the audit entry commits with them. */
export const exporterStore = {
  async list(db: DataSource | EntityManager): Promise<ExporterRecord[]> {
    return (await db.query('SELECT * FROM exporter ORDER BY name')).map(toRecord);
  },

  async get(db: DataSource | EntityManager, name: string, lock = false): Promise<ExporterRecord | undefined> {
    const rows = await db.query(`SELECT * FROM exporter WHERE name = $1${lock ? ' FOR UPDATE' : ''}`, [name]);
    return rows[0] && toRecord(rows[0]);
  },

  /** False when the name is taken (the primary key settles a race between replicas). */
  async insert(em: EntityManager, e: Writable): Promise<boolean> {
    const params = valuesOf(e);
    const rows = await em.query(
      `INSERT INTO exporter (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c, i) => `$${i + 1}${c === 'config' ? '::jsonb' : ''}`).join(', ')})
       ON CONFLICT (name) DO NOTHING RETURNING name`,
      params,
    );
    return rows.length === 1;
  },

  async update(em: EntityManager, e: Writable): Promise<void> {
    const sets = COLUMNS.slice(1).map((c, i) => `${c} = $${i + 2}${c === 'config' ? '::jsonb' : ''}`);
    await em.query(`UPDATE exporter SET ${sets.join(', ')}, version = version + 1 WHERE name = $1`, valuesOf(e));
  },

  async resetOffset(em: EntityManager, name: string): Promise<void> {
    await em.query(`UPDATE exporter SET "offset" = 0, offset_at = NULL, version = version + 1 WHERE name = $1`, [name]);
    await em.query(`DELETE FROM exporter_skip WHERE exporter_name = $1`, [name]);
    await em.query(`UPDATE exporter_topic_approval SET replayed = true WHERE exporter_name = $1`, [name]);
  },

  async delete(em: EntityManager, name: string): Promise<void> {
    await em.query('DELETE FROM exporter WHERE name = $1', [name]);
  },

  async skipped(db: DataSource | EntityManager, name: string): Promise<SkippedSubject[]> {
    const rows: Array<{ subject: string; topic: string | null; rule: SkipRule; message: string; at: string }> = await db.query(
      'SELECT subject, topic, rule, message, at FROM exporter_skip WHERE exporter_name = $1 ORDER BY subject',
      [name],
    );
    return rows.map((r) => ({ ...r, at: new Date(r.at) }));
  },

  /** Skipped subjects of many exporters in one statement (GraphQL lists). */
  async skippedOfMany(db: DataSource | EntityManager, names: string[]): Promise<Map<string, SkippedSubject[]>> {
    const rows: Array<{ exporter_name: string; subject: string; topic: string | null; rule: SkipRule; message: string; at: string }> =
      await db.query(
        'SELECT exporter_name, subject, topic, rule, message, at FROM exporter_skip WHERE exporter_name = ANY($1) ORDER BY exporter_name, subject',
        [names],
      );
    const out = new Map<string, SkippedSubject[]>(names.map((n) => [n, []]));
    for (const r of rows)
      out.get(r.exporter_name)?.push({ subject: r.subject, topic: r.topic, rule: r.rule, message: r.message, at: new Date(r.at) });
    return out;
  },

  /** Topic approvals of many exporters in one statement (GraphQL lists). */
  async approvedTopicsOfMany(
    db: DataSource | EntityManager,
    names: string[],
  ): Promise<Map<string, Array<{ topic: string; approvedBy: string; approvedAt: Date }>>> {
    const rows: Array<{ exporter_name: string; topic: string; approved_by: string; approved_at: string }> = await db.query(
      'SELECT exporter_name, topic, approved_by, approved_at FROM exporter_topic_approval WHERE exporter_name = ANY($1) ORDER BY exporter_name, topic',
      [names],
    );
    const out = new Map<string, Array<{ topic: string; approvedBy: string; approvedAt: Date }>>(names.map((n) => [n, []]));
    for (const r of rows)
      out.get(r.exporter_name)?.push({ topic: r.topic, approvedBy: r.approved_by, approvedAt: new Date(r.approved_at) });
    return out;
  },

  async approvedTopics(
    db: DataSource | EntityManager,
    name: string,
  ): Promise<Array<{ topic: string; approvedBy: string; approvedAt: Date }>> {
    const rows: Array<{ topic: string; approved_by: string; approved_at: string }> = await db.query(
      'SELECT topic, approved_by, approved_at FROM exporter_topic_approval WHERE exporter_name = $1 ORDER BY topic',
      [name],
    );
    return rows.map((r) => ({ topic: r.topic, approvedBy: r.approved_by, approvedAt: new Date(r.approved_at) }));
  },

  /** False when the topic was approved already. */
  async approveTopic(em: EntityManager, name: string, topic: string, by: string): Promise<boolean> {
    const rows = await em.query(
      `INSERT INTO exporter_topic_approval (exporter_name, topic, approved_by) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING topic`,
      [name, topic, by],
    );
    return rows.length === 1;
  },

  /** Topics approved for an exporter whose changes behind its offset have not gone out yet. */
  async pendingReplays(em: EntityManager, name: string): Promise<string[]> {
    const rows: Array<{ topic: string }> = await em.query(
      'SELECT topic FROM exporter_topic_approval WHERE exporter_name = $1 AND NOT replayed',
      [name],
    );
    return rows.map((r) => r.topic);
  },

  async markReplayed(em: EntityManager, name: string, topic: string): Promise<void> {
    await em.query('UPDATE exporter_topic_approval SET replayed = true WHERE exporter_name = $1 AND topic = $2', [name, topic]);
  },

  /** Forgets that a subject was skipped: it is exported now. */
  async clearSkip(em: EntityManager, name: string, subject: string): Promise<void> {
    await em.query('DELETE FROM exporter_skip WHERE exporter_name = $1 AND subject = $2', [name, subject]);
  },

  /** Records a skipped subject; false when it was skipped already for the same rule (nothing new to audit). */
  async recordSkip(
    em: EntityManager,
    name: string,
    skip: { subject: string; topic: string | null; rule: SkipRule; message: string },
  ): Promise<boolean> {
    const rows = returnedRows(
      await em.query(
        `INSERT INTO exporter_skip (exporter_name, subject, topic, rule, message) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (exporter_name, subject) DO UPDATE SET rule = EXCLUDED.rule, message = EXCLUDED.message, at = now()
           WHERE exporter_skip.rule <> EXCLUDED.rule
         RETURNING subject`,
        [name, skip.subject, skip.topic, skip.rule, skip.message],
      ),
    );
    return rows.length > 0;
  },

  /**
   * Claims for `holder` the runnable exporters whose lease is free, run out or its own, for `leaseMs`;
   * `SKIP LOCKED` leaves those another replica is claiming to it. The names claimed.
   */
  async claim(em: EntityManager, holder: string, leaseMs: number): Promise<string[]> {
    const rows = returnedRows<{ name: string }>(
      await em.query(
        `UPDATE exporter SET lease_holder = $1, lease_until = now() + make_interval(secs => $2::double precision / 1000)
        WHERE name IN (
          SELECT name FROM exporter
           WHERE state IN ('STARTING', 'RUNNING') AND (lease_holder = $1 OR lease_until IS NULL OR lease_until < now())
           ORDER BY name FOR UPDATE SKIP LOCKED)
        RETURNING name`,
        [holder, leaseMs],
      ),
    );
    return rows.map((r) => r.name);
  },

  async releaseLeases(em: EntityManager, holder: string): Promise<void> {
    await em.query(`UPDATE exporter SET lease_holder = NULL, lease_until = NULL WHERE lease_holder = $1`, [holder]);
  },

  /**
   * Moves a running exporter's offset past a pushed change and renews the lease, only while `holder`
   * holds it; false when it does not (anymore).
   */
  async advance(em: EntityManager, name: string, holder: string, change: { seq: number; at: Date }, leaseMs: number): Promise<boolean> {
    const rows = returnedRows(
      await em.query(
        `UPDATE exporter SET "offset" = $3, offset_at = $4, last_success_at = now(),
              lease_until = now() + make_interval(secs => $5::double precision / 1000)
        WHERE name = $1 AND lease_holder = $2 AND state = 'RUNNING' RETURNING name`,
        [name, holder, change.seq, change.at, leaseMs],
      ),
    );
    return rows.length > 0;
  },

  /** A turn of a running exporter went through: its last success is now, and no trace remains. */
  async markAlive(em: EntityManager, name: string, holder: string): Promise<void> {
    await em.query(
      `UPDATE exporter SET last_success_at = now(), trace = NULL WHERE name = $1 AND lease_holder = $2 AND state = 'RUNNING'`,
      [name, holder],
    );
  },

  /** Why the last turn failed, while `holder` holds the lease. */
  async setTrace(em: EntityManager, name: string, holder: string, trace: string): Promise<void> {
    await em.query(`UPDATE exporter SET trace = $3 WHERE name = $1 AND lease_holder = $2`, [name, holder, trace]);
  },

  /** Versions not yet pushed and the age of the oldest of them, per exporter (the measured RPO). */
  async lag(
    db: DataSource | EntityManager,
  ): Promise<Array<{ name: string; versions: number; seconds: number; lastSuccessAt: number | null }>> {
    const rows: Array<{ name: string; versions: string; seconds: number | null; last_success: number | null }> = await db.query(
      `SELECT e.name, EXTRACT(EPOCH FROM e.last_success_at)::float8 AS last_success,
              (SELECT count(*) FROM registry_change c WHERE c.seq > e."offset" AND c.kind = 'VERSION') AS versions,
              (SELECT EXTRACT(EPOCH FROM now() - min(c.at))::float8 FROM registry_change c WHERE c.seq > e."offset") AS seconds
         FROM exporter e ORDER BY e.name`,
    );
    return rows.map((r) => ({
      name: r.name,
      versions: Number(r.versions),
      seconds: Math.max(0, Number(r.seconds ?? 0)),
      lastSuccessAt: r.last_success === null ? null : Number(r.last_success),
    }));
  },
};

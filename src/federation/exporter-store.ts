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

  /** A catalogued topic's classification and jurisdiction, recorded with a steward's approval of its export. */
  async topicClassification(em: EntityManager, topic: string): Promise<{ classification: string; jurisdiction: string } | undefined> {
    const rows = await em.query('SELECT classification, jurisdiction FROM topic WHERE name = $1', [topic]);
    return rows[0];
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

import { EntityManager } from 'typeorm';
import { SchemaType } from '../compatibility';
import { guidOf } from './schema-identity';
import { Metadata, Mode, RegistryConfig, SchemaReference, StoredSchema, SubjectVersionRow } from './registry.types';

// Id allocation takes this transaction-scoped lock so replicas never hand out the same new id.
const ID_ALLOCATION_LOCK = 7_316_010;

interface SchemaRow {
  id: number;
  schema_type: SchemaType;
  canonical: string;
  references: SchemaReference[];
  metadata: Metadata | null;
  identity_hash: string;
}

const toSchema = (r: SchemaRow): StoredSchema => ({
  id: Number(r.id),
  guid: guidOf(r.identity_hash),
  schemaType: r.schema_type,
  canonical: r.canonical,
  references: r.references ?? [],
  metadata: r.metadata ?? null,
});

const toVersion = (r: { subject: string; version: number; schema_id: number; deleted: boolean; created_at: Date | string }): SubjectVersionRow => ({
  subject: r.subject,
  version: Number(r.version),
  schemaId: Number(r.schema_id),
  deleted: r.deleted,
  createdAt: new Date(r.created_at),
});

/** A subject holding U+0000 can never have been stored (PostgreSQL text refuses it): nothing to find. */
const unstorable = (subject: string) => subject.includes('\u0000');

const SCHEMA_COLUMNS = 'id, schema_type, canonical, "references", metadata, identity_hash';
const VERSION_COLUMNS = 'subject, version, schema_id, deleted, created_at';

/**
 * The registry's SQL, one statement per function. Every function takes the caller's EntityManager:
 * inside a write that is the transaction's (the embedded database has one session, so a second
 * connection from inside a transaction would wait for it forever).
 */
export const registryStore = {
  /** Serialises writes to one subject across replicas until the transaction ends. */
  async lockSubject(em: EntityManager, subject: string): Promise<void> {
    if (unstorable(subject)) return;
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [subject]);
  },

  async schemaById(em: EntityManager, id: number): Promise<StoredSchema | undefined> {
    const rows: SchemaRow[] = await em.query(`SELECT ${SCHEMA_COLUMNS} FROM registry_schema WHERE id = $1`, [id]);
    return rows[0] && toSchema(rows[0]);
  },

  /** Many schemas in one statement (catalogue pages). */
  async schemasByIds(em: EntityManager, ids: readonly number[]): Promise<StoredSchema[]> {
    const rows: SchemaRow[] = await em.query(`SELECT ${SCHEMA_COLUMNS} FROM registry_schema WHERE id = ANY($1)`, [[...ids]]);
    return rows.map(toSchema);
  },

  /** Live versions of many subjects in one statement, by subject then version. */
  async liveVersionsOf(em: EntityManager, subjects: readonly string[]): Promise<SubjectVersionRow[]> {
    const rows = await em.query(
      `SELECT ${VERSION_COLUMNS} FROM registry_subject_version WHERE subject = ANY($1) AND NOT deleted ORDER BY subject, version`,
      [[...subjects]],
    );
    return rows.map(toVersion);
  },

  async schemaByIdentity(em: EntityManager, hash: string): Promise<StoredSchema | undefined> {
    const rows: SchemaRow[] = await em.query(`SELECT ${SCHEMA_COLUMNS} FROM registry_schema WHERE identity_hash = $1`, [hash]);
    return rows[0] && toSchema(rows[0]);
  },

  async maxSchemaId(em: EntityManager): Promise<number> {
    const rows: Array<{ max: number | null }> = await em.query('SELECT max(id) AS max FROM registry_schema');
    return Number(rows[0]?.max ?? 0);
  },

  /**
   * Stores new content under max+1 (or the id IMPORT mode names). The lock orders concurrent
   * allocations; ON CONFLICT makes a concurrent insert of the same content resolve to one id.
   */
  async insertSchema(
    em: EntityManager,
    s: { schemaType: SchemaType; canonical: string; original: string; references: SchemaReference[]; metadata: Metadata | null; hash: string },
    explicitId?: number,
  ): Promise<number> {
    await em.query('SELECT pg_advisory_xact_lock($1)', [ID_ALLOCATION_LOCK]);
    const inserted: Array<{ id: number }> = await em.query(
      `INSERT INTO registry_schema (id, schema_type, canonical, original, "references", metadata, identity_hash)
       SELECT COALESCE($1::integer, COALESCE(max(id), 0) + 1), $2, $3, $4, $5::jsonb, $6::jsonb, $7 FROM registry_schema
       ON CONFLICT (identity_hash) DO NOTHING RETURNING id`,
      [explicitId ?? null, s.schemaType, s.canonical, s.original, JSON.stringify(s.references), s.metadata ? JSON.stringify(s.metadata) : null, s.hash],
    );
    const id = inserted[0] ? Number(inserted[0].id) : (await registryStore.schemaByIdentity(em, s.hash))!.id;
    if (inserted[0]) {
      for (const [position, ref] of s.references.entries()) {
        await em.query('INSERT INTO registry_reference (schema_id, position, name, subject, version) VALUES ($1, $2, $3, $4, $5)', [
          id,
          position,
          ref.name,
          ref.subject,
          ref.version,
        ]);
      }
    }
    return id;
  },

  async versionsOf(em: EntityManager, subject: string): Promise<SubjectVersionRow[]> {
    if (unstorable(subject)) return [];
    const rows = await em.query(`SELECT ${VERSION_COLUMNS} FROM registry_subject_version WHERE subject = $1 ORDER BY version`, [subject]);
    return rows.map(toVersion);
  },

  /** A referenced version, share-locked so that it cannot be deleted while a referrer is stored. */
  async lockVersionForReference(em: EntityManager, subject: string, version: number): Promise<SubjectVersionRow | undefined> {
    if (unstorable(subject)) return undefined;
    const rows = await em.query(`SELECT ${VERSION_COLUMNS} FROM registry_subject_version WHERE subject = $1 AND version = $2 FOR SHARE`, [
      subject,
      version,
    ]);
    return rows[0] && toVersion(rows[0]);
  },

  async versionsWithSchema(em: EntityManager, schemaId: number): Promise<SubjectVersionRow[]> {
    const rows = await em.query(`SELECT ${VERSION_COLUMNS} FROM registry_subject_version WHERE schema_id = $1 ORDER BY subject, version`, [schemaId]);
    return rows.map(toVersion);
  },

  /** Whether any version, soft-deleted or not, holds the schema. */
  async isSchemaHeld(em: EntityManager, schemaId: number): Promise<boolean> {
    const rows = await em.query('SELECT 1 FROM registry_subject_version WHERE schema_id = $1 LIMIT 1', [schemaId]);
    return rows.length > 0;
  },

  /** Which of `schemaIds` some version still holds. */
  async heldSchemaIds(em: EntityManager, schemaIds: number[]): Promise<Set<number>> {
    const rows: Array<{ schema_id: number }> = await em.query(
      'SELECT DISTINCT schema_id FROM registry_subject_version WHERE schema_id = ANY($1::int[])',
      [schemaIds],
    );
    return new Set(rows.map((r) => Number(r.schema_id)));
  },

  async insertVersion(em: EntityManager, subject: string, version: number, schemaId: number): Promise<SubjectVersionRow> {
    const rows = await em.query(
      `INSERT INTO registry_subject_version (subject, version, schema_id) VALUES ($1, $2, $3) RETURNING ${VERSION_COLUMNS}`,
      [subject, version, schemaId],
    );
    return toVersion(rows[0]);
  },

  async markDeleted(em: EntityManager, subject: string, versions: number[]): Promise<void> {
    await em.query('UPDATE registry_subject_version SET deleted = true WHERE subject = $1 AND version = ANY($2::int[])', [subject, versions]);
  },

  async deleteVersions(em: EntityManager, subject: string, versions: number[]): Promise<void> {
    await em.query('DELETE FROM registry_subject_version WHERE subject = $1 AND version = ANY($2::int[])', [subject, versions]);
  },

  /** Ids of schemas that still have versions and refer to the given subject versions. */
  async referrersOf(em: EntityManager, subject: string, versions: number[]): Promise<Array<{ version: number; schemaId: number }>> {
    if (unstorable(subject)) return [];
    const rows: Array<{ version: number; schema_id: number }> = await em.query(
      `SELECT DISTINCT r.version, r.schema_id FROM registry_reference r
       WHERE r.subject = $1 AND r.version = ANY($2::int[])
         AND EXISTS (SELECT 1 FROM registry_subject_version v WHERE v.schema_id = r.schema_id)
       ORDER BY r.schema_id`,
      [subject, versions],
    );
    return rows.map((r) => ({ version: Number(r.version), schemaId: Number(r.schema_id) }));
  },

  async subjects(em: EntityManager): Promise<Array<{ subject: string; live: boolean; anyDeleted: boolean }>> {
    const rows: Array<{ subject: string; live: boolean; any_deleted: boolean }> = await em.query(
      `SELECT subject, bool_or(NOT deleted) AS live, bool_or(deleted) AS any_deleted
       FROM registry_subject_version GROUP BY subject ORDER BY subject`,
    );
    return rows.map((r) => ({ subject: r.subject, live: r.live, anyDeleted: r.any_deleted }));
  },

  async anyLiveVersion(em: EntityManager, subject?: string): Promise<boolean> {
    if (subject !== undefined && unstorable(subject)) return false;
    const rows = subject
      ? await em.query('SELECT 1 FROM registry_subject_version WHERE NOT deleted AND subject = $1 LIMIT 1', [subject])
      : await em.query('SELECT 1 FROM registry_subject_version WHERE NOT deleted LIMIT 1');
    return rows.length > 0;
  },

  async allVersions(em: EntityManager): Promise<SubjectVersionRow[]> {
    const rows = await em.query(`SELECT ${VERSION_COLUMNS} FROM registry_subject_version ORDER BY subject, version`);
    return rows.map(toVersion);
  },

  async config(em: EntityManager, subject: string): Promise<RegistryConfig | undefined> {
    if (unstorable(subject)) return undefined;
    const rows: Array<{ compatibility_level: string | null; normalize: boolean | null; options: Record<string, unknown> }> = await em.query(
      'SELECT compatibility_level, normalize, options FROM registry_config WHERE subject = $1',
      [subject],
    );
    const r = rows[0];
    if (!r) return undefined;
    return {
      ...(r.compatibility_level ? { compatibilityLevel: r.compatibility_level as RegistryConfig['compatibilityLevel'] } : {}),
      ...(r.normalize !== null ? { normalize: r.normalize } : {}),
      options: r.options ?? {},
    };
  },

  async putConfig(em: EntityManager, subject: string, config: RegistryConfig): Promise<void> {
    await em.query(
      `INSERT INTO registry_config (subject, compatibility_level, normalize, options) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (subject) DO UPDATE SET compatibility_level = EXCLUDED.compatibility_level, normalize = EXCLUDED.normalize,
         options = EXCLUDED.options, updated_at = now()`,
      [subject, config.compatibilityLevel ?? null, config.normalize ?? null, JSON.stringify(config.options)],
    );
  },

  async deleteConfig(em: EntityManager, subject: string): Promise<void> {
    await em.query('DELETE FROM registry_config WHERE subject = $1', [subject]);
  },

  async mode(em: EntityManager, subject: string): Promise<Mode | undefined> {
    if (unstorable(subject)) return undefined;
    const rows: Array<{ mode: Mode }> = await em.query('SELECT mode FROM registry_mode WHERE subject = $1', [subject]);
    return rows[0]?.mode;
  },

  async putMode(em: EntityManager, subject: string, mode: Mode): Promise<void> {
    await em.query(
      `INSERT INTO registry_mode (subject, mode) VALUES ($1, $2)
       ON CONFLICT (subject) DO UPDATE SET mode = EXCLUDED.mode, updated_at = now()`,
      [subject, mode],
    );
  },

  async deleteMode(em: EntityManager, subject: string): Promise<void> {
    await em.query('DELETE FROM registry_mode WHERE subject = $1', [subject]);
  },
};

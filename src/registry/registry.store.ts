import { EntityManager } from 'typeorm';
import { SchemaType } from '@charter/engine';
import { contextPrefix, DEFAULT_CONTEXT, referenceTarget } from './qualified-subject';
import { noteRegistryChange } from './registry-change';
import { guidOf } from './schema-identity';
import { Metadata, RuleSet, SchemaReference, StoredSchema, SubjectVersionRow } from './registry.types';

interface SchemaRow {
  context: string;
  id: number;
  schema_type: SchemaType;
  canonical: string;
  references: SchemaReference[];
  metadata: Metadata | null;
  rule_set: RuleSet | null;
  identity_hash: string;
}

const toSchema = (r: SchemaRow): StoredSchema => ({
  context: r.context,
  id: Number(r.id),
  guid: guidOf(r.identity_hash),
  schemaType: r.schema_type,
  canonical: r.canonical,
  references: r.references ?? [],
  metadata: r.metadata ?? null,
  ruleSet: r.rule_set ?? null,
});

const toVersion = (r: {
  subject: string;
  context: string;
  version: number;
  schema_id: number;
  deleted: boolean;
  created_at: Date | string;
}): SubjectVersionRow => ({
  subject: r.subject,
  context: r.context,
  version: Number(r.version),
  schemaId: Number(r.schema_id),
  deleted: r.deleted,
  createdAt: new Date(r.created_at),
});

/** What `insertSchema` stores; `context` defaults to the default context. */
export interface NewSchema {
  context?: string;
  schemaType: SchemaType;
  canonical: string;
  original: string;
  references: SchemaReference[];
  metadata: Metadata | null;
  ruleSet: RuleSet | null;
  hash: string;
}

/** A subject holding U+0000 can never have been stored (PostgreSQL text refuses it): nothing to find. */
export const unstorable = (subject: string) => subject.includes('\u0000');

const SCHEMA_COLUMNS = 'context, id, schema_type, canonical, "references", metadata, rule_set, identity_hash';
const VERSION_COLUMNS = 'subject, context, version, schema_id, deleted, created_at';

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

  async schemaById(em: EntityManager, id: number, context = DEFAULT_CONTEXT): Promise<StoredSchema | undefined> {
    const rows: SchemaRow[] = await em.query(`SELECT ${SCHEMA_COLUMNS} FROM registry_schema WHERE context = $1 AND id = $2`, [context, id]);
    return rows[0] && toSchema(rows[0]);
  },

  /** Many schemas of the default context in one statement (catalogue pages). */
  async schemasByIds(em: EntityManager, ids: readonly number[]): Promise<StoredSchema[]> {
    const rows: SchemaRow[] = await em.query(`SELECT ${SCHEMA_COLUMNS} FROM registry_schema WHERE context = '.' AND id = ANY($1)`, [
      [...ids],
    ]);
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

  async schemaByIdentity(em: EntityManager, hash: string, context = DEFAULT_CONTEXT): Promise<StoredSchema | undefined> {
    const rows: SchemaRow[] = await em.query(`SELECT ${SCHEMA_COLUMNS} FROM registry_schema WHERE context = $1 AND identity_hash = $2`, [
      context,
      hash,
    ]);
    return rows[0] && toSchema(rows[0]);
  },

  /** The content in every context where a version (soft-deleted or not) holds it: the default context first, then by name. */
  async schemasByIdentity(em: EntityManager, hash: string): Promise<StoredSchema[]> {
    const rows: SchemaRow[] = await em.query(
      `SELECT ${SCHEMA_COLUMNS} FROM registry_schema s WHERE identity_hash = $1
         AND EXISTS (SELECT 1 FROM registry_subject_version v WHERE v.context = s.context AND v.schema_id = s.id)
       ORDER BY context <> '.', context`,
      [hash],
    );
    return rows.map(toSchema);
  },

  async maxSchemaId(em: EntityManager, context = DEFAULT_CONTEXT): Promise<number> {
    const rows: Array<{ max: number | null }> = await em.query('SELECT max(id) AS max FROM registry_schema WHERE context = $1', [context]);
    return Number(rows[0]?.max ?? 0);
  },

  /** Contexts other than the default one that hold at least one version, by name. */
  async contextsWithSubjects(em: EntityManager): Promise<string[]> {
    const rows: Array<{ context: string }> = await em.query(
      "SELECT DISTINCT context FROM registry_subject_version WHERE context <> '.' ORDER BY context",
    );
    return rows.map((r) => r.context);
  },

  /**
   * Stores new content under the next id of the sequence, or the id IMPORT mode names, and answers
   * the id that holds the content: ON CONFLICT makes a concurrent insert of the same content wait
   * for the first and resolve to its id. Nothing is locked beyond the row, so registrations into
   * different subjects never take turns here. Undefined: the named id holds other content.
   * Outside the default context ids come from that context's own space (`insertContextSchema`).
   */
  async insertSchema(em: EntityManager, s: NewSchema, explicitId?: number): Promise<number | undefined> {
    const context = s.context ?? DEFAULT_CONTEXT;
    if (context !== DEFAULT_CONTEXT) return registryStore.insertContextSchema(em, context, s, explicitId);
    for (let attempt = 1; ; attempt++) {
      const inserted: Array<{ id: number }> = await em.query(
        `INSERT INTO registry_schema (id, schema_type, canonical, original, "references", metadata, identity_hash, rule_set)
         VALUES (COALESCE($1::integer, nextval('registry_schema_id_seq')), $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8::jsonb)
         ON CONFLICT DO NOTHING RETURNING id`,
        [explicitId ?? null, ...schemaValues(s)],
      );
      if (inserted[0]) {
        const id = Number(inserted[0].id);
        if (explicitId !== undefined) await registryStore.moveIdSequencePast(em, id);
        await registryStore.insertReferences(em, context, id, s.references);
        return id;
      }
      const holder = await registryStore.schemaByIdentity(em, s.hash);
      if (holder) return holder.id;
      if (explicitId !== undefined) return undefined;
      // The sequence handed out an id an import had already taken: move past every stored id.
      if (attempt === 3) throw new Error('schema id allocation kept colliding with stored ids');
      await registryStore.moveIdSequencePast(em, await registryStore.maxSchemaId(em));
    }
  },

  /**
   * A named context's id space. Contexts are mostly written by imports, which bring their ids; a
   * new id is the context's highest plus one, taken under a lock on the context held to commit
   * (two-key advisory locks never meet the one-key subject locks).
   */
  async insertContextSchema(em: EntityManager, context: string, s: NewSchema, explicitId?: number): Promise<number | undefined> {
    for (let attempt = 1; ; attempt++) {
      let id = explicitId;
      if (id === undefined) {
        await em.query(`SELECT pg_advisory_xact_lock(hashtext('registry-context-ids'), hashtext($1))`, [context]);
        const holder = await registryStore.schemaByIdentity(em, s.hash, context);
        if (holder) return holder.id;
        id = (await registryStore.maxSchemaId(em, context)) + 1;
      }
      const inserted: Array<{ id: number }> = await em.query(
        `INSERT INTO registry_schema (context, id, schema_type, canonical, original, "references", metadata, identity_hash, rule_set)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9::jsonb)
         ON CONFLICT DO NOTHING RETURNING id`,
        [context, id, ...schemaValues(s)],
      );
      if (inserted[0]) {
        await registryStore.insertReferences(em, context, id, s.references);
        return id;
      }
      const holder = await registryStore.schemaByIdentity(em, s.hash, context);
      if (holder) return holder.id;
      if (explicitId !== undefined) return undefined;
      // An import without the lock took the id meanwhile: the next round sees it.
      if (attempt === 3) throw new Error(`schema id allocation in context ${context} kept colliding with imported ids`);
    }
  },

  /** Ids given in IMPORT mode may be ahead of the sequence; it must never hand them out again. */
  async moveIdSequencePast(em: EntityManager, id: number): Promise<void> {
    await em.query(`SELECT setval('registry_schema_id_seq', $1::bigint) FROM registry_schema_id_seq WHERE last_value < $1::bigint`, [id]);
  },

  /** Each reference as the subject it points at: unqualified ones are read in the schema's context. */
  async insertReferences(em: EntityManager, context: string, schemaId: number, references: SchemaReference[]): Promise<void> {
    for (const [position, ref] of references.entries()) {
      await em.query(
        'INSERT INTO registry_reference (context, schema_id, position, name, subject, version) VALUES ($1, $2, $3, $4, $5, $6)',
        [context, schemaId, position, ref.name, referenceTarget(contextPrefix(context), ref.subject), ref.version],
      );
    }
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

  async versionsWithSchema(em: EntityManager, schemaId: number, context = DEFAULT_CONTEXT): Promise<SubjectVersionRow[]> {
    if (unstorable(context)) return [];
    const rows = await em.query(
      `SELECT ${VERSION_COLUMNS} FROM registry_subject_version WHERE context = $1 AND schema_id = $2 ORDER BY subject, version`,
      [context, schemaId],
    );
    return rows.map(toVersion);
  },

  /** Whether any version, soft-deleted or not, holds the default context's schema. */
  async isSchemaHeld(em: EntityManager, schemaId: number): Promise<boolean> {
    const rows = await em.query("SELECT 1 FROM registry_subject_version WHERE context = '.' AND schema_id = $1 LIMIT 1", [schemaId]);
    return rows.length > 0;
  },

  /** Which of the default context's `schemaIds` some version still holds. */
  async heldSchemaIds(em: EntityManager, schemaIds: number[]): Promise<Set<number>> {
    const rows: Array<{ schema_id: number }> = await em.query(
      "SELECT DISTINCT schema_id FROM registry_subject_version WHERE context = '.' AND schema_id = ANY($1::int[])",
      [schemaIds],
    );
    return new Set(rows.map((r) => Number(r.schema_id)));
  },

  async insertVersion(em: EntityManager, subject: string, version: number, schemaId: number): Promise<SubjectVersionRow> {
    const rows = await em.query(
      `INSERT INTO registry_subject_version (subject, version, schema_id) VALUES ($1, $2, $3) RETURNING ${VERSION_COLUMNS}`,
      [subject, version, schemaId],
    );
    noteRegistryChange(em);
    return toVersion(rows[0]);
  },

  async markDeleted(em: EntityManager, subject: string, versions: number[]): Promise<void> {
    await em.query('UPDATE registry_subject_version SET deleted = true WHERE subject = $1 AND version = ANY($2::int[])', [
      subject,
      versions,
    ]);
    noteRegistryChange(em);
  },

  async deleteVersions(em: EntityManager, subject: string, versions: number[]): Promise<void> {
    await em.query('DELETE FROM registry_subject_version WHERE subject = $1 AND version = ANY($2::int[])', [subject, versions]);
    noteRegistryChange(em);
  },

  /** Ids of schemas that still have versions and refer to the given subject versions (ids of the referrers' contexts). */
  async referrersOf(em: EntityManager, subject: string, versions: number[]): Promise<Array<{ version: number; schemaId: number }>> {
    if (unstorable(subject)) return [];
    const rows: Array<{ version: number; schema_id: number }> = await em.query(
      `SELECT DISTINCT r.version, r.schema_id FROM registry_reference r
       WHERE r.subject = $1 AND r.version = ANY($2::int[])
         AND EXISTS (SELECT 1 FROM registry_subject_version v WHERE v.context = r.context AND v.schema_id = r.schema_id)
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

  /** Whether any version, soft-deleted or not, is in the context. */
  async anyVersionInContext(em: EntityManager, context: string): Promise<boolean> {
    if (unstorable(context)) return false;
    const rows = await em.query('SELECT 1 FROM registry_subject_version WHERE context = $1 LIMIT 1', [context]);
    return rows.length > 0;
  },

  async anyLiveVersionInContext(em: EntityManager, context: string): Promise<boolean> {
    const rows = await em.query('SELECT 1 FROM registry_subject_version WHERE NOT deleted AND context = $1 LIMIT 1', [context]);
    return rows.length > 0;
  },

  async allVersions(em: EntityManager): Promise<SubjectVersionRow[]> {
    const rows = await em.query(`SELECT ${VERSION_COLUMNS} FROM registry_subject_version ORDER BY subject, version`);
    return rows.map(toVersion);
  },

  /** A subject version's schema as an exporter copies it (raw columns), or undefined once permanently deleted. */
  async versionForExport(
    em: EntityManager,
    subject: string,
    version: number | null,
  ): Promise<
    | {
        id: number | string;
        schema_type: SchemaType;
        canonical: string;
        references: SchemaReference[] | null;
        metadata: Metadata | null;
        rule_set: RuleSet | null;
      }
    | undefined
  > {
    const [row] = await em.query(
      `SELECT s.id, s.schema_type, s.canonical, s."references", s.metadata, s.rule_set FROM registry_subject_version v
         JOIN registry_schema s ON s.context = v.context AND s.id = v.schema_id WHERE v.subject = $1 AND v.version = $2`,
      [subject, version],
    );
    return row;
  },
};

/** A new schema's column values after its context and id, in the order both inserts list them. */
function schemaValues(s: NewSchema): unknown[] {
  return [
    s.schemaType,
    s.canonical,
    s.original,
    JSON.stringify(s.references),
    s.metadata ? JSON.stringify(s.metadata) : null,
    s.hash,
    s.ruleSet ? JSON.stringify(s.ruleSet) : null,
  ];
}

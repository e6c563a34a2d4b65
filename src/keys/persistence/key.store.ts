import { EntityManager } from 'typeorm';
import { Dek, DekAlgorithm, Kek } from '../domain/key-vocabulary';

interface KekRow {
  name: string;
  kms_type: string;
  kms_key_id: string;
  kms_props: Record<string, string>;
  doc: string | null;
  shared: boolean;
  jurisdiction: string;
  deleted: boolean;
  updated_at: Date | string;
}

interface DekRow {
  kek_name: string;
  subject: string;
  version: number;
  algorithm: DekAlgorithm;
  encrypted_key_material: string;
  deleted: boolean;
  updated_at: Date | string;
}

const toKek = (r: KekRow): Kek => ({
  name: r.name,
  kmsType: r.kms_type,
  kmsKeyId: r.kms_key_id,
  kmsProps: r.kms_props ?? {},
  doc: r.doc,
  shared: r.shared,
  jurisdiction: r.jurisdiction,
  deleted: r.deleted,
  updatedAt: new Date(r.updated_at),
});

const toDek = (r: DekRow): Dek => ({
  kekName: r.kek_name,
  subject: r.subject,
  version: Number(r.version),
  algorithm: r.algorithm,
  encryptedKeyMaterial: r.encrypted_key_material,
  deleted: r.deleted,
  updatedAt: new Date(r.updated_at),
});

const KEK_COLUMNS = 'name, kms_type, kms_key_id, kms_props, doc, shared, jurisdiction, deleted, updated_at';
const DEK_COLUMNS = 'kek_name, subject, version, algorithm, encrypted_key_material, deleted, updated_at';

/** TypeORM answers an UPDATE or DELETE with `[rows, affected]`, an INSERT or SELECT with the rows. */
function returned<T>(result: unknown): T[] {
  const r = result as unknown[];
  return Array.isArray(r[0]) ? (r[0] as T[]) : (r as T[]);
}

/** Which DEKs of one KEK a statement is about; `version` undefined means every version. */
export interface DekScope {
  kekName: string;
  subject: string;
  algorithm: DekAlgorithm;
  version?: number;
}

const scopeSql = (s: DekScope) =>
  s.version === undefined
    ? { where: 'kek_name = $1 AND subject = $2 AND algorithm = $3', params: [s.kekName, s.subject, s.algorithm] }
    : {
        where: 'kek_name = $1 AND subject = $2 AND algorithm = $3 AND version = $4',
        params: [s.kekName, s.subject, s.algorithm, s.version],
      };

/**
 * The key registry's SQL, one statement per function, each on the caller's EntityManager (inside a
 * write, the transaction's). Key writes of one KEK are serialised by locking its row.
 */
export const keyStore = {
  async kek(em: EntityManager, name: string, options: { forUpdate?: boolean } = {}): Promise<Kek | undefined> {
    const rows: KekRow[] = await em.query(`SELECT ${KEK_COLUMNS} FROM kek WHERE name = $1${options.forUpdate ? ' FOR UPDATE' : ''}`, [
      name,
    ]);
    return rows[0] && toKek(rows[0]);
  },

  async keks(em: EntityManager, deleted: boolean): Promise<Kek[]> {
    const rows: KekRow[] = await em.query(`SELECT ${KEK_COLUMNS} FROM kek WHERE ($1 OR NOT deleted) ORDER BY name`, [deleted]);
    return rows.map(toKek);
  },

  /** Names of KEKs with a DEK whose subject starts with one of the prefixes (Confluent's `subjectPrefix`). */
  async kekNamesBySubjectPrefix(em: EntityManager, prefixes: string[], deleted: boolean): Promise<string[]> {
    const rows: Array<{ kek_name: string }> = await em.query(
      `SELECT DISTINCT kek_name FROM dek
        WHERE ($2 OR NOT deleted) AND EXISTS (SELECT 1 FROM unnest($1::text[]) p WHERE starts_with(subject, p))
        ORDER BY kek_name`,
      [prefixes, deleted],
    );
    return rows.map((r) => r.kek_name);
  },

  async insertKek(em: EntityManager, kek: Omit<Kek, 'updatedAt' | 'shared'>, actor: string): Promise<Kek> {
    const rows: KekRow[] = await em.query(
      `INSERT INTO kek (name, kms_type, kms_key_id, kms_props, doc, jurisdiction, deleted, created_by)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8) RETURNING ${KEK_COLUMNS}`,
      [kek.name, kek.kmsType, kek.kmsKeyId, JSON.stringify(kek.kmsProps), kek.doc, kek.jurisdiction, kek.deleted, actor],
    );
    return toKek(rows[0]);
  },

  async updateKek(em: EntityManager, name: string, change: { kmsProps: Record<string, string>; doc: string | null; deleted: boolean }) {
    const rows = returned<KekRow>(
      await em.query(
        `UPDATE kek SET kms_props = $2::jsonb, doc = $3, deleted = $4, updated_at = now() WHERE name = $1 RETURNING ${KEK_COLUMNS}`,
        [name, JSON.stringify(change.kmsProps), change.doc, change.deleted],
      ),
    );
    return toKek(rows[0]);
  },

  async removeKek(em: EntityManager, name: string): Promise<void> {
    await em.query('DELETE FROM kek WHERE name = $1', [name]);
  },

  async countDeks(em: EntityManager, kekName: string, includeDeleted: boolean): Promise<number> {
    const rows: Array<{ n: string }> = await em.query('SELECT count(*) AS n FROM dek WHERE kek_name = $1 AND ($2 OR NOT deleted)', [
      kekName,
      includeDeleted,
    ]);
    return Number(rows[0].n);
  },

  async dekSubjects(em: EntityManager, kekName: string, deleted: boolean): Promise<string[]> {
    const rows: Array<{ subject: string }> = await em.query(
      'SELECT DISTINCT subject FROM dek WHERE kek_name = $1 AND ($2 OR NOT deleted) ORDER BY subject',
      [kekName, deleted],
    );
    return rows.map((r) => r.subject);
  },

  /** The DEKs in scope, oldest version first. */
  async deks(em: EntityManager, scope: DekScope, deleted: boolean): Promise<Dek[]> {
    const { where, params } = scopeSql(scope);
    const rows: DekRow[] = await em.query(
      `SELECT ${DEK_COLUMNS} FROM dek WHERE ${where} AND ($${params.length + 1} OR NOT deleted) ORDER BY version`,
      [...params, deleted],
    );
    return rows.map(toDek);
  },

  async insertDek(em: EntityManager, dek: Omit<Dek, 'updatedAt'>, actor: string): Promise<Dek> {
    const rows: DekRow[] = await em.query(
      `INSERT INTO dek (kek_name, subject, version, algorithm, encrypted_key_material, deleted, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${DEK_COLUMNS}`,
      [dek.kekName, dek.subject, dek.version, dek.algorithm, dek.encryptedKeyMaterial, dek.deleted, actor],
    );
    return toDek(rows[0]);
  },

  /** Marks the DEKs in scope deleted or live; returns the versions that changed. */
  async setDeksDeleted(em: EntityManager, scope: DekScope, deleted: boolean): Promise<number[]> {
    const { where, params } = scopeSql(scope);
    const rows = returned<{ version: number }>(
      await em.query(
        `UPDATE dek SET deleted = $${params.length + 1}, updated_at = now() WHERE ${where} AND deleted <> $${params.length + 1} RETURNING version`,
        [...params, deleted],
      ),
    );
    return rows.map((r) => Number(r.version)).sort((a, b) => a - b);
  },

  async removeDeks(em: EntityManager, scope: DekScope): Promise<number[]> {
    const { where, params } = scopeSql(scope);
    const rows = returned<{ version: number }>(await em.query(`DELETE FROM dek WHERE ${where} RETURNING version`, params));
    return rows.map((r) => Number(r.version)).sort((a, b) => a - b);
  },

  /** One more successful read of a subject's DEK by a principal: a counter, not an audit entry. */
  async countRead(em: EntityManager, principal: string, kekName: string, subject: string): Promise<void> {
    await em.query(
      `INSERT INTO dek_read_count (principal, kek_name, subject, reads) VALUES ($1, $2, $3, 1)
       ON CONFLICT (principal, kek_name, subject) DO UPDATE SET reads = dek_read_count.reads + 1, last_read_at = now()`,
      [principal, kekName, subject],
    );
  },

  /** The KEKs and algorithms serving each subject (live DEKs only), for Topic.encryptionKeys. */
  async keysOfSubjects(em: EntityManager, subjects: readonly string[]) {
    const rows: Array<KekRow & { subject: string; algorithm: DekAlgorithm; latest_version: number }> = await em.query(
      `SELECT d.subject, d.algorithm, max(d.version) AS latest_version, ${KEK_COLUMNS.split(', ')
        .map((c) => `k.${c}`)
        .join(', ')}
         FROM dek d JOIN kek k ON k.name = d.kek_name
        WHERE d.subject = ANY($1) AND NOT d.deleted
        GROUP BY d.subject, d.algorithm, k.name
        ORDER BY d.subject, k.name, d.algorithm`,
      [[...subjects]],
    );
    return rows.map((r) => ({ subject: r.subject, algorithm: r.algorithm, latestVersion: Number(r.latest_version), kek: toKek(r) }));
  },
};

/** Reads for GraphQL, batched by KEK name for the per-request DataLoaders. */
export const keyReportStore = {
  async deksOfKeks(em: EntityManager, kekNames: readonly string[]) {
    const rows: Array<{ kek_name: string; subject: string; algorithm: DekAlgorithm; versions: number[]; deleted: boolean }> =
      await em.query(
        `SELECT kek_name, subject, algorithm, array_agg(version ORDER BY version) AS versions, bool_and(deleted) AS deleted
         FROM dek WHERE kek_name = ANY($1) GROUP BY kek_name, subject, algorithm ORDER BY kek_name, subject, algorithm`,
        [[...kekNames]],
      );
    return kekNames.map((name) =>
      rows
        .filter((r) => r.kek_name === name)
        .map((r) => ({ subject: r.subject, algorithm: r.algorithm, versions: r.versions.map(Number), deleted: r.deleted })),
    );
  },

  async readsOfKeks(em: EntityManager, kekNames: readonly string[]) {
    const rows: Array<{ kek_name: string; principal: string; subject: string; reads: string; last_read_at: Date | string }> =
      await em.query(
        `SELECT kek_name, principal, subject, reads, last_read_at FROM dek_read_count
        WHERE kek_name = ANY($1) ORDER BY kek_name, subject, principal`,
        [[...kekNames]],
      );
    return kekNames.map((name) =>
      rows
        .filter((r) => r.kek_name === name)
        .map((r) => ({ principal: r.principal, subject: r.subject, reads: Number(r.reads), lastReadAt: new Date(r.last_read_at) })),
    );
  },
};

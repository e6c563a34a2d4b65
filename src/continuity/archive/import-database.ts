import type { Database } from '../../database/open-database';
import { BackupFileError, BackupHeader, BackupTargetError } from './backup-format';
import { progressBar } from './backup-progress';
import { readBackup } from './backup-reader';
import { appliedMigrations, discoverTables, ident, readSequences, Sql, TableInfo } from './table-catalog';

export interface ImportSummary {
  tables: Array<{ name: string; rows: number }>;
}

// Rows per INSERT; big enough to be fast, small enough to keep one statement's JSON modest.
const BATCH_ROWS = 500;

/**
 * Rows the migrations themselves write into a new database (the default Kafka cluster). A database
 * holding only these is empty; the import replaces them with the backup's own, when it has any.
 */
const SEEDED_ROWS: Array<{ table: string; where: string }> = [
  { table: 'kafka_cluster', where: `is_default AND created_by = 'charter-system'` },
];

const seededIn = (table: string) => SEEDED_ROWS.find((s) => s.table === table);

/** The target must be an empty database at the same or a later migration than the export. */
async function checkTarget(sql: Sql, header: BackupHeader, tables: TableInfo[], force: boolean): Promise<void> {
  const applied = new Set(await appliedMigrations(sql));
  const unknown = header.migrations.filter((m) => !applied.has(m));
  if (unknown.length > 0) {
    throw new BackupTargetError(
      `the backup was made by a newer Charter (migrations ${unknown.join(', ')} are unknown here); upgrade Charter, then import`,
    );
  }
  const byName = new Map(tables.map((t) => [t.name, t]));
  for (const t of header.tables) {
    const target = byName.get(t.name);
    if (!target) throw new BackupTargetError(`the backup has table ${t.name}, which this database does not have`);
    const missing = t.columns.filter((c) => !target.columns.includes(c));
    if (missing.length > 0) throw new BackupTargetError(`table ${t.name} here has no column ${missing.join(', ')}, which the backup has`);
  }
  if (force) return;
  const filled: string[] = [];
  for (const t of tables) {
    const seeded = seededIn(t.name);
    const userRows = seeded ? ` WHERE NOT (${seeded.where})` : '';
    if ((await sql(`SELECT EXISTS (SELECT 1 FROM ${ident(t.name)}${userRows}) AS filled`))[0].filled) filled.push(t.name);
  }
  if (filled.length > 0) {
    throw new BackupTargetError(
      `import needs an empty database, and ${filled.join(', ')} ${filled.length === 1 ? 'has' : 'have'} rows; import into a new database (do not start the service on it before the import), or add --force to replace everything in it`,
    );
  }
}

function insertStatement(table: TableInfo, columns: string[]): string {
  const list = columns.map(ident).join(', ');
  // Identity columns (audit_log.seq) keep their exported values: ids and the chain stay identical.
  const overriding = table.hasIdentity ? ' OVERRIDING SYSTEM VALUE' : '';
  return `INSERT INTO ${ident(table.name)} (${list})${overriding} SELECT ${list} FROM jsonb_populate_recordset(NULL::${ident(table.name)}, $1::jsonb)`;
}

/** Sequences continue where the source stopped, and never below the highest restored id. */
async function restoreSequences(sql: Sql, header: BackupHeader, tables: TableInfo[]): Promise<void> {
  const present = new Set((await readSequences(sql)).map((s) => s.name));
  for (const s of header.sequences) {
    if (s.lastValue !== null && present.has(s.name))
      await sql(`SELECT setval($1::regclass, $2::bigint, true)`, [ident(s.name), s.lastValue]);
  }
  for (const table of tables) {
    for (const column of table.columns) {
      const [{ seq }] = await sql(`SELECT pg_get_serial_sequence($1, $2) AS seq`, [ident(table.name), column]);
      if (!seq) continue;
      await sql(
        `SELECT setval($1::regclass, m) FROM (SELECT max(${ident(column)})::bigint AS m FROM ${ident(table.name)}) x
          WHERE m IS NOT NULL AND m > coalesce(pg_sequence_last_value($1::regclass), 0)`,
        [seq],
      );
    }
  }
}

/**
 * A forced restore replaces everything, the audit log included (the backup brings its own chain).
 * Triggers that refuse TRUNCATE (the audit log's append-only guard) step aside for this one
 * statement and are back before the transaction can commit.
 */
async function emptyTables(sql: Sql, tables: TableInfo[]): Promise<void> {
  const guards: Array<{ table: string; trigger: string }> = await sql(
    `SELECT c.relname AS table, t.tgname AS trigger FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE NOT t.tgisinternal AND t.tgenabled = 'O' AND (t.tgtype & 32) <> 0 AND c.relnamespace = current_schema()::regnamespace`,
  );
  for (const g of guards) await sql(`ALTER TABLE ${ident(g.table)} DISABLE TRIGGER ${ident(g.trigger)}`);
  await sql(`TRUNCATE ${tables.map((t) => ident(t.name)).join(', ')} RESTART IDENTITY CASCADE`);
  for (const g of guards) await sql(`ALTER TABLE ${ident(g.table)} ENABLE TRIGGER ${ident(g.trigger)}`);
}

/** The backup brings its own rows of the tables the migrations seed; an older backup keeps the seeded ones. */
async function dropSeededRows(sql: Sql, header: BackupHeader): Promise<void> {
  for (const t of header.tables) {
    const seeded = seededIn(t.name);
    if (seeded && t.rows > 0) await sql(`DELETE FROM ${ident(t.name)} WHERE ${seeded.where}`);
  }
}

/**
 * Restores a backup into an empty (or, forced, a replaced) migrated database in one transaction: the file is verified
 * first (structure and checksum) without touching the database, then read again while inserting,
 * and the transaction commits only if the second read verifies too.
 */
export async function importDatabase(database: Database, file: string, options: { force?: boolean } = {}): Promise<ImportSummary> {
  const header = await readBackup(file);
  const runner = database.dataSource.createQueryRunner();
  const sql: Sql = (q, p) => runner.query(q, p);
  await runner.connect();
  try {
    const tables = await discoverTables(sql);
    await checkTarget(sql, header, tables, options.force === true);
    const byName = new Map(tables.map((t) => [t.name, t]));
    const progress = progressBar(
      'import',
      header.tables.reduce((n, t) => n + t.rows, 0),
    );
    await sql('BEGIN');
    // The registry's change-log triggers stand aside: the backup brings its own change log.
    await sql(`SELECT set_config('charter.restoring', 'on', true)`);
    try {
      // Forced: the old rows go in the same transaction, so a failed restore leaves them in place.
      if (options.force && tables.length > 0) await emptyTables(sql, tables);
      else await dropSeededRows(sql, header);
      await readBackup(
        file,
        async (t, rows) => {
          try {
            await sql(insertStatement(byName.get(t.name)!, t.columns), [`[${rows.join(',')}]`]);
          } catch (err) {
            throw new BackupFileError(`the rows of table ${t.name} cannot be restored: ${(err as Error).message}`);
          }
          progress.increment(rows.length);
        },
        // A table that refers to itself goes in one statement: PostgreSQL checks those keys at its end.
        (t) => (byName.get(t.name)!.selfReferencing ? t.rows : BATCH_ROWS),
      );
      await restoreSequences(sql, header, tables);
      await sql('COMMIT');
    } catch (err) {
      await sql('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      progress.stop();
    }
    return { tables: header.tables.map((t) => ({ name: t.name, rows: t.rows })) };
  } finally {
    await runner.release();
  }
}

import { once } from 'node:events';
import { createReadStream, createWriteStream, renameSync, rmSync, WriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Database } from '../../database/open-database';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, headerLine, startChecksum, tableMarker, UnsignedHeader } from './backup-format';
import { progressBar } from './backup-progress';
import { appliedMigrations, discoverTables, ident, literal, readSequences, Sql, TableInfo } from './table-catalog';

const FETCH_SIZE = 1_000;

export interface ExportSummary {
  createdAt: string;
  tables: Array<{ name: string; rows: number }>;
  sha256: string;
}

async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

/** PostgreSQL renders each row, so every type (timestamps, jsonb, arrays, bigints) round-trips. */
function rowQuery(table: TableInfo, generated: string[]): string {
  const minus = generated.length > 0 ? ` - ARRAY[${generated.map(literal).join(', ')}]::text[]` : '';
  const order = table.primaryKey.length > 0 ? ` ORDER BY ${table.primaryKey.map(ident).join(', ')}` : '';
  return `SELECT (to_jsonb(t)${minus})::text AS row FROM ${ident(table.name)} t${order}`;
}

/**
 * Writes every Charter table to `file` from one consistent snapshot (a repeatable-read, read-only
 * transaction, so the service can keep running on PostgreSQL). Rows go to a side file first while
 * the checksum is computed, then header and rows are joined and renamed into place: a failed
 * export never leaves a file that looks complete.
 */
export async function exportDatabase(database: Database, file: string, label: { jurisdiction?: string } = {}): Promise<ExportSummary> {
  const runner = database.dataSource.createQueryRunner();
  const sql: Sql = (q, p) => runner.query(q, p);
  const bodyFile = `${file}.rows.partial`;
  const joinedFile = `${file}.partial`;
  try {
    await runner.connect();
    await sql('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const tables = await discoverTables(sql);
    const allColumns: Array<{ table_name: string; column_name: string }> = await sql(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()`,
    );
    const counts = new Map<string, number>();
    for (const t of tables) counts.set(t.name, Number((await sql(`SELECT count(*)::int AS n FROM ${ident(t.name)}`))[0].n));
    const header: UnsignedHeader = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      ...(label.jurisdiction ? { jurisdiction: label.jurisdiction } : {}),
      migrations: await appliedMigrations(sql),
      tables: tables.map((t) => ({ name: t.name, columns: t.columns, rows: counts.get(t.name)! })),
      sequences: await readSequences(sql),
    };

    const checksum = startChecksum(header);
    const body = createWriteStream(bodyFile, { mode: 0o600 });
    const progress = progressBar(
      'export',
      [...counts.values()].reduce((a, b) => a + b, 0),
    );
    try {
      for (const table of tables) {
        const line = `${tableMarker(table.name, counts.get(table.name)!)}\n`;
        checksum.update(line);
        await write(body, line);
        const generated = allColumns
          .filter((c) => c.table_name === table.name && !table.columns.includes(c.column_name))
          .map((c) => c.column_name);
        await sql(`DECLARE charter_backup NO SCROLL CURSOR FOR ${rowQuery(table, generated)}`);
        for (;;) {
          const rows: Array<{ row: string }> = await sql(`FETCH FORWARD ${FETCH_SIZE} FROM charter_backup`);
          if (rows.length === 0) break;
          const chunk = rows.map((r) => `${r.row}\n`).join('');
          checksum.update(chunk);
          await write(body, chunk);
          progress.increment(rows.length);
        }
        await sql('CLOSE charter_backup');
      }
    } finally {
      progress.stop();
      body.end();
      await once(body, 'close');
    }
    await sql('COMMIT');

    const sha256 = checksum.digest('hex');
    const out = createWriteStream(joinedFile, { mode: 0o600 });
    await write(out, `${headerLine(header, sha256)}\n`);
    await pipeline(createReadStream(bodyFile), out);
    renameSync(joinedFile, file);
    return { createdAt: header.createdAt, tables: header.tables.map((t) => ({ name: t.name, rows: t.rows })), sha256 };
  } catch (err) {
    await sql('ROLLBACK').catch(() => undefined);
    rmSync(joinedFile, { force: true });
    throw err;
  } finally {
    rmSync(bodyFile, { force: true });
    await runner.release();
  }
}

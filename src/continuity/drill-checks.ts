import { isDeepStrictEqual } from 'node:util';
import { AuditService } from '../audit/audit.service';
import type { Database } from '../database/open-database';
import { SystemClock } from '../kernel/clock';
import type { BackupHeader } from './archive/backup-format';
import { readBackup } from './archive/backup-reader';
import { discoverTables, ident } from './archive/table-catalog';

const SAMPLE_PER_TABLE = 3;

/** Every table holds exactly the rows the backup says it holds. */
export async function checkRowCounts(scratch: Database, header: BackupHeader): Promise<string | undefined> {
  for (const t of header.tables) {
    const [{ n }] = await scratch.dataSource.query(`SELECT count(*)::bigint AS n FROM ${ident(t.name)}`);
    if (Number(n) !== t.rows) return `table ${t.name} has ${n} rows after the restore, the backup holds ${t.rows}`;
  }
  return undefined;
}

export async function checkAuditChain(scratch: Database): Promise<string | undefined> {
  const result = await new AuditService(scratch.dataSource, new SystemClock()).verify();
  if (result.valid) return undefined;
  return `the restored audit chain is broken at entry ${result.firstBreak?.seq} (${result.firstBreak?.reason})`;
}

/**
 * The first rows of every table, looked up again by primary key in the restored database, answer
 * exactly what the backup file holds, column by column.
 */
export async function checkSample(scratch: Database, file: string): Promise<{ problem?: string; sampled: number }> {
  const samples = new Map<string, string[]>();
  await readBackup(file, async (table, rows) => {
    const kept = samples.get(table.name) ?? [];
    if (kept.length < SAMPLE_PER_TABLE) samples.set(table.name, [...kept, ...rows.slice(0, SAMPLE_PER_TABLE - kept.length)]);
  });
  const keys = new Map((await discoverTables((q, p) => scratch.dataSource.query(q, p))).map((t) => [t.name, t.primaryKey]));
  let sampled = 0;
  for (const [table, rows] of samples) {
    const pk = keys.get(table) ?? [];
    if (pk.length === 0) continue;
    for (const line of rows) {
      const expected = JSON.parse(line) as Record<string, unknown>;
      const probe = Object.fromEntries(pk.map((k) => [k, expected[k]]));
      const found: Array<{ row: Record<string, unknown> }> = await scratch.dataSource.query(
        `SELECT to_jsonb(t) AS row FROM ${ident(table)} t WHERE to_jsonb(t) @> $1::jsonb`,
        [JSON.stringify(probe)],
      );
      if (found.length !== 1) return { problem: `row ${JSON.stringify(probe)} of table ${table} is not in the restored database`, sampled };
      const actual = typeof found[0].row === 'string' ? JSON.parse(found[0].row) : found[0].row;
      for (const column of Object.keys(expected)) {
        if (!isDeepStrictEqual(actual[column], expected[column])) {
          return { problem: `column ${column} of row ${JSON.stringify(probe)} in table ${table} differs after the restore`, sampled };
        }
      }
      sampled++;
    }
  }
  return { sampled };
}

import { dependencyOrder } from './table-order';

/** Runs SQL on the one connection (query runner) the backup holds for its whole run. */
// Rows come back in the shape each query's SELECT list gives; callers declare it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Sql = (query: string, params?: unknown[]) => Promise<any[]>;

export interface TableInfo {
  name: string;
  /** Stored columns in table order; generated columns are left out (PostgreSQL recomputes them). */
  columns: string[];
  primaryKey: string[];
  hasIdentity: boolean;
  selfReferencing: boolean;
}

/** Tables that belong to the tools, not to Charter's data. */
export const MIGRATIONS_TABLE = 'charter_migrations';
const EXCLUDED = new Set([MIGRATIONS_TABLE, 'typeorm_metadata']);

export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
export const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

/**
 * Every table of the current schema, found in information_schema (so that tables added by later
 * migrations are included without touching this code), in foreign-key dependency order.
 */
export async function discoverTables(sql: Sql): Promise<TableInfo[]> {
  const tables: Array<{ table_name: string }> = await sql(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const names = tables.map((t) => t.table_name).filter((t) => !EXCLUDED.has(t));
  const columns: Array<{ table_name: string; column_name: string; is_generated: string; is_identity: string }> = await sql(
    `SELECT table_name, column_name, is_generated, is_identity FROM information_schema.columns
      WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
  );
  const keys: Array<{ table_name: string; column_name: string }> = await sql(
    `SELECT tc.table_name, kcu.column_name
       FROM information_schema.table_constraints tc
       JOIN information_schema.key_column_usage kcu
         ON kcu.constraint_schema = tc.constraint_schema AND kcu.constraint_name = tc.constraint_name AND kcu.table_name = tc.table_name
      WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = current_schema()
      ORDER BY tc.table_name, kcu.ordinal_position`,
  );
  // pg_constraint rather than information_schema here: constraint names are only unique per table.
  const references: Array<{ child: string; parent: string }> = await sql(
    `SELECT child.relname AS child, parent.relname AS parent
       FROM pg_constraint c
       JOIN pg_class child ON child.oid = c.conrelid
       JOIN pg_class parent ON parent.oid = c.confrelid
      WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace`,
  );
  const infos = new Map<string, TableInfo>(
    names.map((name) => [
      name,
      {
        name,
        columns: columns.filter((c) => c.table_name === name && c.is_generated !== 'ALWAYS').map((c) => c.column_name),
        primaryKey: keys.filter((k) => k.table_name === name).map((k) => k.column_name),
        hasIdentity: columns.some((c) => c.table_name === name && c.is_identity === 'YES'),
        selfReferencing: references.some((r) => r.child === name && r.parent === name),
      },
    ]),
  );
  return dependencyOrder(names, references).map((name) => infos.get(name)!);
}

export interface SequenceState {
  name: string;
  /** A bigint as text; null when the sequence was never used. */
  lastValue: string | null;
}

export async function readSequences(sql: Sql): Promise<SequenceState[]> {
  const rows: Array<{ sequencename: string; last_value: string | number | null }> = await sql(
    `SELECT sequencename, last_value::text AS last_value FROM pg_sequences WHERE schemaname = current_schema() ORDER BY sequencename`,
  );
  return rows.map((r) => ({ name: r.sequencename, lastValue: r.last_value === null ? null : String(r.last_value) }));
}

export async function appliedMigrations(sql: Sql): Promise<string[]> {
  const rows: Array<{ name: string }> = await sql(`SELECT name FROM ${ident(MIGRATIONS_TABLE)} ORDER BY id`);
  return rows.map((r) => r.name);
}

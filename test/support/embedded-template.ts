import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/app-config';
import { CHARTER_SCHEMA } from '../../src/database-schema';
import { migrate } from '../../src/database/migrate';
import { openDatabase } from '../../src/database/open-database';

const ROOT = join(__dirname, '..', '..');

/**
 * Gives a suite's empty data folder an embedded database that is already migrated, as a PostgreSQL
 * template database would: a copy of one made once per set of migrations. Creating a PGlite cluster
 * and migrating it takes 5–9 s on a loaded 2-core machine, the copy and its opening about 1.3 s; the
 * migrations themselves still run, once per test run (and from nothing in every suite that starts a
 * server process).
 */
export async function seedEmbeddedDataDir(dataDir: string): Promise<void> {
  cpSync(await migratedTemplate(), join(dataDir, 'pgdata'), { recursive: true });
}

async function migratedTemplate(): Promise<string> {
  const dir = join(tmpdir(), `charter-embedded-template-${templateKey()}`);
  const pgdata = join(dir, 'pgdata');
  if (existsSync(join(pgdata, 'PG_VERSION'))) return pgdata;
  const building = mkdtempSync(join(tmpdir(), 'charter-embedded-template-building-'));
  const database = await openDatabase(loadConfig({ LOG_LEVEL: 'silent', CHARTER_DATA_DIR: building }), CHARTER_SCHEMA);
  try {
    await migrate(database);
  } finally {
    await database.close();
  }
  try {
    // Atomic: another test process that got there first keeps its copy, and this one is dropped.
    renameSync(building, dir);
  } catch {
    rmSync(building, { recursive: true, force: true });
  }
  return pgdata;
}

/** Changes with any migration's text and with PGlite's version, so a stale template is never used. */
function templateKey(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(join(ROOT, 'migrations')).sort()) hash.update(file).update(readFileSync(join(ROOT, 'migrations', file)));
  hash.update(JSON.parse(readFileSync(join(ROOT, 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')).version);
  return hash.digest('hex').slice(0, 16);
}

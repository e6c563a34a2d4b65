import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';
import { migrate } from '../database/migrate';
import { Database, openDatabase } from '../database/open-database';

export interface ScratchDatabase {
  database: Database;
  name: string;
  drop(): Promise<void>;
}

/**
 * A throw-away database beside the live one: a new database on the same PostgreSQL server, or a
 * temporary embedded folder. Migrated, empty, and dropped by `drop()` whatever happened.
 */
export async function openScratchDatabase(config: AppConfig, live: Database): Promise<ScratchDatabase> {
  if (live.kind === 'postgres' && config.database.url) {
    const name = `charter_drill_${randomBytes(6).toString('hex')}`;
    await live.dataSource.query(`CREATE DATABASE ${name}`);
    const url = new URL(config.database.url);
    url.pathname = `/${name}`;
    const dropDatabase = () => live.dataSource.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined);
    let database: Database;
    try {
      database = await openDatabase({ ...config, database: { url: url.toString(), poolSize: 2 } }, live.schema);
      await migrate(database);
    } catch (err) {
      await dropDatabase();
      throw err;
    }
    return {
      database,
      name,
      drop: async () => {
        await database.close().catch(() => undefined);
        await dropDatabase();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'charter-drill-'));
  const dataDir = join(dir, 'data');
  let database: Database;
  try {
    database = await openDatabase({ ...config, database: { url: undefined, poolSize: 1 }, dataDir }, live.schema);
    await migrate(database);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    database,
    name: dataDir,
    drop: async () => {
      await database.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

import { DataSource } from 'typeorm';
import { withAdvisoryLock } from './advisory-lock';
import { Database } from './open-database';

// An arbitrary, fixed key: every replica asks for the same lock before touching the schema.
const MIGRATION_LOCK_KEY = 7_316_002;

/** Applies pending migrations once, even when several replicas start together. */
export async function migrate(database: Database): Promise<string[]> {
  return withAdvisoryLock(database, MIGRATION_LOCK_KEY, async () => {
    const applied = await database.dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  });
}

export async function hasPendingMigrations(dataSource: DataSource): Promise<boolean> {
  return dataSource.showMigrations();
}

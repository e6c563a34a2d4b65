import { Database } from './open-database';

/**
 * Runs `fn` while holding a PostgreSQL session advisory lock, so that replicas sharing one database
 * take turns. The embedded database serves one process through one session (which the lock's
 * holder would keep from `fn`), so there it simply runs `fn`.
 */
export async function withAdvisoryLock<T>(database: Database, key: number, fn: () => Promise<T>): Promise<T> {
  if (database.kind === 'embedded') return fn();
  const runner = database.dataSource.createQueryRunner();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [key]);
    return await fn();
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [key]).catch(() => undefined);
    await runner.release();
  }
}

import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * A fresh, empty database per suite: on the PostgreSQL server named by TEST_DATABASE_URL when it
 * is set, otherwise none (the app then uses an embedded database in the suite's data folder).
 */
export interface TestDatabase {
  url?: string;
  /** Runs SQL as the server's superuser, outside the app (to tamper with rows, for instance). */
  superuser(sql: string, params?: unknown[]): Promise<unknown[]>;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase | undefined> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return undefined;
  const name = `charter_test_${randomBytes(6).toString('hex')}`;
  await withClient(serverUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    superuser: (sql, params) => withClient(url.toString(), async (c) => (await c.query(sql, params)).rows),
    drop: () => withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

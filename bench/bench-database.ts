import type { Client } from 'pg';

/**
 * Drops and creates a bench's own database on the server `admin` is connected to (the bench's
 * previous run may have left it behind), and answers its URL.
 */
export async function recreateDatabase(admin: Client, server: string, name: string): Promise<string> {
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  return Object.assign(new URL(server), { pathname: `/${name}` }).toString();
}

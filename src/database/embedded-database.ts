import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { lockDataDir } from './data-dir-lock';

const INT8_OID = 20;
const NUMERIC_OID = 1700;

export interface EmbeddedDatabase {
  db: PGlite;
  /** Closes the database, then gives the data folder back. */
  close(): Promise<void>;
}

/**
 * Opens the embedded PostgreSQL (PGlite) in `<dataDir>/pgdata`, exclusively. PGlite keeps its own
 * write-ahead log in memory and writes files without telling other processes: two processes on one
 * folder each acknowledge writes that the other later overwrites. So the folder is locked first, and
 * a second process is refused before it touches anything.
 *
 * PGlite creates only the last path segment, so the parent is made here. 64-bit integers and
 * numerics come back as strings, as the `pg` driver returns them, so that code behaves the same on
 * both databases.
 */
export async function openEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  const root = resolve(dataDir);
  mkdirSync(root, { recursive: true });
  const lock = await lockDataDir(root);
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create(resolve(root, 'pgdata'), {
      parsers: { [INT8_OID]: (v: string) => v, [NUMERIC_OID]: (v: string) => v },
    });
    return {
      db,
      close: async () => {
        try {
          await db.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (err) {
    lock.release();
    throw err;
  }
}

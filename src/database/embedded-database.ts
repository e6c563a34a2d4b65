import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * Opens the embedded PostgreSQL (PGlite) in `<dataDir>/pgdata`. PGlite creates only the last path
 * segment, so the parent is made here. 64-bit integers and numerics come back as strings, as the
 * `pg` driver returns them, so that code behaves the same on both databases.
 */
export async function openEmbeddedDatabase(dataDir: string): Promise<PGlite> {
  const root = resolve(dataDir);
  mkdirSync(root, { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  return PGlite.create(resolve(root, 'pgdata'), {
    parsers: { [INT8_OID]: (v: string) => v, [NUMERIC_OID]: (v: string) => v },
  });
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/app-config';
import { migrate } from '../src/database/migrate';
import { CHARTER_SCHEMA } from '../src/database-schema';
import { Database, openDatabase } from '../src/database/open-database';

/**
 * PGlite has a single session. These tests prove that Charter's pool still gives each transaction
 * its own view: a rolled-back transaction loses its rows even while another commits alongside it.
 */
describe('embedded database: concurrent transactions are isolated', () => {
  let dir: string;
  let database: Database;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'charter-iso-'));
    database = await openDatabase(loadConfig({ CHARTER_DATA_DIR: dir }), CHARTER_SCHEMA);
    await migrate(database);
  });

  afterAll(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const insertTeam = (q: { query: (sql: string, p?: unknown[]) => Promise<unknown> }, slug: string) =>
    q.query('INSERT INTO team (slug, name) VALUES ($1, $1)', [slug]);
  const slugs = async () =>
    ((await database.dataSource.query('SELECT slug FROM team ORDER BY slug')) as Array<{ slug: string }>).map((r) => r.slug);

  it('keeps a concurrent commit and drops a concurrent rollback', async () => {
    let signalInserted!: () => void;
    const inserted = new Promise<void>((r) => (signalInserted = r));
    const failing = database.dataSource.transaction(async (em) => {
      await insertTeam(em, 'rolled-back');
      signalInserted();
      await new Promise((r) => setTimeout(r, 100));
      throw new Error('abort');
    });
    await inserted;
    const committing = database.dataSource.transaction((em) => insertTeam(em, 'committed'));
    await expect(failing).rejects.toThrow('abort');
    await committing;
    expect(await slugs()).toEqual(['committed']);
  });

  it('does not let one transaction read another one’s uncommitted rows', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const writer = database.dataSource.transaction(async (em) => {
      await insertTeam(em, 'uncommitted');
      await held;
      throw new Error('abort');
    });
    // The reader queues behind the open transaction instead of seeing its row.
    const reader = slugs();
    await new Promise((r) => setTimeout(r, 50));
    release();
    await expect(writer).rejects.toThrow('abort');
    expect(await reader).not.toContain('uncommitted');
  });

  it('serialises many concurrent transactions without losing any', async () => {
    await Promise.all(Array.from({ length: 25 }, (_, i) => database.dataSource.transaction((em) => insertTeam(em, `bulk-${i}`))));
    expect((await slugs()).filter((s) => s.startsWith('bulk-'))).toHaveLength(25);
  });
});

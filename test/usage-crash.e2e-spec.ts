import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './support/free-port';
import { ServerProcess, startServerProcess } from './support/server-process';
import { ADMIN_TOKEN } from './support/test-app';
import { createTestDatabase, TestDatabase } from './support/test-database';

// Two processes on one database: the embedded database serves one process only.
const onServer = Boolean(process.env.TEST_DATABASE_URL);
const describeOnServer = onServer ? describe : describe.skip;
const SKIP_REASON = onServer ? '' : ' [skipped: TEST_DATABASE_URL is unset and the embedded database serves one process only]';

const FLUSH_MS = 1_000;
const LOAD_MS = 4_000;
const KILL_AT_MS = 3_300;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Two replicas count reads of the same key; their upserts add. One is stopped with SIGTERM (its
 * last flush runs at shutdown: nothing is lost), the other is killed with -9 mid-load: what it
 * counted since its last flush is lost, and nothing more. The figure is printed.
 */
describeOnServer(`usage: replicas add up, and kill -9 loses at most the unflushed window${SKIP_REASON}`, () => {
  let db: TestDatabase;
  let dataDir: string;
  const servers: ServerProcess[] = [];

  jest.setTimeout(180_000);

  beforeAll(async () => {
    db = (await createTestDatabase())!;
    dataDir = mkdtempSync(join(tmpdir(), 'charter-usage-crash-'));
    const env = {
      DATABASE_URL: db.url!,
      CHARTER_BOOTSTRAP_TOKEN: ADMIN_TOKEN,
      CHARTER_DATA_DIR: dataDir,
      CHARTER_USAGE_FLUSH_INTERVAL_MS: String(FLUSH_MS),
    };
    servers.push(await startServerProcess(env, await freePort()));
    servers.push(await startServerProcess(env, await freePort()));
  });

  afterAll(async () => {
    for (const s of servers) await s.kill('SIGKILL');
    await db?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('records every read of the replica stopped gracefully and all but the last window of the one killed', async () => {
    const [killed, stopped] = servers;
    const res = await fetch(`${killed.url}/subjects/crash-value/versions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/vnd.schemaregistry.v1+json' },
      body: JSON.stringify({ schema: JSON.stringify({ type: 'record', name: 'Crash', fields: [{ name: 'id', type: 'string' }] }) }),
    });
    const { id } = (await res.json()) as { id: number };

    const served = { killed: [] as number[], stopped: 0 };
    const started = Date.now();
    const reader = async (server: ServerProcess, onServed: (at: number) => void) => {
      while (Date.now() - started < LOAD_MS) {
        try {
          const r = await fetch(`${server.url}/schemas/ids/${id}`, { headers: { 'user-agent': 'crash-load/1.0' } });
          await r.arrayBuffer();
          if (r.status === 200) onServed(Date.now());
        } catch {
          if (server === killed) return; // it is gone
        }
      }
    };
    const loads = [
      ...Array.from({ length: 4 }, () => reader(killed, (at) => served.killed.push(at))),
      ...Array.from({ length: 4 }, () => reader(stopped, () => (served.stopped += 1))),
    ];
    await sleep(KILL_AT_MS);
    const killedAt = Date.now();
    await killed.kill('SIGKILL');
    await Promise.all(loads);
    await stopped.kill('SIGTERM');

    const [{ n }] = (await db.superuser(
      `SELECT coalesce(sum(reads), 0)::int AS n FROM schema_usage WHERE user_agent = 'crash-load/1.0'`,
    )) as Array<{
      n: number;
    }>;
    const total = served.killed.length + served.stopped;
    const lost = total - n;
    const lastWindow = served.killed.filter((at) => at > killedAt - FLUSH_MS - 250).length;
    console.log(
      `usage kill -9: served ${total} reads (${served.killed.length} by the killed replica, ${served.stopped} by the stopped one); ` +
        `recorded ${n}; lost ${lost}, all counted by the killed replica after its last flush ` +
        `(flush interval ${FLUSH_MS} ms; it served ${lastWindow} reads in its last interval before the kill)`,
    );
    // The stopped replica flushed at shutdown: all of its reads are there.
    expect(n).toBeGreaterThanOrEqual(served.stopped);
    // The killed one lost what it counted since its last flush: at most one interval of reads.
    expect(lost).toBeGreaterThanOrEqual(0);
    expect(lost).toBeLessThanOrEqual(lastWindow);
  });
});

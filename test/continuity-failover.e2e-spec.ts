import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from './support/free-port';
import { PgCluster, postgresBinDir } from './support/pg-cluster';
import { avroRecord } from './support/registry-http';
import { ServerProcess, startServerProcess } from './support/server-process';
import { ADMIN_TOKEN } from './support/test-app';

// A standby and a failover are PostgreSQL's own replication: nothing to run on the embedded database.
const bin = process.env.TEST_DATABASE_URL ? postgresBinDir() : undefined;
const describeOnServer = bin ? describe : describe.skip;
const SKIP_REASON = bin ? '' : ' [skipped: needs TEST_DATABASE_URL and PostgreSQL programs; the embedded database has no replication]';

const STANDBY_NAME = 'charter_standby';
const WORKERS = 6;
const REGISTRY_TYPE = 'application/vnd.schemaregistry.v1+json';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function sql<T = any>(url: string, text: string, params?: unknown[]): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end();
  }
}

/**
 * A primary with a synchronous streaming standby. Charter on the standby serves reads and refuses
 * writes; under concurrent writes the primary dies (`-m immediate`), the standby is promoted and
 * Charter is pointed at it: every acknowledged write is there, and the RTO is measured.
 */
describeOnServer(`continuity: standby and failover${SKIP_REASON}`, () => {
  let primary: PgCluster | undefined;
  let standby: PgCluster | undefined;
  const servers: ServerProcess[] = [];
  const dataDirs: string[] = [];

  jest.setTimeout(150_000);

  const start = async (databaseUrl: string) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'charter-failover-'));
    dataDirs.push(dataDir);
    const server = await startServerProcess(
      { DATABASE_URL: databaseUrl, CHARTER_BOOTSTRAP_TOKEN: ADMIN_TOKEN, CHARTER_DATA_DIR: dataDir },
      await freePort(),
    );
    servers.push(server);
    return server;
  };
  const call = async (server: ServerProcess, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${ADMIN_TOKEN}`,
        ...(body === undefined ? {} : { 'content-type': path === '/graphql' ? 'application/json' : REGISTRY_TYPE }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json().catch(() => undefined)) as any };
  };
  const register = (server: ServerProcess, subject: string) =>
    call(server, 'POST', `/subjects/${subject}/versions`, {
      schema: JSON.stringify(avroRecord('Load', [{ name: 'id', type: 'string' }], { namespace: subject.replace(/-/g, '_') })),
    });
  const createTeam = (server: ServerProcess, slug: string) =>
    call(server, 'POST', '/graphql', { query: `mutation { createTeam(input: { slug: "${slug}", name: "${slug}" }) { id } }` });

  beforeAll(async () => {
    primary = await PgCluster.create(bin!, [
      `synchronous_standby_names = '${STANDBY_NAME}'`,
      'synchronous_commit = on',
      'wal_level = replica',
      'max_wal_senders = 5',
    ]);
    primary.start();
    standby = await PgCluster.standbyOf(primary, STANDBY_NAME);
    standby.start();
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const rows = await sql(primary.url(), 'SELECT sync_state FROM pg_stat_replication WHERE application_name = $1', [STANDBY_NAME]);
      if (rows[0]?.sync_state === 'sync') break;
      await sleep(100);
    }
  });

  afterAll(async () => {
    // A server ended by a signal has no exit code: only those still running are killed (and awaited).
    await Promise.all(servers.filter((s) => s.child.exitCode === null && s.child.signalCode === null).map((s) => s.kill('SIGKILL')));
    standby?.destroy();
    primary?.destroy();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  it('the standby is synchronous', async () => {
    const rows = await sql(primary!.url(), 'SELECT sync_state FROM pg_stat_replication WHERE application_name = $1', [STANDBY_NAME]);
    expect(rows).toEqual([{ sync_state: 'sync' }]);
  });

  it('on the standby, Charter serves reads, refuses writes as a read-only store, and says so in readiness', async () => {
    const onPrimary = await start(primary!.url());
    expect((await register(onPrimary, 'before-standby-value')).status).toBe(200);
    const onStandby = await start(standby!.url());

    const ready = await call(onStandby, 'GET', '/health/ready');
    expect(ready).toMatchObject({ status: 200, body: { status: 'ready', database: 'standby' } });
    expect((await call(onPrimary, 'GET', '/health/ready')).body).toEqual({ status: 'ready', database: 'primary' });
    const read = await call(onStandby, 'GET', '/subjects/before-standby-value/versions/1');
    expect(read.status).toBe(200);
    expect(read.body.subject).toBe('before-standby-value');

    const write = await register(onStandby, 'on-standby-value');
    expect(write.status).toBe(503);
    expect(write.retryAfter).toMatch(/^\d+$/);
    expect(write.body).toEqual({ error_code: 50001, message: expect.stringMatching(/read-only.*standby/) });
    const team = await createTeam(onStandby, 'on-standby');
    expect(team.status).toBe(503);
    expect(team.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    expect(onStandby.output()).not.toMatch(/Unexpected error/);
    await onStandby.kill('SIGTERM');
  });

  it('fails over under load to the promoted standby without losing an acknowledged write, and measures the RTO', async () => {
    let server = servers[0];
    const registered: Array<{ subject: string; id: number; version: number }> = [];
    const teams: string[] = [];
    let attempts = 0;
    let stop = false;
    const worker = async (w: number) => {
      for (let i = 0; !stop; i++) {
        attempts++;
        const target = server;
        try {
          if (i % 3 === 2) {
            const slug = `team-${w}-${i}`;
            const res = await createTeam(target, slug);
            if (res.status === 200 && !res.body.errors) teams.push(slug);
          } else {
            const subject = `load-${w}-${i}-value`;
            const res = await register(target, subject);
            if (res.status === 200) registered.push({ subject, id: res.body.id, version: 1 });
          }
        } catch {
          // A refused connection or a timeout is no acknowledgement; keep going.
          await sleep(20);
        }
      }
    };
    const load = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
    await sleep(3_000);
    const acknowledgedBeforeDeath = registered.length + teams.length;

    primary!.stop('immediate');
    const deadAt = performance.now();
    standby!.promote();
    const promotedMs = performance.now() - deadAt;
    // node-postgres takes one host: Charter is pointed at the promoted server (an operator's, or a
    // supervisor's, settings change) and restarted; the old process is killed as a crashed one would be.
    await servers[0].kill('SIGKILL');
    server = await start(standby!.url());
    let firstWriteMs: number | undefined;
    while (performance.now() - deadAt < 60_000) {
      const res = await register(server, `rto-probe-value`).catch(() => undefined);
      if (res?.status === 200) {
        firstWriteMs = performance.now() - deadAt;
        break;
      }
      await sleep(20);
    }
    await sleep(1_000);
    stop = true;
    await load;

    expect(firstWriteMs).toBeDefined();
    expect(acknowledgedBeforeDeath).toBeGreaterThan(0);
    const promotedUrl = standby!.url();
    const stored = await sql<{ subject: string; version: number; schema_id: number }>(
      promotedUrl,
      'SELECT subject, version, schema_id FROM registry_subject_version',
    );
    const storedKeys = new Set(stored.map((r) => `${r.subject}/${r.version}/${r.schema_id}`));
    const missingRegistrations = registered.filter((r) => !storedKeys.has(`${r.subject}/${r.version}/${r.id}`));
    const storedTeams = new Set((await sql<{ slug: string }>(promotedUrl, 'SELECT slug FROM team')).map((r) => r.slug));
    const missingTeams = teams.filter((t) => !storedTeams.has(t));
    expect(missingRegistrations).toEqual([]);
    expect(missingTeams).toEqual([]);
    expect((await call(server, 'GET', '/health/ready')).body).toEqual({ status: 'ready', database: 'primary' });
    // The figures RESILIENCE.md quotes.
    console.log(
      `failover: ${registered.length} registrations and ${teams.length} teams acknowledged (${attempts} attempts), ` +
        `missing after promotion: ${missingRegistrations.length + missingTeams.length}; promote took ${promotedMs.toFixed(0)} ms; ` +
        `RTO (primary death to first accepted write) ${firstWriteMs!.toFixed(0)} ms`,
    );
  });
});

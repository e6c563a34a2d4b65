/**
 * `npm run bench:exporter`: a schema exporter between two Charter deployments, on PostgreSQL.
 *
 * Two Charter processes ("eu-west" and "eu-central", one database each, same jurisdiction so no
 * approval is needed) run as `npm start` runs them. Then:
 *
 * 1. Backlog throughput: N subjects are registered on the source, then an exporter is created and
 *    timed until its lag is 0 (versions pushed per second, IMPORT into the context `.eu-west` on the
 *    destination). Reference, side by side: one client importing the very same N versions into the
 *    destination itself, one after the other, through the same REST calls (mode, then register with
 *    id and version) — the ceiling of any one-at-a-time pusher over HTTP.
 * 2. Steady-state lag under a registration load: clients register new subjects on the source at a
 *    fixed rate for a while; the exporter's lag (seconds and versions, from its status) is sampled
 *    every 200 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../test/support/free-port';
import { startProcess, Proc } from './bench-process';
import { fmt, percentile, printTable } from './bench-support';
import { recreateDatabase } from './bench-database';

const SERVER = process.env.BENCH_DATABASE_SERVER ?? 'postgres://root@127.0.0.1:5432/postgres';
const TOKEN = 'chr_bench-admin-token-0123456789abcdef';
const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 300);
const RATE = Number(process.env.BENCH_RATE ?? 10);
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 20);

const json = { 'content-type': 'application/vnd.schemaregistry.v1+json', authorization: `Bearer ${TOKEN}` };
const call = async (url: string, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${url}${path}`, { method, headers: json, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
};
const schemaOf = (i: number) =>
  JSON.stringify({
    type: 'record',
    name: `Bench${i}`,
    fields: [
      { name: 'id', type: 'string' },
      { name: `f${i}`, type: 'long' },
    ],
  });
const q = encodeURIComponent;

async function main() {
  const admin = new Client({ connectionString: SERVER });
  await admin.connect();
  const work = mkdtempSync(join(tmpdir(), 'charter-bench-exporter-'));
  const procs: Proc[] = [];
  try {
    const start = async (name: string, db: string, extra: Record<string, string>) => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      procs.push(
        await startProcess(
          name,
          'src/main.ts',
          [],
          {
            NODE_ENV: 'production',
            LOG_LEVEL: 'warn',
            DATABASE_URL: await recreateDatabase(admin, SERVER, db),
            CHARTER_BOOTSTRAP_TOKEN: TOKEN,
            CHARTER_DATA_DIR: join(work, name),
            CHARTER_JURISDICTION: 'EU',
            CHARTER_EXPORTER_ALLOWED_HOSTS: '127.0.0.1',
            PORT: String(port),
            HOST: '127.0.0.1',
            ...extra,
          },
          join(work, `${name}.log`),
          { url: `${url}/health/ready` },
        ),
      );
      return url;
    };
    const source = await start('eu-west', 'charter_bench_exporter_src', { CHARTER_INSTANCE_NAME: 'eu-west', CHARTER_REGION: 'eu-west-1' });
    const dest = await start('eu-central', 'charter_bench_exporter_dst', {
      CHARTER_INSTANCE_NAME: 'eu-central',
      CHARTER_REGION: 'eu-central-1',
    });

    // 1. Backlog.
    const names = Array.from({ length: BACKLOG }, (_, i) => `bench-${i}`);
    const registered: Array<{ subject: string; id: number }> = [];
    for (let i = 0; i < BACKLOG; i += 16) {
      const batch = names.slice(i, i + 16);
      const ids = await Promise.all(batch.map((s, k) => call(source, 'POST', `/subjects/${s}/versions`, { schema: schemaOf(i + k) })));
      batch.forEach((s, k) => registered.push({ subject: s, id: ids[k].id }));
    }
    const loadNames = Array.from({ length: RATE * LOAD_SECONDS }, (_, i) => `load-${i}`);
    const started = Date.now();
    await call(source, 'POST', '/exporters', {
      name: 'bench',
      contextType: 'AUTO',
      subjects: [...names, ...loadNames],
      config: { 'schema.registry.url': dest, 'bearer.auth.token': TOKEN },
    });
    let status: any;
    do {
      await new Promise((r) => setTimeout(r, 50));
      status = await call(source, 'GET', '/exporters/bench/status');
    } while (status.lag.versions > 0 || status.state !== 'RUNNING');
    const exporterSeconds = (Date.now() - started) / 1000;

    const refStarted = Date.now();
    for (const { subject, id } of registered) {
      const target = q(`:.ref:${subject}`);
      await call(dest, 'PUT', `/mode/${target}?force=true`, { mode: 'IMPORT' });
      await call(dest, 'POST', `/subjects/${target}/versions`, { schema: schemaOf(Number(subject.slice(6))), id, version: 1 });
    }
    const refSeconds = (Date.now() - refStarted) / 1000;
    const check = await call(dest, 'GET', `/subjects/${q(`:.eu-west:${names[BACKLOG - 1]}`)}/versions/1`);
    if (check.id !== registered[BACKLOG - 1].id) throw new Error('the destination holds another id');

    // 2. Steady state under a registration load.
    const samples: Array<{ seconds: number; versions: number }> = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const s = await call(source, 'GET', '/exporters/bench/status');
        samples.push(s.lag);
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    const loadStarted = Date.now();
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < loadNames.length; i++) {
      const due = loadStarted + (i * 1000) / RATE;
      await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
      pending.push(call(source, 'POST', `/subjects/${loadNames[i]}/versions`, { schema: schemaOf(BACKLOG + i) }));
    }
    await Promise.all(pending);
    const achievedRate = loadNames.length / ((Date.now() - loadStarted) / 1000);
    sampling = false;
    await sampler;
    do {
      await new Promise((r) => setTimeout(r, 100));
      status = await call(source, 'GET', '/exporters/bench/status');
    } while (status.lag.versions > 0);

    printTable(`Exporter backlog, ${BACKLOG} versions (one subject each)`, [
      ['pusher', 'versions/s', 'seconds'],
      ['Charter exporter (lease, governance, change log, IMPORT)', fmt(BACKLOG / exporterSeconds), exporterSeconds.toFixed(1)],
      ['reference: one client importing the same versions', fmt(BACKLOG / refSeconds), refSeconds.toFixed(1)],
    ]);
    const lagS = samples.map((s) => s.seconds);
    const lagV = samples.map((s) => s.versions);
    printTable(`Exporter lag under ${fmt(achievedRate)} registrations/s for ${LOAD_SECONDS} s (${samples.length} samples)`, [
      ['lag', 'p50', 'p99', 'max'],
      ['seconds', percentile(lagS, 50).toFixed(2), percentile(lagS, 99).toFixed(2), Math.max(...lagS).toFixed(2)],
      ['versions', String(percentile(lagV, 50)), String(percentile(lagV, 99)), String(Math.max(...lagV))],
    ]);
  } finally {
    await Promise.all(procs.map((p) => p.stop()));
    for (const db of ['charter_bench_exporter_src', 'charter_bench_exporter_dst'])
      await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await admin.end();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

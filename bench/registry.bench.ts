/**
 * `npm run bench:registry`: the Confluent-compatible read path and registrations, on PostgreSQL.
 *
 * 1. Charter runs as its own process on a fresh database (settings as `npm start`: NODE_ENV=production,
 *    LOG_LEVEL=info; logs written to a file as a collector would read them). A bare node:http
 *    process serves the very same `GET /schemas/ids/{id}` bodies from memory. autocannon loads both with the same
 *    connections, in alternating rounds of the same length (so that load from other jobs on the
 *    machine hits both alike); requests/s, p99 and Charter's share of the bare throughput are printed.
 *    A second Charter process on the same database runs with the observation of reads off
 *    (CHARTER_USAGE_OBSERVE=false) and takes its turn in the same rounds: the table shows read
 *    throughput and CPU per request with observation on and off, from one run.
 * 2. 16 concurrent clients register new compatible versions: each into its own subject, then all
 *    into one subject (where registrations take turns on the subject's lock).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { freePort } from '../test/support/free-port';
import { nodeArgs } from '../test/support/server-process';
import { fmt, percentile, printTable } from './bench-support';

const SERVER = process.env.BENCH_DATABASE_SERVER ?? 'postgres://root@127.0.0.1:5432/postgres';
const DATABASE = 'charter_bench_registry';
const TOKEN = 'chr_bench-admin-token-0123456789abcdef';
const SCHEMAS = 50;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const ROUND_S = Number(process.env.BENCH_ROUND_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CLIENTS = 16;
const REGISTRATIONS_PER_CLIENT = Number(process.env.BENCH_REGISTRATIONS ?? 40);
/** `reads`, `registrations` or both (comma-separated): one part can be measured on its own. */
const PARTS = new Set((process.env.BENCH_PARTS ?? 'reads,registrations').split(',').map((p) => p.trim()));

interface Proc {
  child: ChildProcess;
  stop(): Promise<void>;
}

async function main() {
  const admin = new Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  const databaseUrl = Object.assign(new URL(SERVER), { pathname: `/${DATABASE}` }).toString();
  const work = mkdtempSync(join(tmpdir(), 'charter-bench-registry-'));
  const procs: Proc[] = [];
  try {
    const charterPort = await freePort();
    const charter = await start(
      'src/main.ts',
      [],
      {
        NODE_ENV: 'production',
        DATABASE_URL: databaseUrl,
        CHARTER_BOOTSTRAP_TOKEN: TOKEN,
        CHARTER_DATA_DIR: work,
        LOG_LEVEL: 'info',
        PORT: String(charterPort),
        HOST: '127.0.0.1',
      },
      join(work, 'charter.log'),
      `http://127.0.0.1:${charterPort}/health/ready`,
    );
    procs.push(charter);
    const charterUrl = `http://127.0.0.1:${charterPort}`;
    if (PARTS.has('reads')) await reads(charterUrl, charter.child.pid!, work, procs, databaseUrl);
    if (PARTS.has('registrations')) await registrationsPart(charterUrl, charter.child.pid!);
  } finally {
    for (const p of procs.reverse()) await p.stop();
    rmSync(work, { recursive: true, force: true });
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await admin.end();
  }
}

async function reads(charterUrl: string, charterPid: number, work: string, procs: Proc[], databaseUrl: string) {
  const ids = await registerSchemas(charterUrl);
  // The same app with the observation of reads off, on the same database (migrated already).
  const offPort = await freePort();
  const off = await start(
    'src/main.ts',
    [],
    {
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      CHARTER_DATA_DIR: work,
      LOG_LEVEL: 'info',
      PORT: String(offPort),
      HOST: '127.0.0.1',
      CHARTER_USAGE_OBSERVE: 'false',
    },
    join(work, 'charter-unobserved.log'),
    `http://127.0.0.1:${offPort}/health/ready`,
  );
  procs.push(off);
  const offUrl = `http://127.0.0.1:${offPort}`;
  const bodies: Record<string, string> = {};
  for (const id of ids) bodies[id] = await (await fetch(`${charterUrl}/schemas/ids/${id}`)).text();
  const bodiesFile = join(work, 'bodies.json');
  writeFileSync(bodiesFile, JSON.stringify(bodies));

  const barePort = await freePort();
  procs.push(
    await start(
      'bench/registry-bare-server.ts',
      [bodiesFile, String(barePort)],
      { NODE_ENV: 'production' },
      join(work, 'bare.log'),
      `http://127.0.0.1:${barePort}/schemas/ids/${ids[0]}`,
    ),
  );
  const bareUrl = `http://127.0.0.1:${barePort}`;
  for (const id of ids) {
    if ((await (await fetch(`${bareUrl}/schemas/ids/${id}`)).text()) !== bodies[id])
      throw new Error(`bare server answers id ${id} differently`);
  }

  const paths = ids.map((id) => `/schemas/ids/${id}`);
  await load(charterUrl, paths, 3);
  await load(offUrl, paths, 3);
  await load(bareUrl, paths, 3);
  // What the official clients send: the subject hint, answered by the controller from the database.
  const hinted = ids.map((id, i) => `/schemas/ids/${id}?subject=bench-read-${i}-value`);
  const charterRounds: Round[] = [];
  const offRounds: Round[] = [];
  const bareRounds: Round[] = [];
  const hintedRounds: Round[] = [];
  const hintedOffRounds: Round[] = [];
  const cpu = { on: 0, off: 0, hintedOn: 0, hintedOff: 0 };
  const measured = async (pid: number, url: string, list: string[], key: keyof typeof cpu) => {
    const before = cpuMs([pid]) ?? 0;
    const round = await load(url, list, ROUND_S);
    cpu[key] += (cpuMs([pid]) ?? 0) - before;
    return round;
  };
  // On and off alternate (and swap order each round) so that load from other jobs hits both alike.
  for (let round = 0; round < ROUNDS; round++) {
    const onFirst = round % 2 === 0;
    if (onFirst) charterRounds.push(await measured(charterPid, charterUrl, paths, 'on'));
    offRounds.push(await measured(off.child.pid!, offUrl, paths, 'off'));
    if (!onFirst) charterRounds.push(await measured(charterPid, charterUrl, paths, 'on'));
    bareRounds.push(await load(bareUrl, paths, ROUND_S));
  }
  // Afterwards, so that its garbage does not land in the rounds compared above.
  for (let round = 0; round < ROUNDS; round++) {
    hintedRounds.push(await measured(charterPid, charterUrl, hinted, 'hintedOn'));
    hintedOffRounds.push(await measured(off.child.pid!, offUrl, hinted, 'hintedOff'));
  }
  const c = summary(charterRounds);
  const o = summary(offRounds);
  const b = summary(bareRounds);
  const h = summary(hintedRounds);
  const ho = summary(hintedOffRounds);
  const cpuPer1000 = (ms: number, r: Round[]) => ((1000 * ms) / r.reduce((n, x) => n + x.total, 0)).toFixed(1);
  printTable(
    `GET /schemas/ids/{id}, ${SCHEMAS} Avro schemas, ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${ROUND_S} s each`,
    [
      ['server', 'requests/s', 'p50 ms', 'p99 ms', 'non-2xx', 'CPU ms / 1000 req'],
      [
        'Charter (NestJS, PostgreSQL), reads observed',
        fmt(c.rps),
        String(c.p50),
        String(c.p99),
        String(c.non2xx),
        cpuPer1000(cpu.on, charterRounds),
      ],
      ['Charter, observation off', fmt(o.rps), String(o.p50), String(o.p99), String(o.non2xx), cpuPer1000(cpu.off, offRounds)],
      [
        'observed / off',
        `${((100 * c.rps) / o.rps).toFixed(1)}%`,
        '',
        '',
        '',
        `${((100 * cpu.on) / sumTotal(charterRounds) / (cpu.off / sumTotal(offRounds))).toFixed(1)}%`,
      ],
      ['bare node:http from memory', fmt(b.rps), String(b.p50), String(b.p99), String(b.non2xx), ''],
      ['Charter / bare', `${((100 * c.rps) / b.rps).toFixed(0)}%`, '', '', '', ''],
      [
        'Charter, ?subject= hint (official clients), observed',
        fmt(h.rps),
        String(h.p50),
        String(h.p99),
        String(h.non2xx),
        cpuPer1000(cpu.hintedOn, hintedRounds),
      ],
      [
        'Charter, ?subject= hint, observation off',
        fmt(ho.rps),
        String(ho.p50),
        String(ho.p99),
        String(ho.non2xx),
        cpuPer1000(cpu.hintedOff, hintedOffRounds),
      ],
      ['hinted: observed / off', `${((100 * h.rps) / ho.rps).toFixed(1)}%`, '', '', '', ''],
    ],
  );
}

async function registrationsPart(charterUrl: string, charterPid: number) {
  const own = await registrations(charterUrl, charterPid, (client) => `bench-own-${client}-value`);
  const shared = await registrations(charterUrl, charterPid, () => 'bench-shared-value');
  printTable(`Registrations of new compatible versions, ${CLIENTS} concurrent clients x ${REGISTRATIONS_PER_CLIENT}`, [
    ['subjects', 'registrations/s', 'p50 ms', 'p99 ms', 'Charter CPU ms each', 'PostgreSQL CPU ms each'],
    [`one per client (${CLIENTS})`, fmt(own.perSecond), own.p50.toFixed(1), own.p99.toFixed(1), own.charterCpuMs, own.databaseCpuMs],
    ['one shared subject', fmt(shared.perSecond), shared.p50.toFixed(1), shared.p99.toFixed(1), shared.charterCpuMs, shared.databaseCpuMs],
  ]);
}

/** A TypeScript entry point as its own process, output to a file, ready when `readyUrl` answers. */
async function start(entry: string, args: string[], env: Record<string, string>, logFile: string, readyUrl: string): Promise<Proc> {
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, [...nodeArgs(entry), ...args], {
    cwd: join(__dirname, '..'),
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', log, log],
  });
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode}; see ${logFile}`);
    if (Date.now() > deadline) throw new Error(`${entry} did not become ready; see ${logFile}`);
    try {
      if ((await fetch(readyUrl)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/vnd.schemaregistry.v1+json' };

/** Realistic event schemas of a dozen fields, each under its own subject. */
async function registerSchemas(url: string): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < SCHEMAS; i++) {
    const schema = {
      type: 'record',
      name: `Event${i}`,
      namespace: 'com.acme.events',
      doc: `Something that happened to entity ${i}.`,
      fields: [
        { name: 'eventId', type: { type: 'string', logicalType: 'uuid' } },
        { name: 'occurredAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
        { name: 'entityId', type: 'string' },
        { name: 'status', type: { type: 'enum', name: `Status${i}`, symbols: ['NEW', 'ACTIVE', 'CLOSED'] } },
        { name: 'amount', type: ['null', { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 }], default: null },
        { name: 'tags', type: { type: 'array', items: 'string' }, default: [] },
        { name: 'attributes', type: { type: 'map', values: 'string' }, default: {} },
        ...Array.from({ length: 6 }, (_, f) => ({ name: `field${f}`, type: ['null', 'string'], default: null })),
      ],
    };
    const res = await fetch(`${url}/subjects/bench-read-${i}-value/versions`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ schema: JSON.stringify(schema) }),
    });
    if (!res.ok) throw new Error(`register failed: ${res.status} ${await res.text()}`);
    ids.push(((await res.json()) as { id: number }).id);
  }
  return ids;
}

interface Round {
  /** Requests answered in the round. */
  total: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

/** Requests/s over all rounds; latency percentiles as the median round's. */
function summary(rounds: Round[]): Round {
  const median = (values: number[]) => percentile(values, 50);
  return {
    total: sumTotal(rounds),
    rps: rounds.reduce((sum, r) => sum + r.rps, 0) / rounds.length,
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    non2xx: rounds.reduce((sum, r) => sum + r.non2xx, 0),
  };
}

function sumTotal(rounds: Round[]): number {
  return rounds.reduce((n, r) => n + r.total, 0);
}

async function load(url: string, paths: string[], seconds: number): Promise<Round> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: paths.map((path) => ({ method: 'GET' as const, path })),
  });
  if (result.errors > 0 || result.non2xx > 0) throw new Error(`${url}: ${result.errors} errors, ${result.non2xx} non-2xx answers`);
  return {
    total: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
  };
}

/** Each client adds one optional field per registration: always compatible under BACKWARD. */
async function registrations(url: string, charterPid: number, subjectOf: (client: number) => string) {
  const latencies: number[] = [];
  const cpuBefore = { charter: cpuMs([charterPid]), database: cpuMs(databaseBackends()) };
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      const fields: Array<Record<string, unknown>> = [{ name: 'id', type: 'string' }];
      for (let i = 0; i < REGISTRATIONS_PER_CLIENT; i++) {
        fields.push({ name: `c${client}_f${i}`, type: ['null', 'long'], default: null });
        const body = JSON.stringify({ schema: JSON.stringify({ type: 'record', name: 'Growing', namespace: 'com.acme', fields }) });
        const t = performance.now();
        const res = await fetch(`${url}/subjects/${subjectOf(client)}/versions`, { method: 'POST', headers: auth, body });
        if (!res.ok) throw new Error(`registration failed: ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const each = (before: number | undefined, after: number | undefined) =>
    before === undefined || after === undefined ? 'n/a' : ((after - before) / latencies.length).toFixed(2);
  return {
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    // CPU time per registration does not depend on what else the machine runs, unlike the rate.
    charterCpuMs: each(cpuBefore.charter, cpuMs([charterPid])),
    databaseCpuMs: each(cpuBefore.database, cpuMs(databaseBackends())),
  };
}

/** User + system CPU milliseconds of the processes (Linux /proc; undefined elsewhere). */
function cpuMs(pids: number[]): number | undefined {
  if (!existsSync('/proc/self/stat')) return undefined;
  let ticks = 0;
  for (const pid of pids) {
    try {
      // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process has ended
    }
  }
  return (ticks * 1000) / 100;
}

/** PostgreSQL backends serving the bench database (the server runs on this machine). */
function databaseBackends(): number[] {
  if (!existsSync('/proc/self/stat')) return [];
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`${DATABASE} `);
      } catch {
        return false;
      }
    })
    .map(Number);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

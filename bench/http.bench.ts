/**
 * `npm run bench:http`: Charter's request path against bare node:http serving the same bytes, and
 * against the framework's own ceilings, in one run on one machine.
 *
 * Every server is its own process: Charter as `npm start` runs it (NODE_ENV=production,
 * LOG_LEVEL=info, logs to a file) on a fresh PostgreSQL database holding the demo catalogue; a bare
 * node:http server answering Charter's captured bytes from memory, and the same server sending
 * Charter's response headers too; a minimal Nest app on Fastify and a minimal Nest + Apollo app on
 * Fastify (bench/minimal-apps/). autocannon loads each endpoint in
 * alternating rounds of the same length, so that load from other jobs falls on all alike; then
 * concurrent clients register new versions. The table is printed and written into BENCHMARKS.md.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, hostname, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../test/support/free-port';
import { nodeArgs } from '../test/support/server-process';
import { Proc, startProcess } from './bench-process';
import { capture, endpoints, ME_QUERY, verifySameBytes } from './http-endpoints';
import { alternate, Contender, LoadRequest } from './http-load';
import { registrations } from './http-registrations';
import { Ceilings, markdownTable, Measured, tableRows, writeBenchmarks } from './http-report';
import { recreateDatabase } from './bench-database';

const SERVER = process.env.BENCH_DATABASE_SERVER ?? 'postgres://root@127.0.0.1:5432/postgres';
const DATABASE = 'charter_bench_http';
const TOKEN = 'chr_bench-http-admin-token-0123456789abcdef';
const settings = {
  connections: Number(process.env.BENCH_CONNECTIONS ?? 16),
  seconds: Number(process.env.BENCH_ROUND_SECONDS ?? 3),
  rounds: Number(process.env.BENCH_ROUNDS ?? 3),
  warmupSeconds: Number(process.env.BENCH_WARMUP_SECONDS ?? 2),
};
const CLIENTS = 16;
const REGISTRATION_SECONDS = Number(process.env.BENCH_REGISTRATION_SECONDS ?? 8);
/** Whatever happens, the bench and every process it started are gone after this. */
const TIMEOUT_SECONDS = Number(process.env.BENCH_TIMEOUT_SECONDS ?? 480);
/** BENCH_WRITE=0 prints the table without touching BENCHMARKS.md. */
const WRITE = process.env.BENCH_WRITE !== '0';

const procs: Proc[] = [];
const stopAll = async () => {
  for (const p of procs.splice(0).reverse()) await p.stop();
};

async function main() {
  const startedAt = new Date();
  const loadAtStart = loadavg();
  console.log(`bench:http on ${cpus().length} cores, load average ${loadAtStart.map((l) => l.toFixed(2)).join(' ')} at start`);
  const admin = new Client({ connectionString: SERVER });
  await admin.connect();
  const databaseUrl = await recreateDatabase(admin, SERVER, DATABASE);
  const postgres: string = (await admin.query('SHOW server_version')).rows[0].server_version;
  const work = mkdtempSync(join(tmpdir(), 'charter-bench-http-'));
  try {
    const charterPort = await freePort();
    const charterUrl = `http://127.0.0.1:${charterPort}`;
    const charterEnv = {
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      CHARTER_BOOTSTRAP_TOKEN: TOKEN,
      CHARTER_DATA_DIR: work,
      LOG_LEVEL: 'info',
      PORT: String(charterPort),
      HOST: '127.0.0.1',
    };
    procs.push(
      await startProcess('Charter', 'src/main.ts', [], charterEnv, join(work, 'charter.log'), { url: `${charterUrl}/health/ready` }),
    );
    console.log('Charter ready; loading the demo catalogue');
    await demoLoad(charterUrl);

    const all = await endpoints(charterUrl, TOKEN);
    const answers = await capture(charterUrl, all);
    const answersFile = join(work, 'answers.json');
    writeFileSync(answersFile, JSON.stringify(answers));
    const health = all[0].requests;
    const me = all.find((e) => e.requests[0].body?.includes('me {'))!.requests;
    const username = (JSON.parse(answers[`POST /graphql ${me[0].body}`].body) as { data: { me: { username: string } } }).data.me.username;

    const [barePort, nestPort, apolloPort, headersPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const graphqlProbe = (port: number) => ({
      url: `http://127.0.0.1:${port}/graphql`,
      init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: ME_QUERY }) },
    });
    const started = await Promise.all([
      startProcess(
        'bare node:http',
        'bench/http-bare-server.ts',
        [answersFile, String(barePort)],
        { NODE_ENV: 'production' },
        join(work, 'bare.log'),
        { url: `http://127.0.0.1:${barePort}/health/live` },
      ),
      startProcess(
        'minimal Nest+Fastify',
        'bench/minimal-apps/nest-fastify.app.ts',
        [String(nestPort), answers['GET /health/live'].body],
        { NODE_ENV: 'production' },
        join(work, 'nest.log'),
        { url: `http://127.0.0.1:${nestPort}/health/live` },
      ),
      startProcess(
        'minimal Nest+Apollo',
        'bench/minimal-apps/nest-apollo-fastify.app.ts',
        [String(apolloPort), username],
        { NODE_ENV: 'production' },
        join(work, 'apollo.log'),
        graphqlProbe(apolloPort),
      ),
      startProcess(
        "bare node:http with Charter's headers",
        'bench/http-bare-server.ts',
        [answersFile, String(headersPort), '--with-headers'],
        { NODE_ENV: 'production' },
        join(work, 'bare-headers.log'),
        { url: `http://127.0.0.1:${headersPort}/health/live` },
      ),
    ]);
    procs.push(...started);
    const [charter, bare, nest, apollo, bareHeaders]: Contender[] = [
      charterUrl,
      ...[barePort, nestPort, apolloPort, headersPort].map((p) => `http://127.0.0.1:${p}`),
    ].map((url, i) => ({ name: ['Charter', ...started.map((s) => s.name)][i], url }));
    for (const e of all) await verifySameBytes(bare.name, bare.url, e.requests, answers);
    await verifySameBytes(nest.name, nest.url, health, answers);
    await verifySameBytes(apollo.name, apollo.url, me, answers);
    await verifySameBytes(bareHeaders.name, bareHeaders.url, health, answers);

    const measured: Measured[] = [];
    const ceilings: Partial<Ceilings> = {};
    for (const endpoint of all) {
      // /health/live also bounds what the response headers alone cost: the bare server sending Charter's.
      const minimal = endpoint.requests === health ? [nest, bareHeaders] : endpoint.requests === me ? [apollo] : [];
      const results = await alternate([charter, bare, ...minimal], endpoint.requests as LoadRequest[], settings);
      measured.push({ endpoint, charter: results.get(charter.name)!, bare: results.get(bare.name)! });
      const ceiling = (c: Contender) => ({ minimal: results.get(c.name)!, bare: results.get(bare.name)! });
      if (endpoint.requests === health) Object.assign(ceilings, { nest: ceiling(nest), headers: ceiling(bareHeaders) });
      if (endpoint.requests === me) ceilings.apollo = ceiling(apollo);
      const m = measured.at(-1)!;
      console.log(
        `${endpoint.label}: Charter ${Math.round(m.charter.rps)}/s, bare ${Math.round(m.bare.rps)}/s (${(m.charter.rps / m.bare.rps).toFixed(3)})`,
      );
    }
    // Only Charter and PostgreSQL are needed from here on.
    for (const p of started) await p.stop();
    procs.splice(procs.length - started.length);
    const reg = await registrations(charterUrl, TOKEN, CLIENTS, REGISTRATION_SECONDS);
    console.log(`registrations: ${reg.count} in ${REGISTRATION_SECONDS} s`);

    const loadAtEnd = loadavg();
    const rows = tableRows(measured, ceilings as Ceilings, reg, CLIENTS);
    const fixed = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');
    const block = [
      `Run ${startedAt.toISOString().replace('T', ' ').slice(0, 16)} UTC on ${hostname()}: ${cpus().length} cores, Node ${process.version}, PostgreSQL ${postgres}; ` +
        `load average ${fixed(loadAtStart)} (1, 5, 15 min) at start, ${fixed(loadAtEnd)} at end; the run took ${Math.round((Date.now() - startedAt.getTime()) / 1000)} s.`,
      '',
      `Settings: autocannon with ${settings.connections} connections; per endpoint a ${settings.warmupSeconds} s warm-up of each server, then ${settings.rounds} rounds of ` +
        `${settings.seconds} s of each in turn (Charter, bare, and where they apply the minimal app and the bare server with Charter's headers); requests/s is the mean of the rounds, p50/p99 the median round's. ` +
        `Registrations: ${CLIENTS} concurrent clients for ${REGISTRATION_SECONDS} s, each adding compatible versions to its own subject (${reg.count} registered). ` +
        `Change with BENCH_CONNECTIONS, BENCH_ROUNDS, BENCH_ROUND_SECONDS, BENCH_WARMUP_SECONDS, BENCH_REGISTRATION_SECONDS.`,
      '',
      markdownTable(rows),
    ].join('\n');
    console.log(`\n${block}\n`);
    if (WRITE) {
      writeBenchmarks(join(__dirname, '..', 'BENCHMARKS.md'), block);
      console.log('written to BENCHMARKS.md');
    }
  } finally {
    await stopAll();
    rmSync(work, { recursive: true, force: true });
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await admin.end();
  }
}

/** `charter demo load` against the running Charter, as the README's walk-through does it. */
function demoLoad(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs('src/cli/main.ts'), 'demo', 'load', '--url', url], {
      cwd: join(__dirname, '..'),
      env: { ...process.env, NODE_OPTIONS: '', LOG_LEVEL: 'warn', CHARTER_TOKEN: TOKEN },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`charter demo load exited with ${code}:\n${output}`));
    });
  });
}

const abort = (reason: string) => {
  console.error(reason);
  void stopAll().finally(() => process.exit(1));
};
setTimeout(() => abort(`bench:http did not finish within ${TIMEOUT_SECONDS} s; stopped`), TIMEOUT_SECONDS * 1000).unref();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => abort(`bench:http stopped by ${signal}`));

main().catch((err) => {
  console.error(err);
  void stopAll().finally(() => process.exit(1));
});

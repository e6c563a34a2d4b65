/**
 * `npm run chaos`: a bounded resilience drill on this machine only. Three Charter replicas on a
 * primary PostgreSQL with a synchronous standby, under concurrent writes, through three faults:
 *   1. one replica killed with SIGKILL, then restarted;
 *   2. PostgreSQL stopped with `-m immediate`, then started again;
 *   3. failover: the primary stopped with `-m immediate`, the standby promoted, the replicas
 *      restarted with DATABASE_URL on the promoted server.
 * After each, the database is checked against the ledger of acknowledged writes; the table is
 * printed and written into RESILIENCE.md. Everything runs in temporary folders on loopback ports
 * and is removed on exit, on SIGINT/SIGTERM, on failure and when the deadline passes.
 */
import { cpus, loadavg } from 'node:os';
import { check } from './checks';
import { Load } from './load';
import { ScenarioRow, seconds, section, table, writeResilience } from './report';
import { pgCtl, postgresVersion, sql, Stack } from './stack';

const num = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${process.env[name]}"`);
  return value;
};
const WORKERS = num('CHAOS_WORKERS', 6);
const SUBJECTS = num('CHAOS_SUBJECTS', 4);
const LOAD_S = num('CHAOS_LOAD_SECONDS', 15);
const OUTAGE_S = num('CHAOS_OUTAGE_SECONDS', 3);
const DEADLINE_S = num('CHAOS_DEADLINE_SECONDS', 360);
/** How long a fault may last before the drill counts it as not recovered. */
const RECOVERY_LIMIT_MS = 90_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const load3 = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
const log = (line: string) => console.log(`[chaos ${new Date().toISOString().slice(11, 19)}] ${line}`);

const stack = new Stack();
let keepLogs = true;
process.on('exit', () => stack.teardown(keepLogs));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    log(`${signal}: stopping and removing every process and cluster`);
    stack.teardown(false);
    process.exit(130);
  });
}
setTimeout(() => {
  console.error(`[chaos] deadline of ${DEADLINE_S} s passed: giving up (logs kept in ${stack.work})`);
  stack.teardown(true);
  process.exit(2);
}, DEADLINE_S * 1000).unref();

async function main(): Promise<boolean> {
  const startedAt = performance.now();
  const loadBefore = load3();
  log(`primary + synchronous standby in temporary folders`);
  await stack.startDatabase();
  const replicas = await Promise.all(['replica-a', 'replica-b', 'replica-c'].map((name) => stack.addReplica(name)));
  // The first one migrates the empty database; the others start on a migrated one.
  await stack.startReplica(replicas[0], stack.writable.url());
  await Promise.all(replicas.slice(1).map((r) => stack.startReplica(r, stack.writable.url())));
  log(`3 replicas ready on ports ${replicas.map((r) => r.port).join(', ')}; load: ${WORKERS} clients, ${SUBJECTS} subjects`);

  const load = new Load(replicas, { workers: WORKERS, subjects: SUBJECTS });
  const rows: ScenarioRow[] = [];
  const refusals: string[] = [];
  const checkpoint = async (name: string, rtoMs: number | undefined, detail: string) => {
    refusals.push(`${name}: ${load.outcomes(load.phase)}`);
    const result = await check(stack.writable.url(), load.acks, replicas);
    rows.push({ name, rtoMs, detail, result });
    log(
      `${name}: RTO ${rtoMs === undefined ? '—' : seconds(rtoMs)}; ${result.registrations} registrations / ${result.teams} teams acknowledged, lost ${result.lost}, duplicates ${result.duplicateVersions}, gaps ${result.gaps}, chain ${result.chain}`,
    );
  };
  const recovery = async (faultAt: number) => {
    const ack = await load.waitForAckAfter(faultAt, RECOVERY_LIMIT_MS);
    return ack ? ack.answeredAt - faultAt : undefined;
  };

  load.start();
  await sleep(LOAD_S * 1000);
  await checkpoint('steady load', undefined, 'no fault');

  // 1. A replica dies as in a crash; the load balancer (here: the clients) moves to the others.
  log('scenario 1: SIGKILL of replica-a');
  load.phase = '1. SIGKILL of a replica, restart';
  let faultAt = performance.now();
  await stack.killReplica(replicas[0]);
  const rto1 = await recovery(faultAt);
  const restartMs = await stack.startReplica(replicas[0], stack.writable.url());
  await sleep(LOAD_S * 1000);
  await checkpoint(
    '1. SIGKILL of a replica, restart',
    rto1,
    `the other replicas kept accepting; replica-a restarted and ready in ${seconds(restartMs)}`,
  );

  // 2. PostgreSQL crashes and comes back: the replicas stay up and reconnect by themselves.
  log(`scenario 2: pg_ctl stop -m immediate of the primary, ${OUTAGE_S} s down, start`);
  load.phase = '2. PostgreSQL `stop -m immediate`, start';
  await pgCtl(stack.primary, ['-m', 'immediate', '-w', 'stop']);
  // From the moment the server is gone: a write sent earlier may still have been committed by it.
  faultAt = performance.now();
  await sleep(OUTAGE_S * 1000);
  const startAt = performance.now();
  await pgCtl(stack.primary, ['-l', `${stack.primary.dataDir}/server.log`, '-w', '-t', '60', 'start']);
  const startedMs = performance.now() - startAt;
  const rto2 = await recovery(faultAt);
  const afterStart = rto2 === undefined ? undefined : faultAt + rto2 - (startAt + startedMs);
  // The failover below relies on the standby holding every acknowledged write again.
  await stack.waitForSyncStandby();
  await sleep(LOAD_S * 1000);
  await checkpoint(
    '2. PostgreSQL `stop -m immediate`, start',
    rto2,
    `down ${OUTAGE_S} s by design; \`pg_ctl start\` took ${seconds(startedMs)}; first write accepted ${seconds(afterStart)} after it returned, no replica restarted`,
  );

  // 3. The primary is lost for good: promote the standby and point the replicas at it.
  log('scenario 3: failover to the standby');
  load.phase = '3. failover: primary `stop -m immediate`, standby promoted';
  await pgCtl(stack.primary, ['-m', 'immediate', '-w', 'stop']);
  faultAt = performance.now();
  const promoteAt = performance.now();
  await pgCtl(stack.standby, ['-w', 'promote']);
  const promoteMs = performance.now() - promoteAt;
  // It has no standby of its own: waiting for one would hang every commit.
  await sql(stack.standby.url(), "ALTER SYSTEM SET synchronous_standby_names = ''");
  await sql(stack.standby.url(), 'SELECT pg_reload_conf()');
  stack.writable = stack.standby;
  await Promise.all(replicas.map((r) => stack.killReplica(r)));
  const restartAllAt = performance.now();
  await Promise.all(replicas.map((r) => stack.startReplica(r, stack.writable.url())));
  const restartAllMs = performance.now() - restartAllAt;
  const rto3 = await recovery(faultAt);
  await sleep(LOAD_S * 1000);
  await checkpoint(
    '3. failover: primary `stop -m immediate`, standby promoted',
    rto3,
    `\`pg_ctl promote\` ${seconds(promoteMs)}; 3 replicas restarted on the promoted server, all ready in ${seconds(restartAllMs)}`,
  );

  await load.stop();
  load.phase = 'end (load stopped), on the promoted server';
  await checkpoint('end (load stopped), on the promoted server', undefined, '—');

  const ok =
    rows.every((r) => r.result.lost === 0 && r.result.duplicateVersions === 0 && r.result.gaps === 0 && r.result.chainValid) &&
    [rto1, rto2, rto3].every((r) => r !== undefined);
  const durationS = (performance.now() - startedAt) / 1000;
  const core = cpus();
  const settings =
    `${WORKERS} concurrent clients over 3 replicas, ${SUBJECTS} shared subjects (2 registrations for each team created), ${LOAD_S} s of load after each fault, ` +
    `PostgreSQL down ${OUTAGE_S} s in scenario 2; ${postgresVersion()}, \`synchronous_commit = on\` with one synchronous standby, \`fsync = off\` (throw-away clusters; ` +
    `an immediate stop is a process crash, not a power loss); Node ${process.version}, Charter through its TypeScript loader (as the test suites start it); ` +
    `${core.length} CPU cores (${core[0]?.model.trim() ?? 'unknown'}), shared with other work. Whole drill: ${durationS.toFixed(0)} s.`;
  const totals =
    `Requests: ${load.attempts.toLocaleString('en-US')} sent, ${load.acks.length.toLocaleString('en-US')} acknowledged, ` +
    `${load.refused.toLocaleString('en-US')} not; an unacknowledged write may or may not be stored, and is not counted. Writes not acknowledged, by part of the drill ` +
    `(HTTP status and Confluent \`error_code\` or GraphQL code, or the network error): ${refusals.join(' — ')}.`;
  const verdict = ok
    ? 'passed: no acknowledged write lost, no duplicate, no gap, the audit chain verifies after every fault.'
    : 'FAILED: see the rows above.';
  const text = section({
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    settings,
    loadBefore,
    loadAfter: load3(),
    rows,
    verdict,
    totals,
  });
  console.log(`\n${table(rows)}\n\n${totals}\n${verdict}`);
  writeResilience(text);
  log('RESILIENCE.md updated');
  return ok;
}

main().then(
  (ok) => {
    keepLogs = !ok;
    if (!ok) console.error(`[chaos] replica logs kept in ${stack.work}`);
    process.exit(ok ? 0 : 1);
  },
  (err) => {
    console.error(`[chaos] ${err instanceof Error ? err.stack : err}`);
    console.error(`[chaos] replica logs kept in ${stack.work}`);
    process.exit(1);
  },
);

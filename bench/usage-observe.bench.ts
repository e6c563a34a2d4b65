/**
 * `npm run bench:usage`: the CPU the observation of reads adds to one registry read, measured in
 * process (CPU time, which other jobs on the machine do not inflate the way they do throughput).
 * It times exactly what a read pays — `UsageRecorder.observe`: the client identity from two
 * headers, the clock, the key and a map update — over many reads spread across realistic keys
 * (a few hundred readers, clients and schemas), and the flush's in-memory part (draining the tally).
 * Compare it with the CPU per request of the schema-by-id fast path in BENCHMARKS.md.
 */
import { UsageRecorder } from '../src/usage/usage-recorder';
import { ANONYMOUS, Principal } from '../src/auth/domain/principal';
import { SystemClock } from '../src/kernel/clock';
import { fmt, printTable } from './bench-support';

const READS = Number(process.env.BENCH_READS ?? 2_000_000);
const READERS = 200;
const SCHEMAS = 50;

function main() {
  const config = { usage: { observe: true, flushIntervalMs: 10_000, maxPendingKeys: 100_000, retentionDays: 400, metricTopics: 20 } };
  const metrics = { watchPending: () => undefined };
  const recorder = new UsageRecorder(undefined as never, new SystemClock(), metrics as never, config as never);
  const principals: Principal[] = Array.from({ length: READERS }, (_, i) =>
    i % 4 === 0 ? ANONYMOUS : { authenticated: true, username: `svc-${i}`, teams: [`team-${i % 20}`], roles: [], via: 'api-token' },
  );
  const headers = Array.from({ length: READERS }, (_, i) => ({
    'user-agent': `confluent-kafka-javascript/1.${i % 7}.0 (node v20.20.2)`,
    'x-client-id': i % 3 === 0 ? `orders-consumer-${i}` : undefined,
  }));

  // Warm-up, so the JIT has compiled the path before it is timed.
  for (let i = 0; i < 200_000; i++) recorder.observe(principals[i % READERS], headers[i % READERS], (i % SCHEMAS) + 1);
  (recorder as unknown as { tally: { drain(): unknown } }).tally.drain();

  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let i = 0; i < READS; i++)
    recorder.observe(principals[i % READERS], headers[i % READERS], (Math.floor(i / READERS) % SCHEMAS) + 1, undefined);
  const wallNs = Number(process.hrtime.bigint() - started);
  const used = process.cpuUsage(cpu);
  const keys = (recorder as unknown as { tally: { size: number } }).tally.size;
  const drainStarted = process.hrtime.bigint();
  (recorder as unknown as { tally: { drain(): unknown[] } }).tally.drain();
  const drainMs = Number(process.hrtime.bigint() - drainStarted) / 1e6;

  const cpuNsPerRead = ((used.user + used.system) * 1000) / READS;
  printTable(`UsageRecorder.observe, ${fmt(READS)} reads over ${READERS} readers x ${SCHEMAS} schemas`, [
    ['measure', 'value'],
    ['CPU per read', `${(cpuNsPerRead / 1000).toFixed(2)} µs`],
    ['wall per read', `${(wallNs / READS / 1000).toFixed(2)} µs`],
    ['distinct keys held', fmt(keys)],
    ['draining them for a flush', `${drainMs.toFixed(1)} ms`],
    ['share of a 28 µs fast-path read', `${((100 * cpuNsPerRead) / 28_000).toFixed(1)}%`],
  ]);
}

main();

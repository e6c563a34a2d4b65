/**
 * `npm run bench:audit`: audited transactions per second with 16 concurrent clients on PostgreSQL,
 * the audit log alone (no HTTP, no registry work), so that what the chain costs writers shows.
 *
 * - "chain lock held to commit": how entries were appended before the sealer: an advisory lock on
 *   the whole chain, the last hash read, the chained row inserted, the lock held until COMMIT.
 * - "unchained insert, sealer after commit": what `AuditService.append` does now, with the sealer
 *   running beside it as it does in the app, until every entry is chained and the chain verifies.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { chainHash, GENESIS_HASH } from '../src/audit/audit-chain';
import { sealPending } from '../src/audit/audit-sealer';
import { AuditService } from '../src/audit/audit.service';
import { loadConfig } from '../src/config/app-config';
import { migrate } from '../src/database/migrate';
import { CHARTER_SCHEMA } from '../src/database-schema';
import { openDatabase } from '../src/database/open-database';
import { SystemClock } from '../src/kernel/clock';
import { fmt, percentile, printTable } from './bench-support';

const SERVER = process.env.BENCH_DATABASE_SERVER ?? 'postgres://root@127.0.0.1:5432/postgres';
const DATABASE = 'charter_bench_audit';
const CLIENTS = 16;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const LEGACY_LOCK_KEY = 7_316_001;

const event = (client: number, i: number) => ({
  actor: `client-${client}`,
  action: 'registry.schema-registered',
  targetType: 'subject',
  targetId: `bench-${client}-value`,
  details: { version: i, id: client * 100_000 + i, schemaType: 'AVRO', references: [], mode: 'READWRITE' },
});

async function main() {
  const admin = new Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  const url = Object.assign(new URL(SERVER), { pathname: `/${DATABASE}` }).toString();
  const dataDir = mkdtempSync(join(tmpdir(), 'charter-bench-audit-'));
  const database = await openDatabase(
    loadConfig({ DATABASE_URL: url, CHARTER_DATA_DIR: dataDir, DATABASE_POOL_SIZE: String(CLIENTS + 2) }),
    CHARTER_SCHEMA,
  );
  try {
    await migrate(database);
    const ds = database.dataSource;
    const audit = new AuditService(ds, new SystemClock());

    const legacy = await run(async (client, i) => {
      await ds.transaction(async (em) => {
        await em.query('SELECT pg_advisory_xact_lock($1)', [LEGACY_LOCK_KEY]);
        // The old layout kept the tail by seq; the sealer's own tail is by position.
        const last: Array<{ hash: string }> = await em.query(
          'SELECT hash FROM audit_log WHERE chain_pos IS NOT NULL ORDER BY chain_pos DESC LIMIT 1',
        );
        const [{ pos }]: Array<{ pos: string }> = await em.query('SELECT COALESCE(max(chain_pos), 0) + 1 AS pos FROM audit_log');
        const prev = last[0]?.hash ?? GENESIS_HASH;
        const e = event(client, i);
        const occurredAt = new Date();
        await em.query(
          `INSERT INTO audit_log (occurred_at, actor, action, target_type, target_id, details, chain_pos, prev_hash, hash)
           VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9)`,
          [
            occurredAt,
            e.actor,
            e.action,
            e.targetType,
            e.targetId,
            JSON.stringify(e.details),
            pos,
            prev,
            chainHash(prev, { ...e, occurredAt }),
          ],
        );
      });
    });

    let sealing = true;
    const sealer = (async () => {
      while (sealing) {
        await sealPending(ds, { wait: false });
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const started = performance.now();
    const sealed = await run((client, i) => ds.transaction(async (em) => void (await audit.append(em, event(client, i)))));
    sealing = false;
    await sealer;
    await sealPending(ds, { wait: true });
    const drainedMs = performance.now() - started - sealed.seconds * 1000;
    const verified = await audit.verify();
    if (!verified.valid || verified.unsealed !== 0) throw new Error(`chain does not verify: ${JSON.stringify(verified)}`);

    printTable(`Audited transactions, ${CLIENTS} concurrent clients, ${SECONDS} s each, PostgreSQL`, [
      ['append', 'transactions/s', 'p50 ms', 'p99 ms'],
      ['chain lock held to commit (before)', fmt(legacy.perSecond), legacy.p50.toFixed(1), legacy.p99.toFixed(1)],
      ['unchained insert, sealer after commit (now)', fmt(sealed.perSecond), sealed.p50.toFixed(1), sealed.p99.toFixed(1)],
    ]);
    console.log(
      `Chain verified: ${verified.checked} entries; the last ones were chained ${Math.max(0, drainedMs).toFixed(0)} ms after the load ended.`,
    );
  } finally {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await admin.end();
  }
}

/** CLIENTS loops calling `tx` for SECONDS; rate and latency percentiles. */
async function run(tx: (client: number, i: number) => Promise<void>) {
  const latencies: number[] = [];
  const until = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      for (let i = 0; performance.now() < until; i++) {
        const t = performance.now();
        await tx(client, i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), seconds };
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

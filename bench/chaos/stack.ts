/**
 * What the chaos drill runs on: a primary PostgreSQL with a synchronous streaming standby, and
 * Charter replicas as child processes. Everything lives in temporary folders on loopback ports and
 * is torn down synchronously, so that it can also be done from a signal handler or on `exit`.
 */
import { ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../test/support/free-port';
import { PgCluster, postgresBinDir } from '../../test/support/pg-cluster';
import { nodeArgs } from '../../test/support/server-process';

export const TOKEN = 'chr_chaos-admin-token-0123456789abcdef';
export const STANDBY_NAME = 'charter_chaos_standby';
const ROOT = join(__dirname, '..', '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function sql<T = any>(url: string, text: string, params?: unknown[]): Promise<T[]> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end();
  }
}

/**
 * `pg_ctl` without blocking the event loop: while PostgreSQL stops or starts, the load keeps
 * running and its answers keep their true times. As root it runs as `postgres`, as the clusters do.
 */
export function pgCtl(cluster: PgCluster, args: string[]): Promise<void> {
  const bin = join(cluster.bin, 'pg_ctl');
  const argv = ['-D', cluster.dataDir, ...args];
  const [cmd, full] = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', bin, ...argv]] : [bin, argv];
  return new Promise((resolve, reject) =>
    execFile(cmd, full, { timeout: 60_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`pg_ctl ${args.join(' ')}: ${stderr}${stdout}`)) : resolve(),
    ),
  );
}

export interface Replica {
  name: string;
  port: number;
  url: string;
  child?: ChildProcess;
  /** false from the moment it is killed until it is ready again: the load skips it meanwhile. */
  up: boolean;
}

export class Stack {
  primary!: PgCluster;
  standby!: PgCluster;
  /** The server that takes writes: the primary, then the standby once promoted. */
  writable!: PgCluster;
  readonly replicas: Replica[] = [];
  readonly work = mkdtempSync(join(tmpdir(), 'charter-chaos-'));
  private torn = false;

  async startDatabase(): Promise<void> {
    const bin = postgresBinDir();
    if (!bin) throw new Error('PostgreSQL programs (initdb, pg_ctl, pg_basebackup) were not found under /usr/lib/postgresql');
    this.primary = await PgCluster.create(bin, [
      `synchronous_standby_names = '${STANDBY_NAME}'`,
      'synchronous_commit = on',
      'wal_level = replica',
      'max_wal_senders = 5',
      'max_connections = 200',
    ]);
    this.primary.start();
    this.writable = this.primary;
    this.standby = await PgCluster.standbyOf(this.primary, STANDBY_NAME);
    this.standby.start();
    await this.waitForSyncStandby();
  }

  /** Until the standby streams as `sync`: only then is an acknowledged write on both servers. */
  async waitForSyncStandby(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const rows = await sql(this.primary.url(), 'SELECT sync_state FROM pg_stat_replication WHERE application_name = $1', [
        STANDBY_NAME,
      ]).catch(() => []);
      if (rows[0]?.sync_state === 'sync') return;
      await sleep(100);
    }
    throw new Error('the standby did not become synchronous within 30 s');
  }

  async addReplica(name: string): Promise<Replica> {
    const port = await freePort();
    const replica: Replica = { name, port, url: `http://127.0.0.1:${port}`, up: false };
    this.replicas.push(replica);
    return replica;
  }

  /** Starts (or restarts, on the same port) a replica on `databaseUrl`; resolves once it is ready. */
  async startReplica(replica: Replica, databaseUrl: string, timeoutMs = 120_000): Promise<number> {
    const started = performance.now();
    const dataDir = join(this.work, replica.name);
    mkdirSync(dataDir, { recursive: true });
    const log = openSync(join(this.work, `${replica.name}.log`), 'a');
    const child = spawn(process.execPath, nodeArgs('src/main.ts'), {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        LOG_LEVEL: 'warn',
        DATABASE_URL: databaseUrl,
        CHARTER_BOOTSTRAP_TOKEN: TOKEN,
        CHARTER_DATA_DIR: dataDir,
        PORT: String(replica.port),
        HOST: '127.0.0.1',
      },
      stdio: ['ignore', log, log],
    });
    replica.child = child;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`replica ${replica.name} exited with ${child.exitCode}; see ${join(this.work, `${replica.name}.log`)}`);
      if (Date.now() > deadline) throw new Error(`replica ${replica.name} was not ready within ${timeoutMs / 1000} s`);
      const ready = await fetch(`${replica.url}/health/ready`, { signal: AbortSignal.timeout(2_000) }).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) break;
      await sleep(100);
    }
    replica.up = true;
    return performance.now() - started;
  }

  /** SIGKILL, as a crash or the OOM killer would; resolves once the process is gone. */
  killReplica(replica: Replica): Promise<void> {
    replica.up = false;
    const child = replica.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  /** Synchronous and idempotent: safe from `exit`, SIGINT and error paths alike. */
  teardown(keepLogs: boolean): void {
    if (this.torn) return;
    this.torn = true;
    for (const r of this.replicas) {
      if (r.child && r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
    }
    for (const cluster of [this.standby, this.primary]) {
      try {
        cluster?.destroy();
      } catch (err) {
        console.error(`could not remove the cluster in ${cluster.dataDir}: ${(err as Error).message}`);
      }
    }
    if (!keepLogs) rmSync(this.work, { recursive: true, force: true });
  }
}

export function postgresVersion(): string {
  const bin = postgresBinDir();
  return bin ? execFileSync(join(bin, 'postgres'), ['--version']).toString().trim() : 'unknown';
}

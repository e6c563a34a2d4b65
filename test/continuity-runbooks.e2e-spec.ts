import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createTeams } from './support/principals';
import { freePort, nodeArgs } from './support/server-process';
import { TestApp } from './support/test-app';

/**
 * Runs the bash blocks of docs/runbooks/*.md, in order, against local PostgreSQL clusters made
 * for the test, so that a runbook that drifts from the software fails. PostgreSQL only: the
 * binaries run as the `postgres` OS user (the suite is skipped without them or without root).
 */
const ROOT = join(__dirname, '..');
const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)) : [];
const PGBIN = versions.length > 0 ? `/usr/lib/postgresql/${versions[0]}/bin` : '';
const runnable = Boolean(process.env.TEST_DATABASE_URL) && PGBIN !== '' && process.getuid?.() === 0;
const AS_PG = 'runuser -u postgres --';
const POSTGRES_UID = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
const POSTGRES_GID = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());

jest.setTimeout(240_000);

function runbook(name: string): string[] {
  const text = readFileSync(join(ROOT, 'docs', 'runbooks', `${name}.md`), 'utf8');
  return [...text.matchAll(/^```bash\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
}

/** A folder the postgres OS user owns. */
function pgDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chownSync(dir, POSTGRES_UID, POSTGRES_GID);
  return dir;
}

/** `charter` on the PATH, as an operator has it installed. */
function charterBin(): string {
  const dir = mkdtempSync(join(tmpdir(), 'charter-bin-'));
  const script = join(dir, 'charter');
  writeFileSync(
    script,
    `#!/bin/sh\nSWC_NODE_PROJECT=${join(ROOT, 'tsconfig.json')} exec ${process.execPath} ${nodeArgs('src/cli/main.ts').join(' ')} "$@"\n`,
  );
  chmodSync(script, 0o755);
  return dir;
}

interface Run {
  status: number | null;
  output: string;
}

function bash(block: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-euo', 'pipefail', '-c', block], {
      env: { ...process.env, NODE_OPTIONS: '', LOG_LEVEL: 'warn', ...env },
      cwd: tmpdir(),
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output });
    });
  });
}

async function step(block: string, env: Record<string, string>): Promise<string> {
  const run = await bash(block, env);
  if (run.status !== 0) throw new Error(`runbook step failed (exit ${run.status}):\n${block}\n--- output ---\n${run.output}`);
  return run.output;
}

class Cluster {
  constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async create(parent: string): Promise<Cluster> {
    const dir = join(parent, 'data');
    const port = await freePort();
    const init = spawnSync(
      'runuser',
      ['-u', 'postgres', '--', `${PGBIN}/initdb`, '-D', dir, '-A', 'trust', '-U', 'postgres', '--no-sync'],
      { encoding: 'utf8' },
    );
    if (init.status !== 0) throw new Error(init.stderr);
    spawnSync('runuser', [
      '-u',
      'postgres',
      '--',
      'sh',
      '-c',
      `printf "port = ${port}\\nlisten_addresses = '127.0.0.1'\\nunix_socket_directories = '/tmp'\\nfsync = off\\n" >> ${dir}/postgresql.conf`,
    ]);
    const cluster = new Cluster(dir, port);
    cluster.pgctl('start', '-w', '-l', join(parent, 'server.log'));
    return cluster;
  }

  pgctl(...args: string[]) {
    return spawnSync('runuser', ['-u', 'postgres', '--', `${PGBIN}/pg_ctl`, '-D', this.dir, ...args], { encoding: 'utf8' });
  }

  sql(sql: string, port = this.port): string {
    const r = spawnSync(
      'psql',
      ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-tAc', sql],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(r.stderr);
    return r.stdout.trim();
  }
}

const stopAll = (dirs: string[]) => {
  for (const d of dirs) {
    if (existsSync(join(d, 'postmaster.pid')))
      spawnSync('runuser', ['-u', 'postgres', '--', `${PGBIN}/pg_ctl`, '-D', d, '-m', 'immediate', 'stop']);
  }
};

(runnable ? describe : describe.skip)('runbooks run as written', () => {
  const bin = charterBin();
  const base = (port: number): Record<string, string> => ({
    PGBIN,
    AS_PG,
    PGHOST: '127.0.0.1',
    PGUSER: 'postgres',
    PGPORT: String(port),
    PATH: `${bin}:${process.env.PATH}`,
  });
  const cleanup: string[] = [bin];
  const clusters: string[] = [];

  afterAll(() => {
    stopAll(clusters);
    for (const d of cleanup) rmSync(d, { recursive: true, force: true });
  });

  it('point-in-time recovery: a row written before the target time is back, one written after is not', async () => {
    const parent = pgDir('charter-pitr-');
    cleanup.push(parent);
    const primary = await Cluster.create(parent);
    clusters.push(primary.dir, join(parent, 'restored'));
    const env = {
      ...base(primary.port),
      PGDATA: primary.dir,
      WAL_ARCHIVE: join(parent, 'wal-archive'),
      BASE_BACKUP: join(parent, 'base'),
      RESTORE_DATA: join(parent, 'restored'),
      RESTORE_PORT: String(await freePort()),
    };
    const [archiving, archivingCheck, baseBackup, archiveLast, restore, restoreCheck] = runbook('point-in-time-recovery');
    await step(archiving, env);
    await step(archivingCheck, env);
    await step(baseBackup, env);
    primary.sql(`CREATE TABLE pitr_probe (label text NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())`);
    primary.sql(`INSERT INTO pitr_probe (label) VALUES ('before')`);
    await new Promise((r) => setTimeout(r, 1_100));
    const target = primary.sql(`SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00'`);
    await new Promise((r) => setTimeout(r, 1_100));
    primary.sql(`INSERT INTO pitr_probe (label) VALUES ('after')`);
    await step(archiveLast, env);
    await step(restore, { ...env, RECOVERY_TARGET_TIME: target });
    const log = await step(restoreCheck, env);
    expect(log).toMatch(/recovery stopping before commit|selected new timeline/);
    expect(primary.sql(`SELECT string_agg(label, ',' ORDER BY at) FROM pitr_probe`)).toBe('before,after');
    expect(primary.sql(`SELECT string_agg(label, ',' ORDER BY at) FROM pitr_probe`, Number(env.RESTORE_PORT))).toBe('before');
  });

  describe('on a primary that Charter runs on', () => {
    let primary: Cluster;
    let app: TestApp;
    let env: Record<string, string>;
    const backupDir = mkdtempSync(join(tmpdir(), 'charter-rb-backups-'));
    const key = randomBytes(32).toString('base64');

    beforeAll(async () => {
      const parent = pgDir('charter-rb-primary-');
      cleanup.push(parent, backupDir);
      primary = await Cluster.create(parent);
      clusters.push(primary.dir, join(parent, 'standby'));
      const serverUrl = process.env.TEST_DATABASE_URL;
      process.env.TEST_DATABASE_URL = `postgres://postgres@127.0.0.1:${primary.port}/postgres`;
      const charterEnv = {
        CHARTER_JURISDICTION: 'EU',
        CHARTER_BACKUP_DIR: backupDir,
        CHARTER_BACKUP_KEY: key,
        CHARTER_BACKUP_SCHEDULE: '0 0 1 1 *',
      };
      try {
        app = await TestApp.start(charterEnv);
      } finally {
        process.env.TEST_DATABASE_URL = serverUrl;
      }
      await createTeams(app, 'payments');
      const url = app.config.database.url!;
      env = {
        ...base(primary.port),
        ...charterEnv,
        PGDATA: primary.dir,
        DATABASE_URL: url,
        CHARTER_DB: new URL(url).pathname.slice(1),
        CHARTER_URL: app.url,
        STANDBY_DATA: join(parent, 'standby'),
        STANDBY_PORT: String(await freePort()),
        EVIDENCE_DIR: join(parent, 'evidence'),
      };
    });

    afterAll(async () => {
      await app?.stop().catch(() => undefined);
    });

    it('a lost replica', async () => {
      for (const block of runbook('lost-replica')) await step(block, env);
    });

    it('restore from backup', async () => {
      expect((await app.graphql(`mutation { runBackup { fileName } }`)).errors).toBeUndefined();
      const [pick, restore, verify] = runbook('restore-from-backup');
      expect(await step(pick, env)).toContain('Drill passed');
      expect(await step(restore, env)).toMatch(/Imported \d+ rows/);
      expect(await step(verify, env)).toContain('Audit chain intact');
      expect(
        spawnSync(
          'psql',
          [
            '-h',
            '127.0.0.1',
            '-p',
            String(primary.port),
            '-U',
            'postgres',
            '-d',
            `${env.CHARTER_DB}_restored`,
            '-tAc',
            'SELECT slug FROM team',
          ],
          { encoding: 'utf8' },
        ).stdout,
      ).toContain('payments');
    });

    it('audit chain verification failure', async () => {
      const url = new URL(env.DATABASE_URL);
      const db = url.pathname.slice(1);
      spawnSync('psql', [
        '-h',
        '127.0.0.1',
        '-p',
        String(primary.port),
        '-U',
        'postgres',
        '-d',
        db,
        '-c',
        `BEGIN; SET LOCAL session_replication_role = replica; UPDATE audit_log SET actor = 'mallory' WHERE seq = (SELECT min(seq) FROM audit_log); COMMIT;`,
      ]);
      const [confirm, evidence, drill] = runbook('audit-chain-failure');
      expect(await step(confirm, env)).toMatch(/Audit chain BROKEN at entry \d+ \(HASH_MISMATCH\)/);
      await step(evidence, env);
      expect(readdirSync(env.EVIDENCE_DIR).some((f) => f.startsWith('audit_log-'))).toBe(true);
      expect(await step(drill, env)).toContain('Drill passed'); // the backup predates the tampering
    });

    it('database outage', async () => {
      primary.pgctl('-m', 'immediate', 'stop');
      const [confirm, why, start, check] = runbook('database-outage');
      expect(await step(confirm, env)).toMatch(/no response|not accepting/);
      expect(await step(why, env)).toContain('in production');
      await step(start, env);
      expect(await step(check, env)).toContain('"status":"ready"');
    });

    it('failover to the standby', async () => {
      const [create, created, fence, promote, promoted, repoint] = runbook('failover-to-standby');
      await step(create, env);
      await step(created, env);
      await step(fence, env);
      await step(promote, env);
      await step(promoted, env);
      expect(await step(repoint, env)).toMatch(/^store /m);
    });
  });
});

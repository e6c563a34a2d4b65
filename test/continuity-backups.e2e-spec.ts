import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/app-config';
import { importDatabase } from '../src/continuity/archive/import-database';
import { openBackup } from '../src/continuity/backup-source';
import { AppStarter, checkAnswers } from '../src/continuity/drill-answers';
import { newestBackupIn } from '../src/continuity/drill-runner';
import { JobLease } from '../src/continuity/job-lease';
import { openScratchDatabase } from '../src/continuity/scratch-database';
import { startApp } from '../src/create-app';
import { DATABASE } from '../src/database/database.module';
import type { Database } from '../src/database/open-database';
import { createTeams, tokenFor } from './support/principals';
import { avroRecord, RegistryHttp } from './support/registry-http';
import { runCliAsync } from './support/server-process';
import { ADMIN_TOKEN, TestApp } from './support/test-app';
import { registerTopic } from './support/topics';

jest.setTimeout(180_000);

const KEY = randomBytes(32).toString('base64');
const BACKUP_FIELDS = 'id fileName createdAt sizeBytes sha256 jurisdiction encrypted lastVerifiedAt';
const DRILL_FIELDS = 'id backupFile outcome reason rtoMs tables rows';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

describe('continuity: scheduled backups, restore safety, drills, objectives', () => {
  const dir = mkdtempSync(join(tmpdir(), 'charter-backups-'));
  const env = {
    CHARTER_JURISDICTION: 'EU',
    CHARTER_BACKUP_DIR: dir,
    CHARTER_BACKUP_KEY: KEY,
    CHARTER_BACKUP_SCHEDULE: '*/2 * * * * *',
    CHARTER_BACKUP_RETENTION_DAYS: '30',
    CHARTER_STORE_RPO_SECONDS: '3600',
    CHARTER_PLATFORM_TEAM: 'platform',
    // Alerts stay in the outbox, where the test reads them.
    CHARTER_WEBHOOK_POLL_INTERVAL_MS: '0',
  };
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start(env);
    await createTeams(app, 'payments', 'platform');
    // Something for the drill's sample of REST and GraphQL answers to read back.
    await registerTopic(app, { name: 'payments.settled', ownerTeam: 'payments' });
    const registered = await new RegistryHttp(app).register(
      'payments.settled-value',
      avroRecord('Settled', [
        { name: 'eventId', type: 'string' },
        { name: 'occurredAt', type: 'long' },
        { name: 'paymentId', type: 'string' },
      ]),
    );
    expect(registered).toMatchObject({ status: 200 });
  });

  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('start-up refuses a backup target in another jurisdiction, naming both', () => {
    expect(() => loadConfig({ CHARTER_JURISDICTION: 'EU', CHARTER_BACKUP_JURISDICTION: 'US', CHARTER_BACKUP_DIR: dir })).toThrow(
      /CHARTER_BACKUP_JURISDICTION: the backup target is in US but CHARTER_JURISDICTION is EU/,
    );
    expect(() => loadConfig({ CHARTER_BACKUP_SCHEDULE: 'every day' })).toThrow(/CHARTER_BACKUP_SCHEDULE: must be a cron expression/);
    expect(() => loadConfig({ CHARTER_BACKUP_KEY: 'c2hvcnQ=' })).toThrow(/CHARTER_BACKUP_KEY: must be base64 of exactly 32 bytes/);
    // The message never repeats the key.
    try {
      loadConfig({ CHARTER_BACKUP_KEY: 'c2hvcnQ=' });
    } catch (err) {
      expect((err as Error).message).not.toContain('c2hvcnQ=');
    }
  });

  it('the schedule writes encrypted, verified, 0600 backups that GraphQL lists for admins and stewards only', async () => {
    const backups = await waitFor('a scheduled backup', async () => {
      const res = await app.graphql(`{ backups { ${BACKUP_FIELDS} } }`);
      return res.data?.backups?.length > 0 ? res.data.backups : undefined;
    });
    const b = backups[0];
    expect(b).toMatchObject({ jurisdiction: 'EU', encrypted: true, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(b.fileName).toMatch(/^charter-EU-\d{8}T\d{9}Z\.backup\.enc$/);
    expect(b.lastVerifiedAt).not.toBeNull();
    const file = join(dir, b.fileName);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(file).size).toBe(b.sizeBytes);
    const bytes = readFileSync(file);
    expect(bytes.includes(Buffer.from('charter-backup'))).toBe(false); // the header is inside the ciphertext
    expect(bytes.includes(Buffer.from('payments'))).toBe(false);
    expect(bytes.includes(Buffer.from(KEY))).toBe(false);
    expect(bytes.includes(Buffer.from(KEY, 'base64'))).toBe(false);

    const steward = await tokenFor(app, { username: 'stella', roles: ['steward'] });
    expect((await app.graphql(`{ backups { fileName } }`, {}, steward)).data.backups.length).toBeGreaterThan(0);
    const member = await tokenFor(app, { username: 'mia', teams: ['payments'] });
    const refused = await app.graphql(`{ backups { fileName } }`, {}, member);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const metrics = await (await app.fetch('/metrics')).text();
    const age = Number(/^charter_backup_last_good_age_seconds ([\d.e+-]+)$/m.exec(metrics)?.[1]);
    expect(age).toBeGreaterThanOrEqual(0);
    expect(age).toBeLessThan(60);
    expect(metrics).toMatch(/^charter_backup_last_success_timestamp_seconds \d/m);
  });

  it('retention deletes expired backups and audits each deletion', async () => {
    const old = new Date(Date.now() - 40 * 86_400_000);
    const name = `charter-EU-${old.toISOString().replace(/[-:.]/g, '')}.backup.enc`;
    writeFileSync(join(dir, name), 'old backup', { mode: 0o600 });
    await app.superuser(
      `INSERT INTO continuity_backup (file_name, created_at, size_bytes, sha256, jurisdiction, encrypted, verified_at) VALUES ($1, $2, 10, $3, 'EU', true, $2)`,
      [name, old, 'f'.repeat(64)],
    );
    const run = await app.graphql(`mutation { runBackup { fileName } }`);
    expect(run.errors).toBeUndefined();
    expect(existsSync(join(dir, name))).toBe(false);
    const listed = (await app.graphql(`{ backups { fileName } }`)).data.backups.map((b: { fileName: string }) => b.fileName);
    expect(listed).not.toContain(name);
    const audit = await app.graphql(
      `{ auditLog(filter: { targetType: "backup", targetId: "${name}" }) { edges { node { action actor details } } } }`,
    );
    expect(audit.data.auditLog.edges.map((e: any) => e.node.action)).toEqual(['backup.deleted']);
  });

  // The embedded database belongs to one process: two replicas need PostgreSQL.
  (process.env.TEST_DATABASE_URL ? it : it.skip)(
    'two replicas on one PostgreSQL take one backup per scheduled slot (the lease)',
    async () => {
      const second = await TestApp.start(env, app);
      try {
        const since = new Date();
        await sleep(7_000);
        const until = new Date(Date.now() - 2_500);
        const runs = (await app.superuser(
          `SELECT slot, holder, outcome FROM continuity_job_run WHERE job = 'backup' AND slot >= $1 AND slot < $2 ORDER BY slot`,
          [since, until],
        )) as Array<{ slot: Date; holder: string; outcome: string }>;
        // Slots are 2 s apart: each slot's backup is the one taken in the 2 s after it, and there is exactly one.
        const perSlot = (await app.superuser(
          `SELECT r.slot, r.holder, (SELECT count(*)::int FROM continuity_backup b WHERE b.created_at >= r.slot AND b.created_at < r.slot + interval '2 seconds') AS n
           FROM continuity_job_run r WHERE r.job = 'backup' AND r.slot >= $1 AND r.slot < $2`,
          [since, until],
        )) as Array<{ n: number; holder: string }>;
        expect(runs.length).toBeGreaterThanOrEqual(2);
        expect(runs.every((r) => r.outcome === 'ok')).toBe(true);
        expect(perSlot.map((r) => r.n)).toEqual(perSlot.map(() => 1));
      } finally {
        await second.stop();
      }
    },
  );

  it('a slot whose holder died (kill -9: no renewal, no finish) is taken over once its lease runs out, and runs once', async () => {
    const slot = new Date('2030-01-01T00:00:00Z');
    const dead = new JobLease(app.dataSource, 'probe', 'replica-killed', 300);
    const live = new JobLease(app.dataSource, 'probe', 'replica-live', 60_000);
    expect(await dead.claim(slot)).toBe(true);
    expect(await live.claim(slot)).toBe(false); // still held
    await sleep(400);
    let ran = 0;
    expect(await live.runSlot(slot, async () => void ran++)).toBe(true);
    expect(await dead.claim(slot)).toBe(false); // finished: never again
    expect(await live.runSlot(slot, async () => void ran++)).toBe(false);
    expect(ran).toBe(1);
    expect(await app.superuser(`SELECT holder, outcome FROM continuity_job_run WHERE job = 'probe'`)).toEqual([
      { holder: 'replica-live', outcome: 'ok' },
    ]);
  });

  it('a drill restores the newest backup into a scratch database, verifies it, and records its RTO', async () => {
    const res = await app.graphql(`mutation { runRestoreDrill { ${DRILL_FIELDS} } }`);
    expect(res.errors).toBeUndefined();
    const drill = res.data.runRestoreDrill;
    expect(drill).toMatchObject({ outcome: 'ok', reason: null });
    expect(drill.rtoMs).toBeGreaterThan(0);
    expect(drill.tables).toBeGreaterThan(5);
    expect(drill.rows).toBeGreaterThan(0);
    expect((await app.graphql(`{ drills { id outcome rtoMs } }`)).data.drills[0]).toEqual({
      id: drill.id,
      outcome: 'ok',
      rtoMs: drill.rtoMs,
    });
    const audit = await app.graphql(
      `{ auditLog(filter: { targetType: "drill", targetId: "${drill.id}" }) { edges { node { action details } } } }`,
    );
    // One subject version read by subject and by id, and one topic over GraphQL.
    expect(audit.data.auditLog.edges[0].node).toMatchObject({
      action: 'drill.restore.passed',
      details: { rtoMs: drill.rtoMs, answers: 3 },
    });
    if (!app.embedded) {
      const scratch = (await app.superuser(`SELECT datname FROM pg_database WHERE datname LIKE 'charter_drill_%'`)) as unknown[];
      expect(scratch).toEqual([]); // dropped
    }
    const planes = (
      await app.graphql(`{ continuity { plane rpoSeconds rtoSeconds measure measuredRpoSeconds measuredRtoSeconds withinObjectives } }`)
    ).data.continuity;
    const store = planes.find((p: any) => p.plane === 'store');
    expect(store).toMatchObject({ rpoSeconds: 3600, rtoSeconds: 3600, withinObjectives: true });
    expect(store.measuredRtoSeconds).toBeCloseTo(drill.rtoMs / 1000, 3);
    expect(store.measuredRpoSeconds).toBeLessThan(60);
    expect(planes.find((p: any) => p.plane === 'webhooks')).toMatchObject({
      measure: 'age of the oldest undelivered webhook',
      measuredRpoSeconds: 0,
    });
    const metrics = await (await app.fetch('/metrics')).text();
    expect(metrics).toMatch(/^charter_continuity_measured_rto_seconds\{plane="store"\} [\d.]+$/m);
    expect(metrics).toMatch(/^charter_continuity_objective_rpo_seconds\{plane="webhooks"\} 86400$/m);
  });

  it('`charter continuity --url` prints what GraphQL reports, for admin and steward tokens only', async () => {
    const planes = (
      await app.graphql(`{ continuity { plane rpoSeconds rtoSeconds measure measuredRpoSeconds measuredRtoSeconds withinObjectives } }`)
    ).data.continuity;
    const remote = await runCliAsync(['continuity', '--url', app.url, '--json'], { CHARTER_TOKEN: ADMIN_TOKEN });
    expect(remote).toMatchObject({ status: 0, stderr: '' });
    const printed = JSON.parse(remote.stdout);
    // The store's backup age moves on between the two reads; everything else is the same report.
    expect(printed.map((p: any) => ({ ...p, measuredRpoSeconds: null }))).toEqual(
      planes.map((p: any) => ({ ...p, measuredRpoSeconds: null })),
    );
    const member = await tokenFor(app, { username: 'dana', teams: ['payments'] });
    const refused = await runCliAsync(['continuity', '--url', app.url, '--token', member]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('Only admins and stewards can read backups, drills and continuity.');
    expect(refused.stderr).not.toContain(member);
  });

  it("the drill's sample of answers fails when the application answers other than the restored rows", async () => {
    const live = app.app.get<Database>(DATABASE);
    const scratch = await openScratchDatabase(app.config, live);
    try {
      const plain = await openBackup(newestBackupIn(dir)!, Buffer.from(KEY, 'base64'));
      try {
        await importDatabase(scratch.database, plain.path);
      } finally {
        plain.dispose();
      }
      // The rows are sampled first; a starter that changes one before the app reads it stands for
      // an application that does not answer what the restored database holds.
      const tampering: AppStarter = async (config, database) => {
        await database.dataSource.query(`UPDATE topic SET classification = 'PUBLIC' WHERE name = 'payments.settled'`);
        return startApp(config, database);
      };
      const sampled = await checkAnswers(tampering, app.config, scratch.database);
      expect(sampled.problem).toBe('GraphQL topic(name: "payments.settled") does not answer what the restored rows hold (status 200)');
      expect(sampled.answers).toBe(2);
    } finally {
      await scratch.drop();
    }
  });

  it('a drill of a damaged backup fails, names the reason, counts in the metrics, and alerts the platform team', async () => {
    await app.superuser(
      `INSERT INTO webhook_subscription (team_id, url, secret, created_by) SELECT id, 'https://alerts.example.com/charter', $1, 'admin' FROM team WHERE slug = 'platform'`,
      ['s'.repeat(40)],
    );
    const [newest] = (await app.graphql(`{ backups { fileName } }`)).data.backups;
    const damaged = `charter-EU-20200101T000000000Z.backup.enc`;
    const bytes = readFileSync(join(dir, newest.fileName));
    bytes[bytes.length - 40] ^= 0xff;
    writeFileSync(join(dir, damaged), bytes, { mode: 0o600 });
    const res = await app.graphql(`mutation($f: String) { runRestoreDrill(backupFile: $f) { ${DRILL_FIELDS} } }`, { f: damaged });
    expect(res.data.runRestoreDrill).toMatchObject({ outcome: 'failed', reason: expect.stringContaining('truncated or damaged') });
    rmSync(join(dir, damaged));
    const alerts = (await app.superuser(
      `SELECT o.event_type, o.payload FROM webhook_outbox o JOIN team t ON t.id = o.team_id WHERE t.slug = 'platform'`,
    )) as Array<{ event_type: string; payload: any }>;
    expect(alerts).toEqual([
      {
        event_type: 'continuity.drill.failed',
        payload: expect.objectContaining({ backupFile: damaged, reason: expect.stringContaining('truncated or damaged') }),
      },
    ]);
    expect(await (await app.fetch('/metrics')).text()).toMatch(/^charter_drill_failures_total 1$/m);
    const bad = await app.graphql(`mutation { runRestoreDrill(backupFile: "../etc/passwd") { id } }`);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'backupFile' });
  });

  it('restore refuses damaged, truncated and wrongly keyed backups, a non-empty database, and a time past the backups', async () => {
    const [newest] = (await app.graphql(`{ backups { fileName createdAt } }`)).data.backups;
    await app.stop(); // the embedded folder belongs to one process
    // Shutdown waits for a running backup: no plain or partial file is left behind.
    expect(readdirSync(dir).filter((n) => n.includes('partial'))).toEqual([]);
    const cliEnv = {
      ...env,
      CHARTER_DATA_DIR: app.config.dataDir,
      ...(app.config.database.url ? { DATABASE_URL: app.config.database.url } : {}),
    };
    const until = new Date(newest.createdAt).toISOString();
    const probe = mkdtempSync(join(tmpdir(), 'charter-probe-'));
    const original = readFileSync(join(dir, newest.fileName));
    const only = (bytes: Buffer) => {
      // A directory holding just this one backup, under the newest backup's name.
      for (const n of readdirSync(probe)) rmSync(join(probe, n));
      writeFileSync(join(probe, newest.fileName), bytes, { mode: 0o600 });
    };
    const restore = (extra: Record<string, string> = {}, args: string[] = []) =>
      runCliAsync(['restore', '--until', until, ...args], { ...cliEnv, CHARTER_BACKUP_DIR: probe, ...extra });
    try {
      const past = await runCliAsync(['restore', '--until', '2999-01-01T00:00:00Z'], cliEnv);
      expect(past.status).toBe(2);
      expect(past.stderr).toContain('past what the backups hold');
      const early = await runCliAsync(['restore', '--until', '2001-01-01T00:00:00Z'], cliEnv);
      expect(early.stderr).toContain('before the oldest backup');
      const junk = await runCliAsync(['restore', '--until', 'yesterday'], cliEnv);
      expect(junk.stderr).toContain('--until must be an ISO 8601 time');

      only(original);
      const wrongKey = await restore({ CHARTER_BACKUP_KEY: randomBytes(32).toString('base64') });
      expect(wrongKey.status).toBe(1);
      expect(wrongKey.stderr).toContain('encrypted under a different key');
      expect(wrongKey.stderr).not.toContain(KEY);

      only(original.subarray(0, original.length - 100));
      const truncated = await restore();
      expect(truncated.status).toBe(1);
      expect(truncated.stderr).toContain('truncated or damaged');

      const edited = Buffer.from(original);
      edited[200] ^= 0x01;
      only(edited);
      expect((await restore()).stderr).toContain('truncated or damaged');

      only(original);
      const notEmpty = await restore();
      expect(notEmpty.status).toBe(2);
      expect(notEmpty.stderr).toMatch(/needs an empty database.*--force/);

      // Forced: the database is replaced by the backup's state, in one transaction.
      const forced = await restore({}, ['--force']);
      expect(forced.stderr).toBe('');
      expect(forced.status).toBe(0);
      expect(forced.stdout).toContain(`Restored ${newest.fileName}`);
    } finally {
      rmSync(probe, { recursive: true, force: true });
    }
    app = await TestApp.start(env, app);
    const teams = (await app.graphql(`{ teams { slug } }`)).data.teams.map((t: { slug: string }) => t.slug);
    expect(teams).toEqual(expect.arrayContaining(['payments', 'platform']));
    expect((await app.graphql(`{ verifyAuditChain { valid } }`)).data.verifyAuditChain.valid).toBe(true);
  });
});

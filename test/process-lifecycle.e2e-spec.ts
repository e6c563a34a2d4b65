import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_TOKEN } from './support/test-app';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { runCli, runServerOnce, startServerProcess } from './support/server-process';

const PORT_BASE = 20_000 + (process.pid % 20_000);

async function gql(url: string, query: string, token = ADMIN_TOKEN) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as any;
}

describe('the service as a process', () => {
  let dataDir: string;
  let database: TestDatabase | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'charter-proc-'));
    database = await createTestDatabase();
    env = { CHARTER_DATA_DIR: dataDir, ...(database?.url ? { DATABASE_URL: database.url } : {}) };
  });

  afterAll(async () => {
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses to start on a bad setting, naming the variable and the rule', () => {
    const run = runServerOnce({ ...env, PORT: 'eighty' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('PORT: must be a number');
  });

  it('writes a random admin token to a 0600 file on first start and never logs it', async () => {
    const server = await startServerProcess({ ...env, LOG_LEVEL: 'info' }, PORT_BASE);
    try {
      const file = join(dataDir, 'admin-token');
      const token = readFileSync(file, 'utf8').trim();
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(server.output()).toContain(file);
      expect(server.output()).not.toContain(token);
      expect((await gql(server.url, '{ me { username roles } }', token)).data.me).toEqual({ username: 'admin', roles: ['admin'] });
    } finally {
      await server.kill('SIGTERM');
    }
  });

  it('keeps every acknowledged write across SIGKILL and leaves nothing half-written', async () => {
    const token = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
    const server = await startServerProcess(env, PORT_BASE + 1);
    const acknowledged: string[] = [];
    let stop = false;
    const writers = [0, 1, 2, 3].map(async (w) => {
      for (let i = 0; !stop; i++) {
        const slug = `w${w}-team-${i}`;
        try {
          const res = await gql(server.url, `mutation { createTeam(input: { slug: "${slug}", name: "T" }) { slug } }`, token);
          if (res.data?.createTeam) acknowledged.push(slug);
        } catch {
          return; // the server is gone
        }
      }
    });
    while (acknowledged.length < 20) await new Promise((r) => setTimeout(r, 20));
    expect(await server.kill('SIGKILL')).toBeNull();
    stop = true;
    await Promise.all(writers);

    const again = await startServerProcess(env, PORT_BASE + 2);
    try {
      const teams: string[] = (await gql(again.url, '{ teams { slug } }', token)).data.teams.map((t: { slug: string }) => t.slug);
      for (const slug of acknowledged) expect(teams).toContain(slug);
      const audited = await gql(
        again.url,
        '{ auditLog(filter: { targetType: "team" }, first: 200) { edges { node { targetId } } } }',
        token,
      );
      const auditedSlugs = new Set((audited.data?.auditLog.edges ?? []).map((e: { node: { targetId: string } }) => e.node.targetId));
      // Every team that exists was audited in the same transaction: no change without its record.
      for (const slug of teams) expect(auditedSlugs.has(slug)).toBe(true);
      expect((await gql(again.url, '{ verifyAuditChain { valid } }', token)).data.verifyAuditChain.valid).toBe(true);
    } finally {
      await again.kill('SIGTERM');
    }
  });

  it('shuts down gracefully on SIGTERM', async () => {
    const server = await startServerProcess(env, PORT_BASE + 3);
    const started = Date.now();
    // Nest drains the HTTP server, closes the database, then re-raises the signal: exit by SIGTERM.
    await server.kill('SIGTERM');
    expect(server.child.signalCode).toBe('SIGTERM');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(server.output()).not.toMatch(/"level":50|Error/);
  });

  it('creates and revokes tokens from the command line, and verifies the audit chain', () => {
    const created = runCli(['token', 'create', '--user', 'ci-bot', '--role', 'steward'], env);
    expect(created.status).toBe(0);
    const secret = created.stdout.trim();
    expect(secret).toMatch(/^chr_/);
    const id = /Created token ([0-9a-f-]{36})/.exec(created.stderr)![1];
    expect(runCli(['token', 'revoke', id], env).status).toBe(0);
    const verified = runCli(['audit', 'verify'], env);
    expect(verified.status).toBe(0);
    expect(verified.stdout).toContain('Audit chain intact');
    const migrated = runCli(['migrate'], env);
    expect(migrated.stdout).toContain('up to date');
    const usage = runCli(['token', 'create'], env);
    expect(usage.status).toBe(2);
  });
});

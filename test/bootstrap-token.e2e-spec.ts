import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { freePort, runServerOnce, startServerProcess } from './support/server-process';

function jsonLines(output: string): Array<Record<string, any>> {
  return output
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line) => JSON.parse(line));
}

describe('the bootstrap admin token and start-up failures, as a process', () => {
  let dataDir: string;
  let database: TestDatabase | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'charter-bootstrap-'));
    database = await createTestDatabase();
    env = { CHARTER_DATA_DIR: dataDir, ...(database?.url ? { DATABASE_URL: database.url } : {}) };
  });

  afterAll(async () => {
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses to start with a bootstrap token that lacks the chr_ prefix, naming the variable and the rule', () => {
    const token = `admin-${randomBytes(24).toString('hex')}`;
    const run = runServerOnce({ ...env, CHARTER_BOOTSTRAP_TOKEN: token });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    const lines = jsonLines(run.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 60, msg: expect.stringContaining("CHARTER_BOOTSTRAP_TOKEN: must start with 'chr_'") });
    expect(run.stderr).not.toContain(token);
  });

  it('starts with a valid bootstrap token, which then authenticates as admin by Bearer and by Basic', async () => {
    const token = `chr_${randomBytes(32).toString('base64url')}`;
    const server = await startServerProcess({ ...env, CHARTER_BOOTSTRAP_TOKEN: token }, await freePort());
    try {
      const me = async (authorization: string) => {
        const res = await fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization },
          body: JSON.stringify({ query: '{ me { username roles via } }' }),
        });
        return ((await res.json()) as any).data?.me;
      };
      expect(await me(`Bearer ${token}`)).toEqual({ username: 'admin', roles: ['admin'], via: 'api-token' });
      expect(await me(`Basic ${Buffer.from(`admin:${token}`).toString('base64')}`)).toEqual({
        username: 'admin',
        roles: ['admin'],
        via: 'api-token',
      });
    } finally {
      await server.kill('SIGTERM');
    }
    expect(server.output()).not.toContain(token);
  });

  it('reports a failure to start as one JSON line, without absolute paths', () => {
    const run = runServerOnce({ CHARTER_DATA_DIR: dataDir, DATABASE_URL: 'postgres://root@127.0.0.1:1/nowhere' });
    expect(run.status).toBe(1);
    const lines = jsonLines(run.stdout + run.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 60,
      msg: 'Charter failed to start',
      err: { message: expect.stringContaining('ECONNREFUSED') },
    });
    expect(run.stdout + run.stderr).not.toContain(`${join(__dirname, '..')}/`);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './support/free-port';
import { avroRecord } from './support/registry-http';
import { ServerProcess, startServerProcess } from './support/server-process';
import { ADMIN_TOKEN, TestApp } from './support/test-app';
import { createTestDatabase, TestDatabase } from './support/test-database';

// An event id and an occurrence time: what the payload contract of an EVENT topic requires.
const EVENT_SCHEMA = JSON.stringify(
  avroRecord('Paid', [
    { name: 'id', type: 'string' },
    { name: 'occurredAt', type: 'long' },
  ]),
);

/** A revocation or membership change must reach every replica within this. */
const PROPAGATION_MS = 1_000;

type Fetch = (path: string, init?: RequestInit) => Promise<Response>;

/** One Charter, in process or in another process, spoken to over HTTP only. */
class Replica {
  constructor(readonly fetch: Fetch) {}

  async graphql(query: string, variables: Record<string, unknown> = {}, token = ADMIN_TOKEN): Promise<any> {
    const res = await this.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return res.json();
  }

  /** Like `graphql`, but the test fails at once on any error. */
  async ok(query: string, variables: Record<string, unknown> = {}, token = ADMIN_TOKEN): Promise<any> {
    const res = await this.graphql(query, variables, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  }

  async token(username: string, extra: Record<string, unknown> = {}): Promise<{ token: string; id: string }> {
    const data = await this.ok('mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token apiToken { id } } }', {
      input: { username, ...extra },
    });
    return { token: data.createApiToken.token, id: data.createApiToken.apiToken.id };
  }

  revoke(id: string) {
    return this.ok('mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }', { id });
  }

  member(change: 'add' | 'remove', slug: string, username: string) {
    const mutation = change === 'add' ? 'addTeamMember' : 'removeTeamMember';
    return this.ok(`mutation($input: TeamMemberInput!) { ${mutation}(input: $input) { slug } }`, { input: { slug, username } });
  }

  async status(path: string, token: string): Promise<number> {
    const res = await this.fetch(path, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    return res.status;
  }

  async teamsOf(token: string): Promise<string[]> {
    return (await this.ok('{ me { teams } }', {}, token)).me.teams;
  }

  /** Registers the same schema each time: a repeat is answered with the existing version. */
  async register(subject: string, token: string): Promise<number> {
    const res = await this.fetch(`/subjects/${subject}/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ schema: EVENT_SCHEMA }),
    });
    await res.arrayBuffer();
    return res.status;
  }

  async statements(): Promise<number> {
    const text = await (await this.fetch('/metrics')).text();
    return Number(/^charter_db_statements_total (\d+)/m.exec(text)?.[1]);
  }
}

/**
 * Polls `refused` until it holds, and answers how long after `since` the first request that saw
 * it was sent; fails when no request sent within the bound saw it.
 */
async function heldWithin(since: number, refused: () => Promise<boolean>): Promise<number> {
  for (;;) {
    const sent = performance.now();
    if (await refused()) return sent - since;
    if (sent - since > PROPAGATION_MS) throw new Error(`still accepted ${Math.round(sent - since)} ms after the change`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Statements of one warm request: the fewest of three runs, since background jobs add their own. */
async function warmStatements(replica: Replica, request: () => Promise<void>): Promise<number> {
  await request();
  await request();
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const before = await replica.statements();
    await request();
    runs.push((await replica.statements()) - before);
  }
  return Math.min(...runs);
}

async function seedTeamTopic(admin: Replica, slug: string, topic: string) {
  await admin.ok('mutation($input: CreateTeamInput!) { createTeam(input: $input) { slug } }', { input: { slug, name: slug } });
  await admin.ok('mutation($input: RegisterTopicInput!) { registerTopic(input: $input) { name } }', {
    input: { name: topic, ownerTeam: slug, intent: 'EVENT', classification: 'INTERNAL', jurisdiction: 'EU' },
  });
}

describe('authentication cache in one process (PostgreSQL or embedded)', () => {
  let app: TestApp;
  let r: Replica;

  beforeAll(async () => {
    app = await TestApp.start();
    r = new Replica((path, init) => app.fetch(path, init));
    await seedTeamTopic(r, 'payments', 'payments.done');
  });
  afterAll(() => app?.close());

  it('refuses a revoked token that was just answered from the cache, from the next request on', async () => {
    const { token, id } = await r.token('rita');
    expect(await r.status('/subjects', token)).toBe(200);
    expect(await r.status('/subjects', token)).toBe(200);
    await r.revoke(id);
    // The replica that made the change applies it before answering: no window at all here.
    expect(await r.status('/subjects', token)).toBe(401);
    expect(await r.graphql('{ me { username } }', {}, token)).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
  });

  it("grants a team's rights from the next request after a member is added, and stops once removed", async () => {
    const { token } = await r.token('mia');
    expect(await r.register('payments.done-value', token)).toBe(403);
    await r.member('add', 'payments', 'mia');
    expect(await r.teamsOf(token)).toContain('payments');
    expect(await r.register('payments.done-value', token)).toBe(200);

    await r.member('remove', 'payments', 'mia');
    expect(await r.register('payments.done-value', token)).toBe(403);
    expect(await r.teamsOf(token)).not.toContain('payments');
  });

  it('never answers a token from the cache past its expiry', async () => {
    const expiresAt = new Date(Date.now() + 1_500);
    const { token } = await r.token('eve', { expiresAt: expiresAt.toISOString() });
    expect(await r.status('/subjects', token)).toBe(200);
    expect(await r.status('/subjects', token)).toBe(200);
    await new Promise((done) => setTimeout(done, expiresAt.getTime() - Date.now() + 50));
    expect(await r.status('/subjects', token)).toBe(401);
  });

  it('answers an authenticated GET /subjects/{s}/versions/latest with warm caches in at most one statement', async () => {
    const reg = await app.fetch('/subjects/stmt-value/versions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({ schema: JSON.stringify(avroRecord('Stmt', [{ name: 'a', type: 'string' }])) }),
    });
    expect(reg.status).toBe(200);
    const { token } = await r.token('sam');
    await r.member('add', 'payments', 'sam');
    const latest = async () => {
      const res = await app.fetch('/subjects/stmt-value/versions/latest', { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ subject: 'stmt-value', version: 1 });
    };
    expect(await warmStatements(r, latest)).toBeLessThanOrEqual(1);
  });
});

// Several processes need a database server; the embedded database serves exactly one process.
const onServer = Boolean(process.env.TEST_DATABASE_URL);
const describeOnServer = onServer ? describe : describe.skip;
const SKIP_REASON = onServer ? '' : ' [skipped: TEST_DATABASE_URL is unset and the embedded database serves one process only]';

describeOnServer(`authentication cache across two processes on one PostgreSQL${SKIP_REASON}`, () => {
  let database: TestDatabase;
  let dataDirs: string[];
  let servers: ServerProcess[];
  let a: Replica;
  let b: Replica;

  jest.setTimeout(180_000);

  beforeAll(async () => {
    database = (await createTestDatabase())!;
    dataDirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'charter-auth-cache-')));
    const ports = [await freePort(), await freePort()];
    servers = await Promise.all(
      ports.map((port, i) =>
        startServerProcess({ DATABASE_URL: database.url!, CHARTER_BOOTSTRAP_TOKEN: ADMIN_TOKEN, CHARTER_DATA_DIR: dataDirs[i] }, port),
      ),
    );
    [a, b] = servers.map((s) => new Replica((path, init) => fetch(`${s.url}${path}`, init)));
    await seedTeamTopic(a, 'ledger', 'ledger.posted');
  });

  afterAll(async () => {
    await Promise.all((servers ?? []).map((s) => s.kill('SIGTERM')));
    await database?.drop();
    for (const dir of dataDirs ?? []) rmSync(dir, { recursive: true, force: true });
  });

  const listeners = async () =>
    Number(
      (
        (await database.superuser(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'charter-listen' AND datname = current_database()",
        )) as any[]
      )[0].n,
    );

  it('a token revoked on A is refused by B within a second, though B had it cached', async () => {
    const { token, id } = await a.token('rob');
    expect(await b.status('/subjects', token)).toBe(200);
    // Warm: B now answers it without the database.
    expect(
      await warmStatements(b, async () => void expect(await b.status('/subjects/none-value/versions/latest', token)).toBe(404)),
    ).toBeLessThanOrEqual(1);
    await a.revoke(id);
    const after = await heldWithin(performance.now(), async () => (await b.status('/subjects', token)) === 401);
    expect(after).toBeLessThanOrEqual(PROPAGATION_MS);
  });

  it("a member removed on A loses the team's rights on B within a second", async () => {
    const { token } = await a.token('lena');
    await a.member('add', 'ledger', 'lena');
    await heldWithin(performance.now(), async () => (await b.teamsOf(token)).includes('ledger'));
    expect(await b.register('ledger.posted-value', token)).toBe(200);

    await a.member('remove', 'ledger', 'lena');
    const after = await heldWithin(performance.now(), async () => (await b.register('ledger.posted-value', token)) === 403);
    expect(after).toBeLessThanOrEqual(PROPAGATION_MS);
    expect(await b.teamsOf(token)).not.toContain('ledger');
  });

  it('B reconnects its listener after the connection is killed, missing no revocation meanwhile, and caches again', async () => {
    expect(await listeners()).toBe(2);
    const { token, id } = await a.token('kai');
    expect(await b.status('/subjects', token)).toBe(200);
    expect(await b.status('/subjects', token)).toBe(200);
    await database.superuser(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'charter-listen' AND datname = current_database()",
    );
    await a.revoke(id);
    const after = await heldWithin(performance.now(), async () => (await b.status('/subjects', token)) === 401);
    expect(after).toBeLessThanOrEqual(PROPAGATION_MS);

    for (let i = 0; i < 100 && (await listeners()) < 2; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await listeners()).toBe(2);
    const { token: fresh } = await a.token('kai');
    const latest = async () => void expect(await b.status('/subjects/none-value/versions/latest', fresh)).toBe(404);
    expect(await warmStatements(b, latest)).toBeLessThanOrEqual(1);
  });
});

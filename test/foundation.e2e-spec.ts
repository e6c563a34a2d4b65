import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { printSchema } from 'graphql';
import { ADMIN_TOKEN, TestApp } from './support/test-app';

const SDL_FILE = join(__dirname, '..', 'schemas', 'charter.graphql');

const CREATE_TEAM = `mutation($input: CreateTeamInput!) { createTeam(input: $input) { id slug name version } }`;
const CREATE_TOKEN = `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token apiToken { id prefix username roles } } }`;

describe('foundation: auth, teams, audit, health', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers liveness and readiness', async () => {
    const live = await app.fetch('/health/live');
    expect(live.status).toBe(200);
    const ready = await app.fetch('/health/ready');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', database: 'primary' });
  });

  it('exposes Prometheus metrics with request counts by route', async () => {
    await app.fetch('/health/live');
    const text = await (await app.fetch('/metrics')).text();
    expect(text).toContain('charter_http_requests_total{method="GET",route="/health/live",status="200"}');
    expect(text).toContain('charter_db_pool_connections');
  });

  it('refuses GraphQL without a principal, reads included', async () => {
    const res = await app.graphql('{ teams { slug } }', {}, null);
    expect(res.status).toBe(401);
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.data).toBeUndefined();
  });

  it('refuses an unauthenticated write and writes nothing', async () => {
    const res = await app.graphql(CREATE_TEAM, { input: { slug: 'sneaky', name: 'Sneaky' } }, null);
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const teams = await app.graphql('{ teams { slug } }');
    expect(teams.data.teams).toEqual([]);
  });

  it('refuses an unknown token with UNAUTHENTICATED, not as anonymous', async () => {
    const res = await app.graphql('{ me { username } }', {}, 'chr_not-a-real-token');
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('creates a team, audits it, and reads it back', async () => {
    const created = await app.graphql(CREATE_TEAM, { input: { slug: 'payments-core', name: 'Payments Core' } });
    expect(created.errors).toBeUndefined();
    expect(created.data.createTeam).toMatchObject({ slug: 'payments-core', name: 'Payments Core', version: 1 });
    const read = await app.graphql(`{ team(slug: "payments-core") { name members { username } } }`);
    expect(read.data.team).toEqual({ name: 'Payments Core', members: [] });
    const audit = await app.graphql(
      `{ auditLog(filter: { targetType: "team", targetId: "payments-core" }) { totalCount edges { node { action actor details } } } }`,
    );
    expect(audit.data.auditLog.edges[0].node).toMatchObject({ action: 'team.created', actor: 'admin', details: { slug: 'payments-core' } });
  });

  it('rejects bad input naming the field and the rule, before any write', async () => {
    const res = await app.graphql(CREATE_TEAM, { input: { slug: 'Not A Slug', name: '' } });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'slug', rule: 'matches' });
    expect(res.errors?.[0].message).toContain("'name'");
  });

  it('reports a duplicate slug as a conflict', async () => {
    await app.graphql(CREATE_TEAM, { input: { slug: 'dup-team', name: 'One' } });
    const res = await app.graphql(CREATE_TEAM, { input: { slug: 'dup-team', name: 'Two' } });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'slug', rule: 'unique' });
  });

  it('issues a token once, lets it act, forbids non-admin writes, and refuses it once revoked', async () => {
    await app.graphql(CREATE_TEAM, { input: { slug: 'fraud', name: 'Fraud' } });
    await app.graphql(`mutation { addTeamMember(input: { slug: "fraud", username: "bob" }) { slug } }`);
    const issued = await app.graphql(CREATE_TOKEN, { input: { username: 'bob', description: 'laptop' } });
    const { token, apiToken } = issued.data.createApiToken;
    expect(token).toMatch(/^chr_/);
    expect(apiToken.prefix).toBe(token.slice(0, 10));

    const me = await app.graphql('{ me { username teams roles via } }', {}, token);
    expect(me.data.me).toEqual({ username: 'bob', teams: ['fraud'], roles: [], via: 'api-token' });

    const members = await app.graphql(`{ team(slug: "fraud") { members { username } } }`, {}, token);
    expect(members.data.team.members).toEqual([{ username: 'bob' }]);

    const write = await app.graphql(CREATE_TEAM, { input: { slug: 'bobs-team', name: 'Bob' } }, token);
    expect(write.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const stored: Array<{ token_hash: string }> = (await app.superuser('SELECT token_hash FROM api_token WHERE id = $1', [
      apiToken.id,
    ])) as any;
    expect(stored[0].token_hash).not.toContain(token);
    expect(stored[0].token_hash).toMatch(/^[0-9a-f]{64}$/);

    const revoked = await app.graphql(`mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }`, { id: apiToken.id });
    expect(revoked.data.revokeApiToken.revokedAt).toBeTruthy();
    const after = await app.graphql('{ me { username } }', {}, token);
    expect(after.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('accepts the token as the password of HTTP Basic auth, as Kafka serializers send it', async () => {
    const basic = Buffer.from(`anyuser:${ADMIN_TOKEN}`).toString('base64');
    const res = await app.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${basic}` },
      body: JSON.stringify({ query: '{ me { username roles } }' }),
    });
    expect(((await res.json()) as any).data.me).toEqual({ username: 'admin', roles: ['admin'] });
  });

  it('renames with an optimistic version and refuses a stale one', async () => {
    await app.graphql(CREATE_TEAM, { input: { slug: 'retail', name: 'Retail' } });
    const ok = await app.graphql(
      `mutation { renameTeam(input: { slug: "retail", name: "Retail EU", expectedVersion: 1 }) { name version } }`,
    );
    expect(ok.data.renameTeam).toEqual({ name: 'Retail EU', version: 2 });
    const stale = await app.graphql(`mutation { renameTeam(input: { slug: "retail", name: "Retail US", expectedVersion: 1 }) { name } }`);
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion' });
  });

  it('keeps the audit log append-only for the app connection', async () => {
    await expect(app.dataSource.query(`UPDATE audit_log SET actor = 'mallory'`)).rejects.toThrow(/append-only/);
    await expect(app.dataSource.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
  });

  it('verifies the chain, and detects a row edited behind its back', async () => {
    const before = await app.graphql('{ verifyAuditChain { valid checked } }');
    expect(before.data.verifyAuditChain.valid).toBe(true);
    expect(before.data.verifyAuditChain.checked).toBeGreaterThan(3);
    const rows = (await app.superuser('SELECT seq FROM audit_log ORDER BY seq LIMIT 3')) as Array<{ seq: string }>;
    const victim = rows[2].seq;
    await app.superuser(
      `SET LOCAL session_replication_role = replica; UPDATE audit_log SET actor = 'mallory' WHERE seq = ${Number(victim)}`,
    );
    const after = await app.graphql('{ verifyAuditChain { valid firstBrokenSeq reason } }');
    expect(after.data.verifyAuditChain).toEqual({ valid: false, firstBrokenSeq: victim, reason: 'HASH_MISMATCH' });
  });

  it('serves exactly the GraphQL schema committed in schemas/charter.graphql', () => {
    const generated = printSchema(app.app.get(GraphQLSchemaHost).schema) + '\n';
    // UPDATE_SDL=1 npm test rewrites the file after an intended API change; review the diff.
    if (process.env.UPDATE_SDL === '1') writeFileSync(SDL_FILE, generated);
    expect(generated).toBe(readFileSync(SDL_FILE, 'utf8'));
  });
});

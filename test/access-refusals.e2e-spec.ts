import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccessWorld } from './support/access';
import { RegistryHttp, urlTarget } from './support/registry-http';
import { freePort } from './support/free-port';
import { ServerProcess, startServerProcess } from './support/server-process';
import { ADMIN_TOKEN, GraphqlResponse, TestApp } from './support/test-app';
import { createTestDatabase, TestDatabase } from './support/test-database';

/** The parts of TestApp the access helpers use, against a server in its own process. */
function remote(url: string): TestApp {
  return {
    url,
    async graphql(query: string, variables: Record<string, unknown> = {}, token: string | null = ADMIN_TOKEN): Promise<GraphqlResponse> {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, ...((await res.json()) as object) };
    },
    fetch: (path: string, init: RequestInit = {}) => fetch(`${url}${path}`, init),
  } as unknown as TestApp;
}

const SCHEMA = { schema: JSON.stringify({ type: 'record', name: 'Placed', fields: [{ name: 'id', type: 'string' }] }) };

/** Refused authorization is logged (without the credential), counted and, for decisions, audited. */
describe('refused authorization is visible', () => {
  let dataDir: string;
  let database: TestDatabase | undefined;
  let server: ServerProcess;
  let w: AccessWorld;

  const logLines = () =>
    server
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, any>);
  const refusalLines = () => logLines().filter((l) => l.msg === 'authorization refused');
  const metric = async (labels: string) => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`charter_authorization_refusals_total{${labels}}`));
    return line ? Number(line.split(' ').pop()) : 0;
  };
  const auditOf = async (targetType: string, targetId: string) => {
    const res = await w.as('admin')(
      `query($t: String!, $id: String!) { auditLog(filter: { targetType: $t, targetId: $id }, first: 100) { edges { node { action actor details } } } }`,
      { t: targetType, id: targetId },
    );
    return res.data.auditLog.edges.map((e: any) => e.node).reverse() as Array<{ action: string; actor: string; details: any }>;
  };
  const waitFor = async (check: () => boolean) => {
    const deadline = Date.now() + 5000;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`log line not written; output:\n${server.output()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'charter-refusals-'));
    database = await createTestDatabase();
    server = await startServerProcess(
      {
        CHARTER_DATA_DIR: dataDir,
        CHARTER_BOOTSTRAP_TOKEN: ADMIN_TOKEN,
        CHARTER_EXPIRY_JOB_INTERVAL_MS: '0',
        CHARTER_WEBHOOK_POLL_INTERVAL_MS: '0',
        LOG_LEVEL: 'warn',
        ...(database?.url ? { DATABASE_URL: database.url } : {}),
      },
      await freePort(),
    );
    w = await AccessWorld.create(remote(server.url));
    await w.topic('orders.placed');
  });

  afterAll(async () => {
    await server?.kill('SIGTERM');
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs, counts and audits a refused approval, in a transaction of its own', async () => {
    const req = await w.requested('rita', 'orders.placed', { applicationName: 'refused-1', kafkaPrincipal: 'User:svc-refused-1' });
    const labels = 'protocol="graphql",action="Mutation.approveAccessRequest",code="FORBIDDEN"';
    const before = await metric(labels);
    const res = await w.decide('tom', 'approve', { id: req.id });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'slot-eligibility' });
    expect(await metric(labels)).toBe(before + 1);

    await waitFor(() => refusalLines().some((l) => l.resource === `id=${req.id}`));
    const line = refusalLines().find((l) => l.resource === `id=${req.id}`)!;
    expect(line).toMatchObject({
      level: 40,
      principal: 'tom',
      action: 'Mutation.approveAccessRequest',
      code: 'FORBIDDEN',
      rule: 'slot-eligibility',
    });
    expect(server.output()).not.toContain(w.tokens.tom);

    const audit = await auditOf('access-request', req.id);
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ['access.request.submitted', 'rita'],
      ['access.decision.refused', 'tom'],
    ]);
    expect(audit[1].details).toMatchObject({ command: 'approve', code: 'FORBIDDEN', rule: 'slot-eligibility' });
    expect((await w.read('rita', req.id)).state).toBe('PENDING');
    expect((await w.as('admin')('{ verifyAuditChain { valid } }')).data.verifyAuditChain.valid).toBe(true);
  });

  it('audits a refused revocation, and a decision tried on a request the caller cannot see', async () => {
    const req = await w.requested('rita', 'orders.placed', { applicationName: 'refused-2', kafkaPrincipal: 'User:svc-refused-2' });
    await w.decide('olga', 'approve', { id: req.id });
    expect((await w.decide('tom', 'revoke', { id: req.id, reason: 'mine now' })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await w.decide('oscar', 'suspend', { id: req.id, reason: 'probe' })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const refused = (await auditOf('access-request', req.id)).filter((a) => a.action === 'access.decision.refused');
    expect(refused.map((a) => [a.actor, a.details.command, a.details.code, a.details.rule])).toEqual([
      ['tom', 'revoke', 'FORBIDDEN', 'actor-not-allowed'],
      ['oscar', 'suspend', 'NOT_FOUND', 'not-visible'],
    ]);
  });

  it("logs, counts and audits a write to another team's registry subject", async () => {
    const http = new RegistryHttp(urlTarget(server.url));
    const labels = 'protocol="rest",action="POST /subjects/:subject/versions",code="FORBIDDEN"';
    const before = await metric(labels);
    const res = await http.call('POST', '/subjects/orders.placed-value/versions', SCHEMA, w.tokens.rita);
    expect(res.status).toBe(403);
    expect(await metric(labels)).toBe(before + 1);
    await waitFor(() => refusalLines().some((l) => l.resource === '/subjects/orders.placed-value/versions'));
    expect(refusalLines().find((l) => l.resource === '/subjects/orders.placed-value/versions')).toMatchObject({
      principal: 'rita',
      action: 'POST /subjects/:subject/versions',
      code: 'FORBIDDEN',
    });
    const audit = await auditOf('subject', 'orders.placed-value');
    expect(audit).toEqual([
      { action: 'registry.subject.write-refused', actor: 'rita', details: { topic: 'orders.placed', ownerTeam: 'shop', method: 'POST' } },
    ]);
    // The owner is not refused (the registry may still have its own objections to the schema).
    expect((await http.call('POST', '/subjects/orders.placed-value/versions', SCHEMA, w.tokens.olga)).status).not.toBe(403);
  });

  it('logs and counts a refusal raised inside a field resolver, with its response path', async () => {
    const labels = 'protocol="graphql",action="field resolver",code="FORBIDDEN"';
    const before = await metric(labels);
    const res = await w.as('rita')('{ topic(name: "orders.placed") { name acls { principal } } }');
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await metric(labels)).toBe(before + 1);
    await waitFor(() => refusalLines().some((l) => l.resource === 'topic.acls'));
    expect(refusalLines().find((l) => l.resource === 'topic.acls')).toMatchObject({
      principal: 'rita',
      action: 'field resolver',
      code: 'FORBIDDEN',
    });
  });

  it('logs and counts a rejected credential without the credential, and ignores a missing one', async () => {
    const bogus = 'chr_this-token-was-never-issued-0123456789';
    const labels = 'protocol="graphql",action="POST /graphql",code="UNAUTHENTICATED"';
    const before = await metric(labels);
    const bad = await remote(server.url).graphql('{ accessRequests(first: 1) { totalCount } }', {}, bogus);
    expect(bad.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(await metric(labels)).toBe(before + 1);
    await waitFor(() => refusalLines().some((l) => l.code === 'UNAUTHENTICATED'));
    expect(refusalLines().find((l) => l.code === 'UNAUTHENTICATED')).toMatchObject({
      principal: '(rejected credential)',
      action: 'POST /graphql',
    });
    expect(server.output()).not.toContain(bogus);
    expect(server.output()).not.toContain('this-token-was-never-issued');

    const anonymous = await remote(server.url).graphql('{ accessRequests(first: 1) { totalCount } }', {}, null);
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(await metric(labels)).toBe(before + 1);
  });

  it('never writes any token of the suite to the log', () => {
    for (const token of Object.values(w.tokens)) expect(server.output()).not.toContain(token);
  });
});

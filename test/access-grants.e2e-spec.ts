import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { AccessWorld, failure } from './support/access';
import { nodeArgs } from './support/server-process';
import { requestStatements } from './support/request-statements';
import { TestApp } from './support/test-app';

const TEAM_GRANTS = `query($slug: String!) { team(slug: $slug) { grants { id kafkaPrincipal topic { name } } } }`;
const TOPIC_GRANTS = `query($name: String!) { topic(name: $name) { grants { id requestingTeam { slug } } acls { principal operation resourceType resourceName patternType } } }`;
const RECORDS = `query($topic: String) { recordsOfProcessing(topic: $topic) { topic classification jurisdiction ownerTeam
  recipients { consumerTeam applicationName kafkaPrincipal operation purpose purposeCategory consumerJurisdiction crossBorder legalBasisMechanism legalBasisReference } } }`;

describe('grants: who holds what, Kafka ACLs, records of processing, expiry by time, renewal', () => {
  let app: TestApp;
  let w: AccessWorld;
  let reader: any;
  let writer: any;

  /** Moves a grant's end into the past, as if its days had run out. */
  const endGrant = (id: string) =>
    app.superuser(
      `UPDATE access_request SET grant_start = now() - interval '40 days', grant_end = now() - interval '1 minute' WHERE id = $1`,
      [id],
    );

  beforeAll(async () => {
    app = await TestApp.start({ CHARTER_EXPIRY_JOB_INTERVAL_MS: '0', CHARTER_WEBHOOK_POLL_INTERVAL_MS: '0' });
    w = await AccessWorld.create(app);
    await w.topic('orders.placed', { classification: 'CONFIDENTIAL' });
    await w.topic('orders.other');
    reader = await w.requested('rita', 'orders.placed', {
      consumerJurisdiction: 'US',
      legalBasis: { mechanism: 'BINDING_CORPORATE_RULES', reference: 'BCR-7' },
      purpose: '=cmd|calc, "fraud" scoring',
    });
    await w.decide('olga', 'approve', { id: reader.id });
    await w.decide('stella', 'approve', { id: reader.id });
    writer = await w.requested('rita', 'orders.placed', {
      operation: 'WRITE',
      applicationName: 'order-enricher',
      kafkaPrincipal: 'User:svc-enricher',
    });
    await w.decide('olga', 'approve', { id: writer.id });
    await w.requested('rita', 'orders.other', { applicationName: 'pending-one', kafkaPrincipal: 'User:svc-pending' });
  });

  afterAll(() => app.close());

  it('lists active grants on the team and on the topic, to those allowed to see them', async () => {
    const team = await w.as('tom')(TEAM_GRANTS, { slug: 'fraud' });
    expect(team.data.team.grants.map((g: any) => g.kafkaPrincipal).sort()).toEqual(['User:svc-enricher', 'User:svc-fraud']);
    expect(failure(await w.as('oscar')(TEAM_GRANTS, { slug: 'fraud' }))).toMatchObject({ code: 'FORBIDDEN' });
    const topic = await w.as('olga')(TOPIC_GRANTS, { name: 'orders.placed' });
    expect(topic.data.topic.grants).toHaveLength(2);
    expect(failure(await w.as('rita')(TOPIC_GRANTS, { name: 'orders.placed' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect((await w.as('stella')(TOPIC_GRANTS, { name: 'orders.other' })).data.topic.grants).toEqual([]);
  });

  it('exports the ACL bindings the grants imply over GraphQL and HTTP', async () => {
    const expected = [
      { principal: 'User:svc-enricher', operation: 'WRITE', resourceType: 'TOPIC', resourceName: 'orders.placed', patternType: 'LITERAL' },
      {
        principal: 'User:svc-enricher',
        operation: 'DESCRIBE',
        resourceType: 'TOPIC',
        resourceName: 'orders.placed',
        patternType: 'LITERAL',
      },
      { principal: 'User:svc-fraud', operation: 'READ', resourceType: 'TOPIC', resourceName: 'orders.placed', patternType: 'LITERAL' },
      { principal: 'User:svc-fraud', operation: 'DESCRIBE', resourceType: 'TOPIC', resourceName: 'orders.placed', patternType: 'LITERAL' },
      { principal: 'User:svc-fraud', operation: 'READ', resourceType: 'GROUP', resourceName: 'fraud-scoring', patternType: 'PREFIXED' },
    ];
    expect((await w.as('olga')(TOPIC_GRANTS, { name: 'orders.placed' })).data.topic.acls).toEqual(expected);
    expect(
      (await w.as('stella')(`{ topicAcls(topic: "orders.placed") { principal operation resourceType resourceName patternType } }`)).data
        .topicAcls,
    ).toEqual(expected);

    const res = await app.fetch('/topics/orders.placed/acls', { headers: { authorization: `Bearer ${w.tokens.olga}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.topic).toBe('orders.placed');
    expect(body.bindings).toHaveLength(5);
    expect(body.bindings[0]).toEqual({ ...expected[0], host: '*', permissionType: 'ALLOW' });
    expect((await app.fetch('/topics/orders.placed/acls')).status).toBe(401);
    expect((await app.fetch('/topics/orders.placed/acls', { headers: { authorization: `Bearer ${w.tokens.oscar}` } })).status).toBe(403);
    expect((await app.fetch('/topics/no.such/acls', { headers: { authorization: `Bearer ${w.tokens.olga}` } })).status).toBe(404);
  });

  it("prints the kafka-acls commands from the command line, with the caller's token", async () => {
    const run = await cli(
      ['acls', 'orders.placed', '--bootstrap-server', 'kafka-1:9092', '--command-config', '/etc/kafka/admin.properties'],
      {
        CHARTER_URL: app.url,
        CHARTER_TOKEN: w.tokens.olga,
      },
    );
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split('\n')).toEqual([
      "kafka-acls --bootstrap-server kafka-1:9092 --command-config /etc/kafka/admin.properties --add --allow-principal User:svc-enricher --allow-host '*' --operation Write --operation Describe --topic orders.placed --resource-pattern-type literal",
      "kafka-acls --bootstrap-server kafka-1:9092 --command-config /etc/kafka/admin.properties --add --allow-principal User:svc-fraud --allow-host '*' --operation Read --operation Describe --topic orders.placed --resource-pattern-type literal",
      "kafka-acls --bootstrap-server kafka-1:9092 --command-config /etc/kafka/admin.properties --add --allow-principal User:svc-fraud --allow-host '*' --operation Read --group fraud-scoring --resource-pattern-type prefixed",
    ]);
    expect(run.stderr).not.toContain(w.tokens.olga);
    const json = await cli(['acls', 'orders.placed', '--format', 'json', '--url', app.url, '--token', w.tokens.stella], {});
    expect(JSON.parse(json.stdout).bindings).toHaveLength(5);
    const denied = await cli(['acls', 'orders.placed'], { CHARTER_URL: app.url, CHARTER_TOKEN: w.tokens.oscar });
    expect(denied.code).toBe(2);
    expect(denied.stderr).toContain('answered 403');
    const missing = await cli(['acls', 'no.such.topic'], { CHARTER_URL: app.url, CHARTER_TOKEN: w.tokens.olga });
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toContain("Topic 'no.such.topic' does not exist");
  });

  it('answers who receives which data, where and why, as GraphQL and as CSV', async () => {
    const records = (await w.as('stella')(RECORDS)).data.recordsOfProcessing;
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ topic: 'orders.placed', classification: 'CONFIDENTIAL', jurisdiction: 'EU', ownerTeam: 'shop' });
    expect(records[0].recipients).toEqual([
      expect.objectContaining({
        consumerTeam: 'fraud',
        kafkaPrincipal: 'User:svc-fraud',
        purposeCategory: 'FRAUD_PREVENTION',
        consumerJurisdiction: 'US',
        crossBorder: true,
        legalBasisMechanism: 'BINDING_CORPORATE_RULES',
        legalBasisReference: 'BCR-7',
      }),
      expect.objectContaining({
        consumerTeam: 'fraud',
        kafkaPrincipal: 'User:svc-enricher',
        operation: 'WRITE',
        crossBorder: false,
        legalBasisMechanism: null,
      }),
    ]);
    expect((await w.as('rita')(RECORDS)).data.recordsOfProcessing).toEqual([]);

    const res = await app.fetch('/catalogue/records-of-processing.csv', { headers: { authorization: `Bearer ${w.tokens.stella}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('records-of-processing.csv');
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(
      'topic,classification,topic_jurisdiction,owner_team,consumer_team,application,kafka_principal,operation,purpose_category,purpose,' +
        'consumer_jurisdiction,cross_border,legal_basis,legal_basis_reference,grant_start,grant_end,access_request_id,transfer,target_cluster',
    );
    // A purpose that a spreadsheet would run as a formula arrives defused and quoted.
    expect(lines[1]).toContain(
      `orders.placed,CONFIDENTIAL,EU,shop,fraud,fraud-scoring,User:svc-fraud,READ,FRAUD_PREVENTION,"'=cmd|calc, ""fraud"" scoring",US,true,BINDING_CORPORATE_RULES,BCR-7,`,
    );
    expect((await app.fetch('/catalogue/records-of-processing.csv')).status).toBe(401);
  });

  it('treats a grant past its end as expired everywhere before any job runs, and refuses to revoke it', async () => {
    const ended = await w.requested('rita', 'orders.other', {
      applicationName: 'short-lived',
      kafkaPrincipal: 'User:svc-short',
      durationDays: 1,
    });
    await w.decide('otto', 'approve', { id: ended.id });
    expect((await w.as('olga')(TOPIC_GRANTS, { name: 'orders.other' })).data.topic.grants).toHaveLength(1);
    await endGrant(ended.id);
    expect(await w.read('rita', ended.id)).toMatchObject({ state: 'EXPIRED', active: false });
    expect((await w.as('olga')(TOPIC_GRANTS, { name: 'orders.other' })).data.topic).toEqual({ grants: [], acls: [] });
    expect((await w.as('tom')(TEAM_GRANTS, { slug: 'fraud' })).data.team.grants.map((g: any) => g.id)).not.toContain(ended.id);
    const listed = await w.as('stella')(`query { accessRequests(filter: { states: [EXPIRED] }) { edges { node { id } } } }`);
    expect(listed.data.accessRequests.edges.map((e: any) => e.node.id)).toEqual([ended.id]);
    expect(failure(await w.decide('olga', 'revoke', { id: ended.id, reason: 'late' }))).toEqual({ code: 'CONFLICT', rule: 'grant-ended' });
    // The stored row is untouched: only the (disabled) job writes EXPIRED.
    expect(await app.superuser('SELECT state FROM access_request WHERE id = $1', [ended.id])).toEqual([{ state: 'APPROVED' }]);
  });

  it("renews a grant with a new request that references it, and refuses to renew someone else's", async () => {
    const renewal = await w.requested('tom', 'orders.placed', {
      operation: 'WRITE',
      applicationName: 'order-enricher',
      kafkaPrincipal: 'User:svc-enricher',
      renewalOf: writer.id,
      durationDays: 60,
    });
    expect(renewal).toMatchObject({ state: 'PENDING', renewalOf: writer.id });
    await w.decide('olga', 'approve', { id: renewal.id });
    // Two overlapping grants still imply one set of bindings.
    expect((await w.as('olga')(TOPIC_GRANTS, { name: 'orders.placed' })).data.topic.acls).toHaveLength(5);
    const wrong = await w.request('rita', 'orders.placed', {
      applicationName: 'other-app',
      kafkaPrincipal: 'User:svc-other',
      renewalOf: writer.id,
    });
    expect(wrong.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'renewalOf', rule: 'renewable-grant' });
  });

  it('resolves a page of requests with their topic, team and slots in a number of statements that does not grow with the page', async () => {
    for (let i = 0; i < 8; i++)
      await w.requested('rita', 'orders.other', { applicationName: `bulk-${i}`, kafkaPrincipal: `User:svc-bulk-${i}` });
    const query = `query($first: Int) { accessRequests(first: $first) { edges { node { id topic { name owner { slug } } requestingTeam { slug } slots { kind } } } } }`;
    const count = (first: number) =>
      requestStatements(app, async () => {
        const res = await w.as('stella')(query, { first });
        expect(res.data.accessRequests.edges).toHaveLength(first);
      });
    const small = await count(2);
    const large = await count(10);
    expect(small).toBeGreaterThanOrEqual(6); // count, page, topics, owners, teams, slots
    expect(large).toBe(small);
  });
});

/** The `charter` CLI in its own process; asynchronous, because the server runs in this one. */
function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...nodeArgs('src/cli/main.ts'), ...args], {
      cwd: join(__dirname, '..'),
      env: { ...process.env, NODE_OPTIONS: '', CHARTER_URL: '', CHARTER_TOKEN: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

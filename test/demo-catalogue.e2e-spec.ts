import { asyncApiErrors } from './support/asyncapi-parser';
import { RegistryHttp } from './support/registry-http';
import { CliResult, runCliAsync } from './support/server-process';
import { ADMIN_TOKEN, TestApp } from './support/test-app';

const TOPICS = `query($filter: TopicFilter) { topics(filter: $filter, first: 50) { totalCount edges { node { name version owner { slug } } } } }`;
const TEAMS = `{ teams { slug name topics { name } } }`;
const TOPIC = `query($name: String!) { topic(name: $name) { name displayName intent classification jurisdiction residency accessPolicy maxGrantDays lifecycle tags contacts { kind value } retentionMs partitions owner { slug name } } }`;
const AUDIT = `{ auditLog(first: 1) { totalCount } }`;

/** Everything a second load must leave as it was. */
async function state(app: TestApp, registry: RegistryHttp) {
  const subjects: string[] = (await registry.get('/subjects')).body;
  const latest: Record<string, unknown> = {};
  for (const s of subjects) latest[s] = (await registry.get(`/subjects/${s}/versions`)).body;
  const topics = (await app.graphql(TOPICS)).data.topics;
  const audit = (await app.graphql(AUDIT)).data.auditLog.totalCount;
  const ids = await Promise.all(subjects.map(async (s) => (await registry.get(`/subjects/${s}/versions/latest`)).body.id));
  return { subjects, latest, ids, topics, audit };
}

/** `charter demo load` against a fresh server, as the README walk-through runs it. */
describe('demo catalogue', () => {
  let app: TestApp;
  let registry: RegistryHttp;
  let first: CliResult;
  let second: CliResult;
  let before: Awaited<ReturnType<typeof state>>;

  beforeAll(async () => {
    app = await TestApp.start();
    registry = new RegistryHttp(app);
    first = await runCliAsync(['demo', 'load', '--url', app.url, '--token', ADMIN_TOKEN]);
    before = await state(app, registry);
    // The second run takes the CLI's environment variables instead of flags.
    second = await runCliAsync(['demo', 'load'], { CHARTER_URL: app.url, CHARTER_TOKEN: ADMIN_TOKEN });
  }, 120_000);

  afterAll(() => app.close());

  it('loads teams, topics and schemas on the first run', () => {
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('✔ team payments: created');
    expect(first.stdout).toContain('✔ topic payments.card-authorised.v1: registered (owned by payments)');
    expect(first.stdout).toMatch(
      /✔ schema payments\.card-authorised\.v1-value ← payments\/card-authorised\.v2\.avsc: registered \(id \d+, version 2\)/,
    );
    expect(first.stdout).toContain('4 teams (4 new, 0 unchanged), 8 topics (8 new, 0 unchanged), 10 schemas (10 new, 0 unchanged).');
    expect(first.stdout).not.toContain(ADMIN_TOKEN);
  });

  it('changes nothing on the second run', async () => {
    expect(second.stderr).toBe('');
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('· team payments: already exists');
    expect(second.stdout).toContain('4 teams (0 new, 4 unchanged), 8 topics (0 new, 8 unchanged), 10 schemas (0 new, 10 unchanged).');
    expect(await state(app, registry)).toEqual(before);
  });

  it('catalogues the teams and topics with their owners and governance data', async () => {
    const teams = (await app.graphql(TEAMS)).data.teams;
    expect(teams.map((t: any) => [t.slug, t.topics.length])).toEqual([
      ['customers', 2],
      ['orders', 2],
      ['payments', 2],
      ['risk', 2],
    ]);
    expect(before.topics.totalCount).toBe(8);
    expect(before.topics.edges.every((e: any) => e.node.version === 1)).toBe(true);

    const topic = (await app.graphql(TOPIC, { name: 'customers.customer-registered.v1' })).data.topic;
    expect(topic).toMatchObject({
      intent: 'EVENT',
      classification: 'RESTRICTED',
      jurisdiction: 'UK',
      residency: ['eu-west-2'],
      accessPolicy: 'OWNER_AND_STEWARD_APPROVAL',
      maxGrantDays: 90,
      lifecycle: 'ACTIVE',
      owner: { slug: 'customers', name: 'Customer Accounts' },
    });
    const names = async (filter: Record<string, unknown>) =>
      (await app.graphql(TOPICS, { filter })).data.topics.edges.map((e: any) => e.node.name);
    expect(await names({ intent: ['STATE'] })).toEqual(['customers.customer-profile.state']);
    expect(await names({ intent: ['COMMAND'] })).toEqual(['risk.fraud-check-requested.v1']);
    expect(await names({ jurisdiction: ['CH'] })).toEqual(['customers.customer-profile.state']);
    expect(await names({ classification: ['PUBLIC'] })).toEqual(['orders.order-shipped.v1']);
    expect(await names({ classificationAtLeast: 'CONFIDENTIAL', ownerTeam: 'payments' })).toEqual(['payments.card-authorised.v1']);
    expect(await names({ lifecycle: ['DRAFT'] })).toEqual(['risk.merchant-risk-rated.v1']);
    expect(await names({ text: 'fraud' })).toEqual(['risk.fraud-check-requested.v1']);
  });

  it('registers every format, a reference, field tags and a two-version history', async () => {
    expect(before.subjects).toEqual([
      'com.acme.common.Money',
      'customers.customer-profile.state-key',
      'customers.customer-profile.state-value',
      'customers.customer-registered.v1-value',
      'orders.order-placed.v1-value',
      'orders.order-shipped.v1-value',
      'payments.card-authorised.v1-value',
      'payments.payment-settled.v1-value',
      'risk.fraud-check-requested.v1-value',
    ]);
    expect(before.latest['payments.card-authorised.v1-value']).toEqual([1, 2]);
    const latest = (await registry.get('/subjects/payments.card-authorised.v1-value/versions/latest')).body;
    expect(latest.references).toEqual([{ name: 'com.acme.common.Money', subject: 'com.acme.common.Money', version: 1 }]);
    expect(latest.schema).toContain('confluent:tags');
    const types = await Promise.all(
      ['orders.order-placed.v1-value', 'customers.customer-registered.v1-value', 'risk.fraud-check-requested.v1-value'].map(
        async (s) => (await registry.get(`/subjects/${s}/versions/latest`)).body.schemaType ?? 'AVRO',
      ),
    );
    expect(types).toEqual(['PROTOBUF', 'JSON', 'AVRO']);
    const compatible = await registry.post('/compatibility/subjects/payments.card-authorised.v1-value/versions/1', {
      schema: latest.schema,
      references: latest.references,
    });
    // Nothing blocks; the CONFIDENTIAL topic's PII without an ENCRYPT rule is a warning.
    expect(compatible.body).toMatchObject({
      is_compatible: true,
      findings: [{ rule: 'personal-data-unencrypted', severity: 'WARN' }],
    });
    // The RESTRICTED topic's PII is encrypted by the rule the demo registers with it.
    expect(
      (await registry.get('/subjects/customers.customer-registered.v1-value/versions/latest')).body.ruleSet.domainRules[0],
    ).toMatchObject({
      type: 'ENCRYPT',
      tags: ['PII'],
    });
  });

  it('gives the portal a history, a diff and tagged fields in every format', async () => {
    const history = await app.graphql(`{ topic(name: "payments.card-authorised.v1") { subjects { subject versions { version }
      diff(from: 1, to: 2) { added { path tags } removed { path } compatibility { level compatible } } } } }`);
    expect(history.errors).toBeUndefined();
    const [value] = history.data.topic.subjects;
    expect(value.versions).toEqual([{ version: 1 }, { version: 2 }]);
    expect(value.diff.added).toEqual([
      { path: 'threeDsVersion', tags: [] },
      { path: 'authorisationCode', tags: ['FINANCIAL'] },
    ]);
    expect(value.diff.removed).toEqual([]);
    expect(value.diff.compatibility).toContainEqual({ level: 'BACKWARD', compatible: true });

    const tagged = async (name: string) => {
      const res = await app.graphql(`query($name: String!) { topic(name: $name) { subjects { part latest { fields { path tags } } } } }`, {
        name,
      });
      const value = res.data.topic.subjects.find((s: any) => s.part === 'VALUE');
      return value.latest.fields.filter((f: any) => f.tags.length > 0).map((f: any) => `${f.path}:${f.tags.join('+')}`);
    };
    expect(await tagged('customers.customer-registered.v1')).toEqual(['email:PII', 'givenName:PII', 'familyName:PII']);
    expect(await tagged('payments.payment-settled.v1')).toEqual(['settled_minor_units:FINANCIAL', 'fee_minor_units:FINANCIAL']);
    expect(await tagged('customers.customer-profile.state')).toEqual(['displayName:PII']);
  });

  it('exports as an AsyncAPI document without errors', async () => {
    const res = await app.fetch('/catalogue/asyncapi.yaml', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(await asyncApiErrors(await res.text())).toEqual([]);
  });

  it('needs a token and a reachable server', async () => {
    const noToken = await runCliAsync(['demo', 'load', '--url', app.url], { CHARTER_TOKEN: '' });
    expect(noToken.status).toBe(2);
    expect(noToken.stderr).toContain('--token or CHARTER_TOKEN');
    const wrongToken = await runCliAsync(['demo', 'load', '--url', app.url, '--token', 'chr_not-a-token']);
    expect(wrongToken.status).toBe(2);
    expect(wrongToken.stderr).toMatch(/refused/);
  });
});

import { FakeRegistry } from './support/fake-registry';
import { createTeams, tokensFor } from './support/principals';
import { avroRecord, RegistryHttp } from './support/registry-http';
import { ADMIN_TOKEN, TestApp } from './support/test-app';
import { registerTopic } from './support/topics';

/** What every event topic's payload contract asks for: an id and the occurrence time. */
const BASE_FIELDS = [
  { name: 'id', type: 'string' },
  { name: 'occurredAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
];

const EXPORTER_FIELDS = `name state pausedReason crossBorder destinationJurisdiction destinationJurisdictionSource approvedBy offset
  lagVersions lagSeconds trace skippedSubjects { subject topic rule message } approvedTopics { topic approvedBy }`;

/**
 * Governed exporters on one Charter (both databases), pushing to a stand-in Confluent-compatible
 * registry: the Confluent API and its error codes, the deployment's jurisdiction, the policy that
 * decides which subjects leave, steward approvals, and bad destinations.
 */
describe('schema exporters: API and governance', () => {
  let app: TestApp;
  let registry: RegistryHttp;
  let fake: FakeRegistry;
  let tokens: Record<'steward' | 'selfApprover' | 'member', string>;

  jest.setTimeout(120_000);

  beforeAll(async () => {
    app = await TestApp.start({
      CHARTER_JURISDICTION: 'EU',
      CHARTER_REGION: 'eu-west-1',
      CHARTER_EXPORTER_ALLOWED_HOSTS: '127.0.0.1',
      CHARTER_EXPORTER_POLL_INTERVAL_MS: '100',
      CHARTER_EXPORTER_CREDENTIALS_KEY: Buffer.alloc(32, 7).toString('base64'),
    });
    registry = new RegistryHttp(app);
    fake = await FakeRegistry.start();
    await createTeams(app, 'payments');
    tokens = await tokensFor(app, {
      steward: { username: 'sam', roles: ['steward'] },
      selfApprover: { username: 'alex', roles: ['admin', 'steward'] },
      member: { username: 'mia', teams: ['payments'] },
    });
    await registerTopic(app, { name: 'orders', ownerTeam: 'payments', classification: 'INTERNAL' });
    await registerTopic(app, { name: 'customers', ownerTeam: 'payments', classification: 'CONFIDENTIAL' });
    await registerTopic(app, { name: 'ledger', ownerTeam: 'payments', classification: 'RESTRICTED' });
    for (const [subject, n] of [
      ['orders-value', 3],
      ['customers-value', 2],
      ['ledger-value', 1],
      ['shared-money', 1],
      ['legacy-thing', 1],
    ] as const) {
      for (let i = 1; i <= n; i++) {
        const fields = [...BASE_FIELDS, ...Array.from({ length: i - 1 }, (_, k) => ({ name: `f${k}`, type: 'string', default: '' }))];
        const res = await registry.register(subject, avroRecord(subject.replace(/-/g, '_'), fields));
        if (res.status !== 200) throw new Error(`${subject} v${i}: ${JSON.stringify(res.body)}`);
      }
    }
  });

  afterAll(async () => {
    await fake?.close();
    await app?.close();
  });

  const exporters = (method: string, path: string, body?: unknown, token: string | null = ADMIN_TOKEN) =>
    registry.call(method, `/exporters${path}`, body, token);
  const status = async (name: string) => (await exporters('GET', `/${name}/status`)).body;
  const waitFor = async <T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 15_000): Promise<T> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = await read();
      if (done(v) || Date.now() > deadline) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const body = (name: string, extra: Record<string, unknown> = {}, config: Record<string, string> = {}) => ({
    name,
    contextType: 'NONE',
    subjects: ['*'],
    ...extra,
    config: { 'schema.registry.url': fake.url, ...config },
  });

  it('says where it runs: /health/ready, GraphQL instance, /v1/metadata/id and a header on every answer', async () => {
    const ready = await app.fetch('/health/ready');
    expect(await ready.json()).toMatchObject({ status: 'ready', jurisdiction: 'EU', region: 'eu-west-1' });
    expect(ready.headers.get('charter-jurisdiction')).toBe('EU');
    const instance = await app.graphql('{ instance { jurisdiction region version name } }');
    expect(instance.data.instance).toMatchObject({ jurisdiction: 'EU', region: 'eu-west-1', name: 'eu' });
    expect(instance.data.instance.version).toMatch(/^\d+\.\d+\.\d+/);
    const metadata = await registry.get('/v1/metadata/id');
    expect(metadata.body.scope.clusters['schema-registry-cluster']).toBe(metadata.body.charter.id);
    expect(metadata.body.charter).toMatchObject({ jurisdiction: 'EU', region: 'eu-west-1' });
  });

  it('refuses bad exporters with Confluent-style codes naming the field and the rule', async () => {
    const refused = async (b: unknown, status: number, errorCode: number, text: RegExp) => {
      const res = await exporters('POST', '', b);
      expect({ status: res.status, code: res.body.error_code }).toEqual({ status, code: errorCode });
      expect(res.body.message).toMatch(text);
    };
    await refused(body('r1', { subjectRenameFormat: 'eu.subject' }), 422, 422, /subjectRenameFormat.*\$\{subject\}/);
    await refused(body('r2', { subjects: [] }), 409, 40952, /subjects/);
    await refused(body('r3', { contextType: 'CUSTOM' }), 422, 422, /context/);
    await refused({ name: 'r4', config: { 'schema.registry.url': 'http://localhost:1' } }, 422, 422, /public address.*loopback/);
    await refused({ name: 'r5', config: { 'schema.registry.url': 'http://10.1.2.3' } }, 422, 422, /private/);
    await refused({ name: 'r6', config: { 'schema.registry.url': 'http://169.254.169.254' } }, 422, 422, /link-local/);
    await refused({ name: 'r7', config: { 'schema.registry.url': app.url } }, 422, 422, /points back at this Charter/);
    await refused({ name: 'r8', config: {} }, 422, 422, /schema\.registry\.url/);
    await refused(
      body('r9', {}, { 'charter.legal.basis.mechanism': 'A_HANDSHAKE', 'charter.legal.basis.reference': 'x' }),
      422,
      422,
      /mechanism/,
    );
    await refused({ name: 'bad name!', config: { 'schema.registry.url': fake.url } }, 422, 422, /name/);
    expect((await exporters('GET', '/nope')).body.error_code).toBe(40450);
    expect((await exporters('POST', '', body('x'), tokens.member)).status).toBe(403);
  });

  it('a plain Confluent body to a registry that cannot say its jurisdiction is treated as crossing a border: PAUSED, showing why', async () => {
    const res = await exporters('POST', '', {
      name: 'plain',
      contextType: 'AUTO',
      subjects: ['orders-value'],
      config: { 'schema.registry.url': fake.url },
    });
    expect(res).toMatchObject({ status: 200, body: { name: 'plain' } });
    expect((await exporters('POST', '', { name: 'plain', config: { 'schema.registry.url': fake.url } })).body.error_code).toBe(40950);
    const s = await status('plain');
    expect(s).toMatchObject({ name: 'plain', state: 'PAUSED', crossBorder: true, destination: { jurisdiction: null, source: 'UNKNOWN' } });
    expect(s.pausedReason).toMatch(/^awaiting-legal-basis/);
    const resume = await exporters('PUT', '/plain/resume');
    expect({ status: resume.status, code: resume.body.error_code }).toEqual({ status: 409, code: 40964 });
    expect((await exporters('GET', '/plain')).body).toEqual({
      name: 'plain',
      contextType: 'AUTO',
      subjects: ['orders-value'],
      subjectRenameFormat: '${subject}',
      config: { 'schema.registry.url': fake.url },
    });
    expect((await exporters('GET', '')).body).toContain('plain');
    expect((await exporters('DELETE', '/plain')).status).toBe(200);
    expect((await exporters('GET', '/plain')).status).toBe(404);
  });

  it('inside the jurisdiction: pushes every allowed version in order with its id into IMPORT mode, and skips with the rule', async () => {
    const res = await exporters(
      'POST',
      '',
      body(
        'home',
        { subjects: ['orders-*', 'customers-*', 'ledger-*', 'legacy-*', 'shared-money'], subjectRenameFormat: 'eu.${subject}' },
        {
          'charter.destination.jurisdiction': 'EU',
          'bearer.auth.token': 'very-secret-token',
        },
      ),
    );
    expect(res.status).toBe(200);
    const s = await waitFor(
      () => status('home'),
      (x) => x.state === 'RUNNING' && x.lag.versions === 0,
    );
    expect(s).toMatchObject({ state: 'RUNNING', crossBorder: false, destination: { jurisdiction: 'EU', source: 'CONFIG' } });
    const ids = async (subject: string) =>
      (await registry.get(`/subjects/${subject}/versions`)).body.length &&
      Promise.all(
        ((await registry.get(`/subjects/${subject}/versions`)).body as number[]).map(
          async (v) => `${v}:${(await registry.get(`/subjects/${subject}/versions/${v}`)).body.id}`,
        ),
      );
    expect(fake.imported('eu.orders-value')).toEqual(await ids('orders-value'));
    // Same jurisdiction: CONFIDENTIAL and RESTRICTED stay inside it, so they may go.
    expect(fake.imported('eu.customers-value')).toEqual(await ids('customers-value'));
    expect(fake.imported('eu.ledger-value')).toEqual(await ids('ledger-value'));
    expect(fake.imported('eu.shared-money')).toEqual(await ids('shared-money'));
    expect(fake.imported('eu.legacy-thing')).toEqual([]);
    expect(s.skipped).toEqual([expect.objectContaining({ subject: 'legacy-thing', topic: null, rule: 'subject-without-topic' })]);
    const modes = fake.calls.filter((c) => c.method === 'PUT' && c.path.startsWith('/mode/'));
    expect(modes.every((c) => c.body.mode === 'IMPORT' && c.path.endsWith('?force=true'))).toBe(true);
    const ofHome = fake.calls.filter((c) => c.headers['confluent-schema-exporter-name'] === 'home');
    expect(ofHome.length).toBeGreaterThan(8);
    expect(ofHome.every((c) => c.headers.authorization === 'Bearer very-secret-token')).toBe(true);
    // Write-only credentials: never in any answer.
    for (const path of ['/home', '/home/config', '/home/status'])
      expect(JSON.stringify((await exporters('GET', path)).body)).not.toContain('very-secret');
    const gql = await app.graphql(`{ exporters { ${EXPORTER_FIELDS} } }`);
    expect(JSON.stringify(gql)).not.toContain('very-secret');
    const rows = (await app.superuser(`SELECT credentials FROM exporter WHERE name = 'home'`)) as Array<{ credentials: string }>;
    expect(rows[0].credentials).toMatch(/^v1:/);
    expect(rows[0].credentials).not.toContain('very-secret');

    // Later versions and deletes follow, in order.
    await registry.register('orders-value', avroRecord('orders_value', [...BASE_FIELDS, { name: 'z', type: 'string', default: '' }]));
    await registry.delete('/subjects/orders-value/versions/1');
    await registry.delete('/subjects/orders-value/versions/1?permanent=true');
    await registry.put('/config/orders-value', { compatibility: 'FULL' });
    await waitFor(
      () => status('home'),
      (x) => x.lag.versions === 0 && fake.calls.some((c) => c.path === `/config/${encodeURIComponent('eu.orders-value')}`),
    );
    expect(fake.imported('eu.orders-value')).toEqual((await ids('orders-value')) as string[]);
    expect(fake.calls.find((c) => c.path === `/config/${encodeURIComponent('eu.orders-value')}`)?.body).toEqual({ compatibility: 'FULL' });
  });

  it('across a border: a legal basis and a steward other than the creator; CONFIDENTIAL and RESTRICTED wait for a steward per topic', async () => {
    fake.calls.length = 0;
    const created = await exporters(
      'POST',
      '',
      body(
        'abroad',
        { subjects: ['orders-value', 'customers-value', 'ledger-value'], subjectRenameFormat: 'us.${subject}' },
        {
          'charter.destination.jurisdiction': 'US',
          'charter.legal.basis.mechanism': 'STANDARD_CONTRACTUAL_CLAUSES',
          'charter.legal.basis.reference': 'DPA-2026-17',
        },
      ),
      tokens.selfApprover,
    );
    expect(created.status).toBe(200);
    let s = await status('abroad');
    expect(s).toMatchObject({ state: 'PAUSED', crossBorder: true, destination: { jurisdiction: 'US' } });
    expect(s.pausedReason).toMatch(/^awaiting-approval: .*US.*other than alex/);

    const self = await app.graphql(`mutation { approveExporter(name: "abroad") { state } }`, {}, tokens.selfApprover);
    expect(self.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const byAdmin = await app.graphql(`mutation { approveExporter(name: "abroad") { state } }`);
    expect(byAdmin.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const approved = await app.graphql(`mutation { approveExporter(name: "abroad") { state approvedBy } }`, {}, tokens.steward);
    expect(approved.data.approveExporter).toEqual({ state: 'STARTING', approvedBy: 'sam' });

    s = await waitFor(
      () => status('abroad'),
      (x) => x.state === 'RUNNING' && x.lag.versions === 0 && x.skipped.length === 2,
    );
    expect(fake.imported('us.orders-value').length).toBeGreaterThan(0);
    expect(fake.imported('us.customers-value')).toEqual([]);
    expect(fake.imported('us.ledger-value')).toEqual([]);
    expect(s.skipped.map((x: any) => [x.subject, x.rule])).toEqual([
      ['customers-value', 'confidential-cross-border'],
      ['ledger-value', 'restricted-topic'],
    ]);

    const topicApproval = await app.graphql(
      `mutation { approveExporterTopic(name: "abroad", topic: "customers") { approvedTopics { topic approvedBy } } }`,
      {},
      tokens.steward,
    );
    expect(topicApproval.data.approveExporterTopic.approvedTopics).toEqual([{ topic: 'customers', approvedBy: 'sam' }]);
    // The approval replays the topic's skipped versions; the status shows it before the pushes land.
    s = await waitFor(
      () => status('abroad'),
      (x) => x.skipped.length === 1 && fake.imported('us.customers-value').length >= 2,
    );
    expect(s.skipped.map((x: any) => x.subject)).toEqual(['ledger-value']);
    expect(fake.imported('us.customers-value').length).toBe(2);

    const audit = await app.graphql(
      `{ auditLog(filter: { targetType: "exporter", targetId: "abroad" }, first: 50) { edges { node { action actor } } } }`,
    );
    const actions = audit.data.auditLog.edges.map((e: any) => e.node.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'exporter.created',
        'exporter.approved',
        'exporter.started',
        'exporter.subject-skipped',
        'exporter.topic-approved',
        'exporter.topic-replayed',
      ]),
    );
  });

  it('pause, resume and reset follow the Confluent rules; the lag is a metric and a continuity plane', async () => {
    expect((await exporters('PUT', '/home/reset')).body.error_code).toBe(40963);
    expect((await exporters('PUT', '/home/resume')).body.error_code).toBe(40963);
    expect((await exporters('PUT', '/home/pause')).status).toBe(200);
    expect((await status('home')).state).toBe('PAUSED');
    expect((await exporters('PUT', '/home/reset')).status).toBe(200);
    expect((await status('home')).offset).toBe(0);
    const metrics = await (await app.fetch('/metrics')).text();
    expect(metrics).toMatch(/charter_exporter_lag_versions\{exporter="home"\} [1-9]/);
    expect((await exporters('PUT', '/home/resume')).status).toBe(200);
    await waitFor(
      () => status('home'),
      (x) => x.state === 'RUNNING' && x.lag.versions === 0,
    );
    const continuity = await app.graphql('{ continuity { plane measuredRpoSeconds } }');
    expect(continuity.data.continuity.map((p: any) => p.plane)).toEqual(expect.arrayContaining(['exporter:home', 'exporter:abroad']));
    const updated = await exporters('PUT', '/home/config', { 'charter.destination.jurisdiction': 'US' });
    expect(updated.status).toBe(200);
    expect((await status('home')).state).toBe('PAUSED');
  });
});

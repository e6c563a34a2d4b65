import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { AvroDeserializer, AvroSerializer, SchemaRegistryClient, SerdeType } from '@confluentinc/schemaregistry';
import { Logger } from '@nestjs/common';
import { UsageRecorder } from '../src/usage/usage-recorder';
import { AccessWorld } from './support/access';
import { createTeams, tokenFor } from './support/principals';
import { ADMIN_TOKEN, TestApp } from './support/test-app';
import { WebhookReceiver } from './support/webhook-receiver';

const REGISTRY_TYPE = 'application/vnd.schemaregistry.v1+json';
const SET_WEBHOOK = `mutation($input: SetTeamWebhookInput!) { setTeamWebhook(input: $input) { secret } }`;
const CONSUMERS = `query($name: String!) { topic(name: $name) { consumers {
  principal authenticated hasGrant ownerTeamMember reads firstSeen lastSeen
  versions { subject version schemaId reads } clients { userAgent clientId } } } }`;
const READINESS = `deprecationReadiness(days: 7) { subject version schemaId readers { principal reads clients { userAgent clientId } } }`;

const payment = (version: number) => ({
  type: 'record',
  name: 'PaymentTaken',
  namespace: 'billing',
  fields: [
    { name: 'eventId', type: 'string' },
    { name: 'occurredAt', type: 'string' },
    { name: 'paymentId', type: 'string' },
    ...(version > 1 ? [{ name: 'note', type: 'string', default: '' }] : []),
  ],
});
const EVENT = { eventId: 'e-1', occurredAt: '2026-12-03T10:00:00Z' };
const STOCK = { type: 'record', name: 'StockMoved', namespace: 'shop', fields: payment(1).fields };

/**
 * Who really reads what: real registry clients read a CONFIDENTIAL topic's schemas as two
 * principals, one covered by a grant and one not; after a flush the consumers, shadow consumers,
 * unused grants and deprecation readiness say so, and the guards hold retirement and deletion back.
 * The flush is forced through the recorder (its timer is set to an hour here).
 */
describe('usage: who reads which schema', () => {
  let app: TestApp;
  let w: AccessWorld;
  let receiver: WebhookReceiver;
  let recorder: UsageRecorder;
  let anaToken: string;
  const ids: number[] = [];
  const grants: Record<string, string> = {};

  // The embedded database starts slowly on a busy machine; each test itself takes a second or two.
  jest.setTimeout(240_000);

  const rest = (method: string, path: string, token: string | null, body?: unknown, headers: Record<string, string> = {}) =>
    app.fetch(path, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': REGISTRY_TYPE }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const confluentClient = (token: string, clientId: string) =>
    new SchemaRegistryClient({
      baseURLs: [app.url],
      basicAuthCredentials: { credentialsSource: 'USER_INFO', userInfo: `x:${token}` },
      createAxiosDefaults: { headers: { 'X-Client-Id': clientId } },
      maxRetries: 0,
    });
  const grantedReader = async (topic: string, team: string, person: 'rita' | 'admin', extra: Record<string, unknown>) => {
    const req = await w.requested(person, topic, { requestingTeam: team, ...extra });
    const approved = await w.decide('olga', 'approve', { id: req.id });
    expect(approved.data.result.state).toBe('APPROVED');
    return req.id as string;
  };

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    app = await TestApp.start({
      CHARTER_USAGE_FLUSH_INTERVAL_MS: '3600000',
      CHARTER_STEWARD_TEAM: 'stewards',
      CHARTER_WEBHOOK_POLL_INTERVAL_MS: '50',
      CHARTER_WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
    });
    recorder = app.app.get(UsageRecorder);
    w = await AccessWorld.create(app);
    await createTeams(app, 'analytics', 'stewards');
    anaToken = await tokenFor(app, { username: 'ana', teams: ['analytics'] });
    await w.topic('payments', { classification: 'CONFIDENTIAL', lifecycle: 'ACTIVE' });
    await w.topic('stock', { classification: 'INTERNAL', lifecycle: 'ACTIVE' });
    for (const v of [1, 2]) {
      const res = await rest('POST', '/subjects/payments-value/versions', ADMIN_TOKEN, { schema: JSON.stringify(payment(v)) });
      const body = (await res.json()) as { id: number };
      expect([res.status, body]).toEqual([200, expect.objectContaining({ id: expect.any(Number) })]);
      ids.push(body.id);
    }
    const stock = await rest('POST', '/subjects/stock-value/versions', ADMIN_TOKEN, { schema: JSON.stringify(STOCK) });
    ids.push(((await stock.json()) as { id: number }).id);
    grants.fraud = await grantedReader('payments', 'fraud', 'rita', {});
    grants.analytics = await grantedReader('payments', 'analytics', 'admin', {
      applicationName: 'analytics-dash',
      kafkaPrincipal: 'User:svc-analytics',
    });
    for (const [team, token] of [
      ['shop', w.tokens.olga],
      ['stewards', ADMIN_TOKEN],
    ] as const) {
      const res = await app.graphql(SET_WEBHOOK, { input: { team, url: receiver.url(`/${team}`) } }, token);
      expect(res.errors).toBeUndefined();
    }

    // rita (team fraud, granted) decodes with the kafkajs client: it fetches version 1 by id.
    const kafkajs = new SchemaRegistry({ host: app.url, auth: { username: 'x', password: w.tokens.rita }, clientId: 'fraud-scorer' });
    const v1Bytes = await new AvroSerializer(confluentClient(w.tokens.olga, 'producer'), SerdeType.VALUE, {
      autoRegisterSchemas: false,
      useSchemaId: ids[0],
    }).serialize('payments', { ...EVENT, paymentId: 'p-1' });
    expect(await kafkajs.decode(v1Bytes)).toEqual({ ...EVENT, paymentId: 'p-1' });
    // oscar (team elsewhere, no grant) reads version 2 with the official client's deserializer.
    const v2Bytes = await new AvroSerializer(confluentClient(w.tokens.olga, 'producer'), SerdeType.VALUE, {
      autoRegisterSchemas: false,
      useSchemaId: ids[1],
    }).serialize('payments', { ...EVENT, paymentId: 'p-2', note: 'n' });
    const deserializer = new AvroDeserializer(confluentClient(w.tokens.oscar, 'shadow-app'), SerdeType.VALUE, {});
    expect(await deserializer.deserialize('payments', v2Bytes)).toEqual({ ...EVENT, paymentId: 'p-2', note: 'n' });
    // The producer's serializers (olga, of the owning team) fetched by id too; those reads are counted as hers.
    await recorder.flush();
  });

  afterAll(async () => {
    await app?.close();
    await receiver?.close();
  });

  it('Topic.consumers lists both readers with the versions they fetched and whether a grant covers them', async () => {
    // An admin and a steward read too: governing is not consuming, so neither is counted.
    for (const token of [ADMIN_TOKEN, w.tokens.stella]) {
      expect((await rest('GET', '/subjects/payments-value/versions/1', token)).status).toBe(200);
      expect((await rest('GET', `/schemas/ids/${ids[1]}`, token)).status).toBe(200);
    }
    await recorder.flush();
    const res = await w.as('olga')(CONSUMERS, { name: 'payments' });
    expect(res.errors).toBeUndefined();
    const byName = Object.fromEntries(res.data.topic.consumers.map((c: any) => [c.principal, c]));
    expect(Object.keys(byName).sort()).toEqual(['olga', 'oscar', 'rita']);
    expect(byName.rita).toMatchObject({ authenticated: true, hasGrant: true, ownerTeamMember: false });
    expect(byName.rita.versions).toEqual([{ subject: 'payments-value', version: 1, schemaId: ids[0], reads: 1 }]);
    expect(byName.rita.clients).toEqual([{ userAgent: expect.stringContaining('fraud-scorer'), clientId: '' }]);
    expect(byName.oscar).toMatchObject({ authenticated: true, hasGrant: false, ownerTeamMember: false });
    expect(byName.oscar.versions.map((v: any) => v.version)).toEqual([2]);
    expect(byName.oscar.clients).toEqual([{ userAgent: expect.any(String), clientId: 'shadow-app' }]);
    expect(new Date(byName.oscar.firstSeen).getTime()).toBeLessThanOrEqual(new Date(byName.oscar.lastSeen).getTime());
    // Not the owning team's business to hide: but outsiders do not see who reads.
    const outsider = await w.as('oscar')(CONSUMERS, { name: 'payments' });
    expect(outsider.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('shadowConsumers shows exactly the reader without a grant, raised once by webhook to the owners and the stewards', async () => {
    const res = await w.as('stella')(
      `{ shadowConsumers { topic classification ownerTeam principal reads raisedAt clients { clientId } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.shadowConsumers).toEqual([
      {
        topic: 'payments',
        classification: 'CONFIDENTIAL',
        ownerTeam: 'shop',
        principal: 'oscar',
        reads: 1,
        raisedAt: expect.any(String),
        clients: [{ clientId: 'shadow-app' }],
      },
    ]);
    const hooks = await receiver.waitFor((h) => h.json?.type === 'usage.shadow-consumer', 2);
    expect(hooks.map((h) => h.path).sort()).toEqual(['/shop', '/stewards']);
    expect(hooks[0].json.finding).toMatchObject({ topic: 'payments', principal: 'oscar', classification: 'CONFIDENTIAL' });
    // Reading again raises nothing new.
    await new AvroDeserializer(confluentClient(w.tokens.oscar, 'shadow-app'), SerdeType.VALUE, {}).deserialize(
      'payments',
      await new AvroSerializer(confluentClient(w.tokens.olga, 'producer'), SerdeType.VALUE, { useSchemaId: ids[1] }).serialize('payments', {
        ...EVENT,
        paymentId: 'p-3',
        note: '',
      }),
    );
    await recorder.flush();
    const findings = await app.superuser(`SELECT principal FROM usage_shadow_finding`);
    expect(findings).toEqual([{ principal: 'oscar' }]);
    const metrics = await (await app.fetch('/metrics')).text();
    expect(metrics).toMatch(/charter_usage_shadow_consumers_total\{classification="CONFIDENTIAL"\} 1/);
    expect(metrics).toMatch(/charter_usage_reads_total\{topic="payments"\} \d+/);
  });

  it('unusedGrants lists the third, unused grant and not the one in use', async () => {
    const res = await w.as('stella')(`{ unusedGrants(days: 90) { id topic { name } requestingTeam { slug } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.unusedGrants).toEqual([{ id: grants.analytics, topic: { name: 'payments' }, requestingTeam: { slug: 'analytics' } }]);
    const mine = await app.graphql(`{ unusedGrants { id } }`, {}, anaToken);
    expect(mine.data.unusedGrants).toEqual([{ id: grants.analytics }]);
  });

  it('records of processing say which recipient actually reads', async () => {
    const res = await w.as('stella')(
      `{ recordsOfProcessing(topic: "payments") { recipients { consumerTeam observedReads { readers reads lastReadAt } } } }`,
    );
    expect(res.errors).toBeUndefined();
    const byTeam = Object.fromEntries(res.data.recordsOfProcessing[0].recipients.map((r: any) => [r.consumerTeam, r.observedReads]));
    expect(byTeam.fraud).toMatchObject({ readers: ['rita'], reads: 1, lastReadAt: expect.any(String) });
    expect(byTeam.analytics).toEqual({ readers: [], reads: 0, lastReadAt: null });
  });

  it('exports the consumers of a topic as CSV for auditors', async () => {
    const res = await rest('GET', '/catalogue/consumers.csv?topic=payments', w.tokens.stella);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe(
      'topic,classification,owner_team,principal,authenticated,has_grant,owner_team_member,subject,version,schema_id,user_agent,client_id,reads,first_read_at,last_read_at',
    );
    expect(lines.some((l) => l.startsWith('payments,CONFIDENTIAL,shop,rita,true,true,false,payments-value,1,'))).toBe(true);
    expect(lines.some((l) => l.startsWith('payments,CONFIDENTIAL,shop,oscar,true,false,false,payments-value,2,'))).toBe(true);
    expect((await rest('GET', '/catalogue/consumers.csv?days=0', w.tokens.stella)).status).toBe(422);
  });

  it('counts anonymous reads answered by the schema-by-id fast path, with the client identity only', async () => {
    const headers = { 'user-agent': 'stock-reader/1.0', 'x-client-id': 'x'.repeat(300) };
    for (let i = 0; i < 3; i++) expect((await rest('GET', `/schemas/ids/${ids[2]}`, null, undefined, headers)).status).toBe(200);
    await recorder.flush();
    const res = await w.as('olga')(CONSUMERS, { name: 'stock' });
    const anonymous = res.data.topic.consumers.find((c: any) => c.principal === 'anonymous');
    expect(anonymous).toMatchObject({ authenticated: false, hasGrant: false, reads: 3 });
    expect(anonymous.clients).toEqual([{ userAgent: 'stock-reader/1.0', clientId: 'x'.repeat(100) }]);
  });

  it('REST delete of a version read in the last 7 days answers 409 with the readers, unless an admin forces it', async () => {
    const refused = await rest('DELETE', '/subjects/payments-value/versions/1', w.tokens.olga);
    expect(refused.status).toBe(409);
    const body = (await refused.json()) as any;
    expect(body.error_code).toBe(40910);
    expect(body.message).toMatch(/read in the last 7 days by .*rita/);
    expect(body.readers.map((r: any) => r.principal)).toContain('rita');
    expect((await rest('DELETE', '/subjects/payments-value/versions/1?force=true', w.tokens.olga)).status).toBe(403);
    const forced = await rest('DELETE', '/subjects/payments-value/versions/1?force=true', ADMIN_TOKEN);
    expect(forced.status).toBe(200);
    expect(await forced.json()).toBe(1);
    expect(await auditOf('subject', 'payments-value', 'registry.version-deleted-while-read')).toMatchObject({ details: { version: 1 } });
  });

  it('deprecation readiness shows who reads each version; retirement needs force and an audited reason', async () => {
    const deprecated = await w.as('olga')(
      `mutation($input: DeprecateTopicInput!) { deprecateTopic(input: $input) { lifecycle ${READINESS} } }`,
      { input: { name: 'payments', sunsetAt: new Date(Date.now() + 86_400_000).toISOString() } },
    );
    expect(deprecated.errors).toBeUndefined();
    const readiness = deprecated.data.deprecateTopic.deprecationReadiness;
    expect(readiness.map((v: any) => [v.version, v.readers.map((r: any) => r.principal)])).toEqual([
      [1, ['olga', 'rita']],
      [2, ['olga', 'oscar']],
    ]);
    const retire = (input: Record<string, unknown>) =>
      w.as('olga')(`mutation($input: RetireTopicInput!) { retireTopic(input: $input) { lifecycle ${READINESS} } }`, {
        input: { name: 'payments', ...input },
      });
    const blocked = await retire({});
    expect(blocked.errors?.[0].extensions).toMatchObject({ code: 'IN_USE', rule: 'unread-before-retirement' });
    expect(blocked.errors?.[0].message).toMatch(/read in the last 7 days by .*oscar/);
    expect((await retire({ force: true })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const forced = await retire({ force: true, reason: 'Replaced by payments.v2; the fraud team confirmed the move.' });
    expect(forced.errors).toBeUndefined();
    expect(forced.data.retireTopic.lifecycle).toBe('RETIRED');
    expect(forced.data.retireTopic.deprecationReadiness.length).toBeGreaterThan(0);
    expect(await auditOf('topic', 'payments', 'topic.retired-while-read')).toMatchObject({
      actor: 'olga',
      details: { reason: 'Replaced by payments.v2; the fraud team confirmed the move.', days: 7 },
    });
  });

  it('a database error during a flush is logged and retried, and reads keep working', async () => {
    const errors = jest.spyOn(Logger.prototype, 'error');
    const before = await countOf('stock-value');
    await app.superuser(`
      CREATE FUNCTION refuse_usage() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'usage writes refused'; END $$;
      CREATE TRIGGER refuse_usage BEFORE INSERT ON schema_usage FOR EACH ROW EXECUTE FUNCTION refuse_usage();`);
    try {
      for (let i = 0; i < 5; i++) expect((await rest('GET', `/schemas/ids/${ids[2]}`, w.tokens.tom)).status).toBe(200);
      await recorder.flush();
      expect(errors).toHaveBeenCalledWith(expect.objectContaining({ keys: 1 }), expect.stringMatching(/kept and retried/));
      expect(await countOf('stock-value')).toBe(before);
      // Reads go on while the flush fails, and are counted with the kept batch.
      for (let i = 0; i < 2; i++) expect((await rest('GET', `/subjects/stock-value/versions/1`, w.tokens.tom)).status).toBe(200);
    } finally {
      await app.superuser(`DROP TRIGGER refuse_usage ON schema_usage; DROP FUNCTION refuse_usage();`);
      errors.mockRestore();
    }
    await recorder.flush();
    expect(await countOf('stock-value')).toBe(before + 7);
    const metrics = await (await app.fetch('/metrics')).text();
    expect(metrics).toMatch(/charter_usage_flushes_total\{outcome="failed"\} [1-9]/);
  });

  it('purges reads past the retention in batches', async () => {
    await app.superuser(`UPDATE schema_usage SET day = day - 500 WHERE subject = 'stock-value' AND principal = 'anonymous'`);
    const purged = await recorder.purge();
    expect(purged).toBe(1);
    expect(await app.superuser(`SELECT 1 FROM schema_usage WHERE principal = 'anonymous'`)).toEqual([]);
  });

  async function auditOf(targetType: string, targetId: string, action: string): Promise<any> {
    const res = await app.graphql(
      `query($t: String!, $id: String!) { auditLog(filter: { targetType: $t, targetId: $id }, first: 50) { edges { node { action actor details } } } }`,
      { t: targetType, id: targetId },
    );
    return res.data.auditLog.edges.map((e: any) => e.node).find((n: any) => n.action === action);
  }

  async function countOf(subject: string): Promise<number> {
    const rows = (await app.superuser(`SELECT coalesce(sum(reads), 0)::int AS n FROM schema_usage WHERE subject = $1`, [
      subject,
    ])) as Array<{
      n: number;
    }>;
    return rows[0].n;
  }
});

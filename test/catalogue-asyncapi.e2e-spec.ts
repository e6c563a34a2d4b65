import { parse } from 'yaml';
import { asyncApiErrors, parseAsyncApi } from './support/asyncapi-parser';
import { createTeams, tokensFor } from './support/principals';
import { RegistryHttp } from './support/registry-http';
import { ADMIN_TOKEN, TestApp } from './support/test-app';
import { registerTopic } from './support/topics';

const MONEY_AVRO = {
  type: 'record',
  name: 'Money',
  namespace: 'com.example.common',
  fields: [
    { name: 'minor', type: 'long' },
    { name: 'currency', type: 'string' },
  ],
};
const CARD_AUTHORISED = {
  type: 'record',
  name: 'CardAuthorised',
  namespace: 'com.example.payments',
  fields: [
    // An event id and an occurrence time: the payload contract of EVENT topics requires them.
    { name: 'eventId', type: 'string' },
    { name: 'occurredAt', type: 'long' },
    { name: 'paymentId', type: 'string' },
    { name: 'cardHolder', type: 'string', 'confluent:tags': ['PII'] },
    { name: 'amount', type: 'com.example.common.Money' },
  ],
};
const ADDRESS_JSON = { type: 'object', properties: { street: { type: 'string' }, country: { type: 'string' } }, required: ['country'] };
const CUSTOMER_JSON = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  definitions: { Email: { type: 'string', format: 'email' } },
  properties: {
    eventId: { type: 'string' },
    occurredAt: { type: 'string' },
    customerId: { type: 'string' },
    email: { $ref: '#/definitions/Email' },
    address: { $ref: 'address.json' },
  },
};
const MONEY_PROTO = 'syntax = "proto3";\npackage shop.common;\n\nmessage Money {\n  int64 minor = 1;\n  string currency = 2;\n}\n';
const ORDER_PROTO =
  'syntax = "proto3";\npackage shop.orders;\n\nimport "money.proto";\n\nmessage OrderPlaced {\n  string order_id = 1;\n  shop.common.Money total = 2;\n  string event_id = 3;\n  int64 occurred_at = 4;\n}\n';

const ASYNCAPI = `query($team: String, $format: AsyncApiDocumentFormat) { asyncApiDocument(team: $team, format: $format) }`;

describe('catalogue: AsyncAPI export', () => {
  let app: TestApp;
  let registry: RegistryHttp;
  let reader: string;

  const fetchDoc = (query = '', init: RequestInit = {}) =>
    app.fetch(`/catalogue/asyncapi.yaml${query}`, { ...init, headers: { authorization: `Bearer ${reader}`, ...(init.headers ?? {}) } });
  const graphql = async (variables: Record<string, unknown>, token: string | null = reader) => {
    const res = await app.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: ASYNCAPI, variables }),
    });
    return (await res.json()) as { data?: any; errors?: Array<{ message: string; extensions?: Record<string, any> }> };
  };

  const ok = async (res: Promise<{ status: number; body: any }>) => {
    const answer = await res;
    if (answer.status !== 200) throw new Error(`registry answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  };

  beforeAll(async () => {
    app = await TestApp.start();
    registry = new RegistryHttp(app);
    await createTeams(app, 'payments', 'customers', 'orders', 'risk');
    ({ reader } = await tokensFor(app, { reader: { username: 'rhea', teams: ['risk'] } }));
    await registerTopic(app, {
      name: 'payments.card-authorised',
      ownerTeam: 'payments',
      classification: 'CONFIDENTIAL',
      jurisdiction: 'EU',
      residency: ['eu-west-1'],
      accessPolicy: 'OWNER_APPROVAL',
      tags: ['cards', 'pci'],
      contacts: [{ kind: 'slack', value: '#payments' }],
      partitions: 12,
      retentionMs: '604800000',
      lifecycle: 'ACTIVE',
    });
    await registerTopic(app, { name: 'customers.registered', ownerTeam: 'customers', classification: 'RESTRICTED', jurisdiction: 'UK' });
    await registerTopic(app, {
      name: 'orders.placed',
      ownerTeam: 'orders',
      intent: 'EVENT',
      classification: 'INTERNAL',
      jurisdiction: 'US',
    });
    await registerTopic(app, {
      name: 'risk.score-requested',
      ownerTeam: 'risk',
      intent: 'COMMAND',
      classification: 'INTERNAL',
      jurisdiction: 'CH',
    });

    await ok(registry.register('com.example.common.Money', MONEY_AVRO));
    await ok(
      registry.register('payments.card-authorised-value', CARD_AUTHORISED, {
        references: [{ name: 'com.example.common.Money', subject: 'com.example.common.Money', version: 1 }],
      }),
    );
    await ok(registry.register('payments.card-authorised-key', '"string"'));
    await ok(registry.register('customers.address', ADDRESS_JSON, { schemaType: 'JSON' }));
    await ok(
      registry.register('customers.registered-value', CUSTOMER_JSON, {
        schemaType: 'JSON',
        references: [{ name: 'address.json', subject: 'customers.address', version: 1 }],
      }),
    );
    await ok(registry.register('shop.money', MONEY_PROTO, { schemaType: 'PROTOBUF' }));
    await ok(
      registry.register('orders.placed-value', ORDER_PROTO, {
        schemaType: 'PROTOBUF',
        references: [{ name: 'money.proto', subject: 'shop.money', version: 1 }],
      }),
    );
  });

  afterAll(() => app.close());

  it('serves the whole catalogue as YAML that the AsyncAPI parser accepts', async () => {
    const res = await fetchDoc();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/yaml/);
    const text = await res.text();
    expect(await asyncApiErrors(text)).toEqual([]);

    const doc = parse(text);
    expect(doc.asyncapi).toBe('3.0.0');
    expect(doc.info.title).toBe('Charter event catalogue');
    expect(Object.keys(doc.channels)).toEqual([
      'customers.registered',
      'orders.placed',
      'payments.card-authorised',
      'risk.score-requested',
    ]);
    expect(doc.channels['payments.card-authorised']).toMatchObject({
      address: 'payments.card-authorised',
      'x-charter-owner': 'payments',
      'x-charter-classification': 'CONFIDENTIAL',
      'x-charter-jurisdiction': 'EU',
      'x-charter-residency': ['eu-west-1'],
      'x-charter-access-policy': 'OWNER_APPROVAL',
      'x-charter-lifecycle': 'ACTIVE',
      tags: [{ name: 'cards' }, { name: 'pci' }],
      bindings: { kafka: { partitions: 12, topicConfiguration: { 'retention.ms': 604800000 } } },
    });
    const messages = doc.components.messages;
    expect(messages['payments.card-authorised-value'].payload).toEqual({
      schemaFormat: 'application/vnd.apache.avro+json;version=1.9.0',
      schema: expect.objectContaining({ name: 'CardAuthorised' }),
    });
    expect(messages['payments.card-authorised-value'].bindings.kafka.key).toMatchObject({ type: 'string' });
    expect(messages['customers.registered-value'].payload.schemaFormat).toBe('application/schema+json;version=draft-07');
    expect(messages['orders.placed-value'].payload).toEqual({
      schemaFormat: 'application/vnd.google.protobuf;version=3',
      schema: expect.stringContaining('message OrderPlaced'),
    });
    expect(Object.keys(doc.components.schemas).sort()).toEqual(['com.example.common.Money.v1', 'customers.address.v1', 'shop.money.v1']);
  });

  it('resolves JSON Schema references inside the document', async () => {
    const { resolved, diagnostics } = await parseAsyncApi(await (await fetchDoc()).text());
    expect(diagnostics.filter((d) => d.severity === 0)).toEqual([]);
    const payload = resolved.components.messages['customers.registered-value'].payload.schema;
    expect(payload.properties.email).toMatchObject({ type: 'string', format: 'email' });
    expect(payload.properties.address).toMatchObject({ required: ['country'] });
  });

  it('keeps a topic without any schema as a channel without messages', async () => {
    const doc = parse(await (await fetchDoc()).text());
    expect(doc.channels['risk.score-requested'].messages).toBeUndefined();
    expect(doc.channels['risk.score-requested']['x-charter-intent']).toBe('COMMAND');
    expect(doc.operations['receive.risk.score-requested']).toMatchObject({ action: 'receive' });
    expect(doc.components.messages['risk.score-requested-value']).toBeUndefined();
  });

  it("renders one team's part of the catalogue", async () => {
    const text = await (await fetchDoc('?team=orders')).text();
    expect(await asyncApiErrors(text)).toEqual([]);
    const doc = parse(text);
    expect(Object.keys(doc.channels)).toEqual(['orders.placed']);
    expect(Object.keys(doc.components.messages)).toEqual(['orders.placed-value']);
    expect(Object.keys(doc.components.schemas)).toEqual(['shop.money.v1']);
    expect(doc.info['x-charter-team']).toBe('orders');

    const risk = parse(await (await fetchDoc('?team=risk')).text());
    expect(Object.keys(risk.channels)).toEqual(['risk.score-requested']);
    expect(risk.components.messages).toEqual({});
  });

  it('answers JSON when asked by ?format, by Accept, or by the .json path', async () => {
    for (const res of [
      await fetchDoc('?format=json'),
      await fetchDoc('', { headers: { accept: 'application/json' } }),
      await app.fetch('/catalogue/asyncapi.json?team=payments', { headers: { authorization: `Bearer ${reader}` } }),
    ]) {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const doc: any = await res.json();
      expect(doc.asyncapi).toBe('3.0.0');
    }
    expect((await fetchDoc('?format=xml')).status).toBe(422);
  });

  it('refuses callers without credentials and names an unknown team', async () => {
    const anonymous = await app.fetch('/catalogue/asyncapi.yaml');
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as any).message).toMatch(/Authentication required/);
    expect((await app.fetch('/catalogue/asyncapi.yaml', { headers: { authorization: 'Bearer chr_wrong' } })).status).toBe(401);

    const unknown = await fetchDoc('?team=marketing');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as any).message).toBe("Team 'marketing' does not exist.");
    expect((await fetchDoc('?team=orders&team=risk')).status).toBe(422);
  });

  it('serves the same document over GraphQL', async () => {
    const res = await graphql({ team: 'payments' });
    expect(res.errors).toBeUndefined();
    const text: string = res.data.asyncApiDocument;
    expect(await asyncApiErrors(text)).toEqual([]);
    expect(text).toBe(await (await fetchDoc('?team=payments')).text());
    const json = await graphql({ format: 'JSON' }, ADMIN_TOKEN);
    expect(Object.keys(JSON.parse(json.data.asyncApiDocument).channels)).toHaveLength(4);

    const unknown = await graphql({ team: 'marketing' });
    expect(unknown.errors?.[0]).toMatchObject({ message: "Team 'marketing' does not exist.", extensions: { code: 'NOT_FOUND' } });
    const anonymous = await graphql({}, null);
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

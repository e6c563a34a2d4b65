import { Parser } from '@asyncapi/parser';
import { parse } from 'yaml';
import { CatalogueSnapshot, ExportTopic, renderAsyncApi, toJson, toYaml } from './asyncapi-document';
import { ExportSchema, versionRef } from './asyncapi-schemas';

const topic = (name: string, extra: Partial<ExportTopic> = {}): ExportTopic => ({
  name,
  displayName: `Display ${name}`,
  description: `About **${name}**.`,
  owner: 'payments',
  intent: 'EVENT',
  classification: 'CONFIDENTIAL',
  jurisdiction: 'EU',
  residency: ['eu-west-1'],
  accessPolicy: 'OWNER_APPROVAL',
  maxGrantDays: 90,
  lifecycle: 'ACTIVE',
  sunsetAt: null,
  replacement: null,
  tags: ['cards'],
  contacts: [{ kind: 'email', value: 'payments@example.com' }],
  retentionMs: '604800000',
  partitions: 6,
  updatedAt: new Date('2030-01-01T00:00:00Z'),
  ...extra,
});

const schema = (
  subject: string,
  schemaType: ExportSchema['schemaType'],
  text: unknown,
  extra: Partial<ExportSchema> = {},
): ExportSchema => ({
  subject,
  version: 1,
  id: 1,
  schemaType,
  schema: typeof text === 'string' ? text : JSON.stringify(text),
  references: [],
  ts: Date.parse('2030-01-02T00:00:00Z'),
  ...extra,
});

const AVRO = {
  type: 'record',
  name: 'CardAuthorised',
  namespace: 'com.example.payments',
  fields: [
    { name: 'paymentId', type: 'string' },
    { name: 'cardHolder', type: 'string', 'confluent:tags': ['PII'] },
    { name: 'amount', type: 'com.example.Money' },
  ],
};
const MONEY = { type: 'record', name: 'Money', namespace: 'com.example', fields: [{ name: 'minor', type: 'long' }] };
const PROTO = 'syntax = "proto3";\npackage shop;\n\nmessage OrderPlaced {\n  string order_id = 1;\n}\n';
const JSON_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  definitions: { Line: { type: 'object', properties: { sku: { type: 'string' }, qty: { type: 'integer' } } } },
  properties: { lines: { type: 'array', items: { $ref: '#/definitions/Line' } }, kind: { enum: ['#/not-a-ref'] } },
};

function snapshot(): CatalogueSnapshot {
  const money = schema('com.example.Money', 'AVRO', MONEY, { id: 9 });
  return {
    topics: [
      topic('payments.card-authorised', {
        replacement: 'payments.card-authorised.v2',
        lifecycle: 'DEPRECATED',
        sunsetAt: new Date('2031-01-01T00:00:00Z'),
      }),
      topic('orders.placed', { owner: 'orders', tags: [] }),
      topic('orders.lines', { owner: 'orders', classification: 'INTERNAL' }),
      topic('risk.scores', { owner: 'risk', retentionMs: null, partitions: null, maxGrantDays: null }),
    ],
    latest: new Map([
      [
        'payments.card-authorised-value',
        schema('payments.card-authorised-value', 'AVRO', AVRO, {
          id: 10,
          version: 2,
          references: [{ name: 'com.example.Money', subject: 'com.example.Money', version: 1 }],
        }),
      ],
      ['payments.card-authorised-key', schema('payments.card-authorised-key', 'AVRO', '"string"', { id: 11 })],
      ['orders.placed-value', schema('orders.placed-value', 'PROTOBUF', PROTO, { id: 12 })],
      ['orders.lines-value', schema('orders.lines-value', 'JSON', JSON_SCHEMA, { id: 13 })],
    ]),
    referenced: new Map([[versionRef('com.example.Money', 1), money]]),
  };
}

describe('AsyncAPI rendering', () => {
  it('renders a document the AsyncAPI parser accepts without errors', async () => {
    const parser = new Parser();
    for (const text of [toYaml(renderAsyncApi(snapshot())), toJson(renderAsyncApi(snapshot()))]) {
      const diagnostics = await parser.validate(text);
      expect(diagnostics.filter((d) => d.severity === 0)).toEqual([]);
    }
  }, 30_000);

  it('has a channel per topic addressed by the Kafka name, with governance extensions', () => {
    const doc = renderAsyncApi(snapshot()) as any;
    expect(doc.asyncapi).toBe('3.0.0');
    expect(doc.info).toMatchObject({ title: 'Charter event catalogue', version: '2030-01-02T00:00:00.000Z' });
    expect(Object.keys(doc.channels)).toEqual(['orders.lines', 'orders.placed', 'payments.card-authorised', 'risk.scores']);
    expect(doc.channels['payments.card-authorised']).toMatchObject({
      address: 'payments.card-authorised',
      title: 'Display payments.card-authorised',
      description: 'About **payments.card-authorised**.',
      tags: [{ name: 'cards' }],
      bindings: { kafka: { topic: 'payments.card-authorised', partitions: 6, topicConfiguration: { 'retention.ms': 604800000 } } },
      'x-charter-owner': 'payments',
      'x-charter-classification': 'CONFIDENTIAL',
      'x-charter-jurisdiction': 'EU',
      'x-charter-residency': ['eu-west-1'],
      'x-charter-access-policy': 'OWNER_APPROVAL',
      'x-charter-lifecycle': 'DEPRECATED',
      'x-charter-sunset-at': '2031-01-01T00:00:00.000Z',
      'x-charter-replacement': 'payments.card-authorised.v2',
      'x-charter-tags': ['cards'],
      'x-charter-contacts': [{ kind: 'email', value: 'payments@example.com' }],
      'x-charter-subjects': { value: { subject: 'payments.card-authorised-value', version: 2, id: 10 } },
    });
    expect(doc.operations['receive.payments.card-authorised']).toMatchObject({
      action: 'receive',
      channel: { $ref: '#/channels/payments.card-authorised' },
      messages: [{ $ref: '#/channels/payments.card-authorised/messages/payments.card-authorised-value' }],
    });
  });

  it('carries each format with its schemaFormat, and Protobuf as .proto text', () => {
    const { messages } = (renderAsyncApi(snapshot()) as any).components;
    expect(messages['payments.card-authorised-value'].payload).toEqual({
      schemaFormat: 'application/vnd.apache.avro+json;version=1.9.0',
      schema: AVRO,
    });
    expect(messages['orders.placed-value'].payload).toEqual({ schemaFormat: 'application/vnd.google.protobuf;version=3', schema: PROTO });
    expect(messages['orders.lines-value'].payload.schemaFormat).toBe('application/schema+json;version=draft-07');
    expect(messages['payments.card-authorised-value']).toMatchObject({
      contentType: 'application/vnd.apache.avro+binary',
      'x-charter-schema-version': 2,
    });
    expect(toYaml(renderAsyncApi(snapshot()))).toContain('message OrderPlaced {');
  });

  it('makes JSON Schema $refs resolvable from the document root, leaving data alone', () => {
    const payload = (renderAsyncApi(snapshot()) as any).components.messages['orders.lines-value'].payload.schema;
    expect(payload.properties.lines.items.$ref).toBe('#/components/messages/orders.lines-value/payload/schema/definitions/Line');
    expect(payload.properties.kind.enum).toEqual(['#/not-a-ref']);
  });

  it('puts referenced versions under components.schemas and lists them on the message', () => {
    const doc = renderAsyncApi(snapshot()) as any;
    expect(doc.components.schemas['com.example.Money.v1']).toMatchObject({
      schemaFormat: 'application/vnd.apache.avro+json;version=1.9.0',
      schema: MONEY,
    });
    expect(doc.components.messages['payments.card-authorised-value']['x-charter-references']).toEqual([
      { name: 'com.example.Money', subject: 'com.example.Money', version: 1, component: '#/components/schemas/com.example.Money.v1' },
    ]);
  });

  it('describes the key as a Kafka message binding', () => {
    const { messages } = (renderAsyncApi(snapshot()) as any).components;
    expect(messages['payments.card-authorised-value'].bindings.kafka).toMatchObject({
      key: { type: 'string' },
      schemaIdLocation: 'payload',
      schemaLookupStrategy: 'TopicNameStrategy',
    });
    expect(messages['orders.placed-value'].bindings.kafka.key).toBeUndefined();
  });

  it('keeps a topic without any schema as a channel without messages', () => {
    const doc = renderAsyncApi(snapshot()) as any;
    expect(doc.channels['risk.scores'].messages).toBeUndefined();
    expect(doc.channels['risk.scores']['x-charter-subjects'].value).toEqual({ subject: 'risk.scores-value', registered: false });
    expect(doc.operations['receive.risk.scores'].messages).toBeUndefined();
    expect(doc.components.messages['risk.scores-value']).toBeUndefined();
  });

  it('names the team when the document covers one team, and an empty catalogue is still valid', async () => {
    const doc = renderAsyncApi({ topics: [], latest: new Map(), referenced: new Map(), team: { slug: 'risk', name: 'Risk' } }) as any;
    expect(doc.info['x-charter-team']).toBe('risk');
    expect(doc.id).toBe('urn:charter:catalogue:team:risk');
    expect(doc.info.version).toBe('0');
    const diagnostics = await new Parser().validate(toYaml(doc));
    expect(diagnostics.filter((d) => d.severity === 0)).toEqual([]);
  });

  it('writes YAML without anchors even when objects repeat', () => {
    const text = toYaml(renderAsyncApi(snapshot()));
    expect(text).not.toMatch(/[&*]a\d/);
    expect(text).toContain('version: "2030-01-02T00:00:00.000Z"');
    expect(text).not.toContain('%YAML');
    expect(parse(text)).toEqual(JSON.parse(toJson(renderAsyncApi(snapshot()))));
  });
});

import { componentKey, ExportSchema, keySchemaObject, multiFormatSchema, rewriteRefs } from './asyncapi-schemas';

const version = (schemaType: ExportSchema['schemaType'], schema: string, extra: Partial<ExportSchema> = {}): ExportSchema => ({
  subject: 's',
  version: 3,
  id: 7,
  schemaType,
  schema,
  references: [],
  ts: 0,
  ...extra,
});

describe('AsyncAPI schema objects', () => {
  it('keeps component keys within the characters AsyncAPI allows', () => {
    expect(componentKey('orders.placed-value')).toBe('orders.placed-value');
    expect(componentKey('com.acme:Money/v1 x')).toBe('com.acme_Money_v1_x');
    expect(componentKey('')).toBe('_');
  });

  it('rewrites local pointers, references by name with or without a fragment, and leaves URLs alone', () => {
    const byName = new Map([['address.json', '#/components/schemas/address-value.v2/schema']]);
    const rewritten = rewriteRefs(
      {
        properties: {
          self: { $ref: '#' },
          local: { $ref: '#/$defs/x' },
          ref: { $ref: 'address.json' },
          part: { $ref: 'address.json#/properties/street' },
          url: { $ref: 'https://example.com/s.json' },
          anchor: { $ref: '#anchor' },
          $ref: { type: 'string', default: { $ref: 'kept' } },
        },
      },
      '#/p',
      byName,
    ) as any;
    expect(rewritten.properties).toEqual({
      self: { $ref: '#/p' },
      local: { $ref: '#/p/$defs/x' },
      ref: { $ref: '#/components/schemas/address-value.v2/schema' },
      part: { $ref: '#/components/schemas/address-value.v2/schema/properties/street' },
      url: { $ref: 'https://example.com/s.json' },
      anchor: { $ref: '#anchor' },
      $ref: { type: 'string', default: { $ref: 'kept' } },
    });
  });

  it('resolves JSON Schema references to the referenced version component', () => {
    const schema = version('JSON', JSON.stringify({ properties: { a: { $ref: 'address.json' } } }), {
      references: [{ name: 'address.json', subject: 'customer address', version: 2 }],
    });
    expect(multiFormatSchema(schema, '#/x')).toEqual({
      schemaFormat: 'application/schema+json;version=draft-07',
      schema: { properties: { a: { $ref: '#/components/schemas/customer_address.v2/schema' } } },
    });
  });

  it('describes keys: JSON Schema as is, Avro primitives as JSON types, anything else as an extension', () => {
    expect(keySchemaObject(version('JSON', '{"type":"string","format":"uuid"}'), '#/k')).toEqual({ type: 'string', format: 'uuid' });
    expect(keySchemaObject(version('AVRO', '{"type":"long"}'), '#/k')).toMatchObject({ type: 'integer', format: 'int64' });
    expect(keySchemaObject(version('AVRO', '"string"'), '#/k')).toMatchObject({
      type: 'string',
      description: expect.stringContaining("subject 's', version 3 (id 7)"),
    });
    const record = '{"type":"record","name":"K","fields":[{"name":"id","type":"string"}]}';
    expect(keySchemaObject(version('AVRO', record), '#/k')).toMatchObject({
      'x-charter-schema-format': 'application/vnd.apache.avro+json;version=1.9.0',
      'x-charter-schema': JSON.parse(record),
    });
    expect(keySchemaObject(version('PROTOBUF', 'syntax = "proto3"; message K { string id = 1; }'), '#/k')).toMatchObject({
      'x-charter-schema-format': 'application/vnd.google.protobuf;version=3',
      'x-charter-schema': 'syntax = "proto3"; message K { string id = 1; }',
    });
  });
});

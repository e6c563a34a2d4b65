import { formatOf, ResolvedReference } from '@charter/engine';
import { fieldsOf } from '../schema-fields';

const avro = (schema: unknown, refs: ResolvedReference[] = []) =>
  fieldsOf(formatOf('AVRO').parse(JSON.stringify(schema), refs, { validate: true }));

const brief = (fields: ReturnType<typeof fieldsOf>) => fields.map((f) => `${f.path}: ${f.type}`);

describe('fieldsOf (Avro)', () => {
  const order = {
    type: 'record',
    name: 'OrderPlaced',
    namespace: 'com.acme',
    fields: [
      { name: 'eventId', type: { type: 'string', logicalType: 'uuid' }, doc: 'unique per event' },
      { name: 'occurredAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
      {
        name: 'customer',
        type: {
          type: 'record',
          name: 'Customer',
          fields: [
            { name: 'email', type: 'string', 'confluent:tags': ['PII'] },
            {
              name: 'address',
              type: ['null', { type: 'record', name: 'Address', fields: [{ name: 'line1', type: 'string', tags: ['PII', 'pii'] }] }],
              default: null,
            },
          ],
        },
      },
      { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['NEW', 'PAID'] } },
      { name: 'lines', type: { type: 'array', items: { type: 'record', name: 'Line', fields: [{ name: 'sku', type: 'string' }] } } },
      { name: 'labels', type: { type: 'map', values: 'string' } },
      { name: 'shipTo', type: ['null', 'Address'], default: null },
      { name: 'note', type: ['null', 'string'], default: null },
    ],
  };

  it('lists nested, repeated and optional fields with paths, depths and display types', () => {
    const fields = avro(order);
    expect(brief(fields)).toEqual([
      'eventId: uuid',
      'occurredAt: timestamp-millis',
      'customer: record Customer',
      'customer.email: string',
      'customer.address: union<null,Address>',
      'customer.address.line1: string',
      'status: enum Status',
      'lines: array<Line>',
      'lines[].sku: string',
      'labels: map<string,string>',
      'shipTo: union<null,Address>',
      'shipTo.line1: string',
      'note: union<null,string>',
    ]);
    const byPath = new Map(fields.map((f) => [f.path, f]));
    expect(byPath.get('eventId')).toMatchObject({ depth: 1, leaf: true, optional: false, repeated: false, doc: 'unique per event' });
    expect(byPath.get('customer')).toMatchObject({ depth: 1, leaf: false });
    expect(byPath.get('customer.address')).toMatchObject({ depth: 2, leaf: false, optional: true });
    expect(byPath.get('customer.address.line1')).toMatchObject({ depth: 3, leaf: true, tags: ['PII', 'pii'] });
    expect(byPath.get('customer.email')?.tags).toEqual(['PII']);
    expect(byPath.get('lines')).toMatchObject({ repeated: true, leaf: false });
    expect(byPath.get('lines[].sku')).toMatchObject({ depth: 2, leaf: true, repeated: false });
    expect(byPath.get('labels')).toMatchObject({ repeated: true, leaf: true });
    expect(byPath.get('note')).toMatchObject({ optional: true, leaf: true });
  });

  it('expands every record branch of a union under the same path', () => {
    const payment = {
      type: 'record',
      name: 'Payment',
      fields: [
        {
          name: 'method',
          type: [
            { type: 'record', name: 'Card', fields: [{ name: 'last4', type: 'string' }] },
            { type: 'record', name: 'Transfer', fields: [{ name: 'iban', type: 'string', tags: ['FINANCIAL'] }] },
          ],
        },
      ],
    };
    expect(brief(avro(payment))).toEqual(['method: union<Card,Transfer>', 'method.last4: string', 'method.iban: string']);
  });

  it('expands a recursive record once and marks the field that closes the cycle', () => {
    const tree = {
      type: 'record',
      name: 'Node',
      fields: [
        { name: 'value', type: 'int' },
        { name: 'children', type: { type: 'array', items: 'Node' } },
        {
          name: 'meta',
          type: {
            type: 'record',
            name: 'Meta',
            fields: [
              { name: 'parent', type: ['null', 'Node'], default: null },
              { name: 'self', type: ['null', 'Meta'], default: null },
            ],
          },
        },
      ],
    };
    const fields = avro(tree);
    expect(brief(fields)).toEqual([
      'value: int',
      'children: array<Node>',
      'meta: record Meta',
      'meta.parent: union<null,Node>',
      'meta.self: union<null,Meta>',
    ]);
    expect(fields.filter((f) => f.recursive).map((f) => f.path)).toEqual(['children', 'meta.parent', 'meta.self']);
  });

  it('reads fields of referenced named types', () => {
    const address: ResolvedReference = {
      name: 'com.acme.Address',
      schemaType: 'AVRO',
      schema: JSON.stringify({
        type: 'record',
        name: 'Address',
        namespace: 'com.acme',
        fields: [{ name: 'postcode', type: 'string', 'confluent:tags': ['PII'] }],
      }),
      references: [],
    };
    const schema = { type: 'record', name: 'Moved', namespace: 'com.acme', fields: [{ name: 'to', type: 'com.acme.Address' }] };
    const fields = avro(schema, [address]);
    expect(brief(fields)).toEqual(['to: record Address', 'to.postcode: string']);
    expect(fields[1].tags).toEqual(['PII']);
  });

  it('gives no fields for a schema that is not a record', () => {
    expect(avro('string')).toEqual([]);
    expect(avro({ type: 'array', items: 'string' })).toEqual([]);
  });
});

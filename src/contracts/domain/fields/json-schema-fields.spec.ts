import { formatOf, ResolvedReference } from '@charter/engine';
import { fieldsOf } from '../schema-fields';

const json = (schema: unknown, refs: ResolvedReference[] = []) =>
  fieldsOf(formatOf('JSON').parse(JSON.stringify(schema), refs, { validate: true }));
const brief = (fields: ReturnType<typeof fieldsOf>) => fields.map((f) => `${f.path}: ${f.type}`);

describe('fieldsOf (JSON Schema)', () => {
  const order = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    required: ['eventId', 'customer'],
    properties: {
      eventId: { type: 'string', description: 'unique per event' },
      customer: {
        type: 'object',
        title: 'Customer',
        required: ['email'],
        properties: {
          email: { type: 'string', 'confluent:tags': ['PII'] },
          address: { $ref: '#/definitions/Address', 'x-tags': ['PII'] },
        },
      },
      lines: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' }, qty: { type: 'integer' } } } },
      labels: { type: 'object', additionalProperties: { type: 'string' } },
      status: { type: 'string', enum: ['NEW', 'PAID'] },
      note: { type: ['string', 'null'], tags: ['FREE_TEXT'] },
      payment: {
        oneOf: [
          { type: 'object', properties: { last4: { type: 'string' } } },
          { type: 'object', properties: { iban: { type: 'string', tags: ['FINANCIAL'] } } },
        ],
      },
      amount: { type: 'number' },
    },
    definitions: {
      Address: { type: 'object', title: 'Address', properties: { line1: { type: 'string' }, postcode: { type: 'string', tags: ['PII'] } } },
    },
  };

  it('lists properties, nested objects, array items, maps, unions and local $refs', () => {
    const fields = json(order);
    expect(brief(fields)).toEqual([
      'eventId: string',
      'customer: object Customer',
      'customer.email: string',
      'customer.address: object Address',
      'customer.address.line1: string',
      'customer.address.postcode: string',
      'lines: array<object>',
      'lines[].sku: string',
      'lines[].qty: integer',
      'labels: map<string,string>',
      'status: enum',
      'note: union<string,null>',
      'payment: oneOf<object,object>',
      'payment.last4: string',
      'payment.iban: string',
      'amount: number',
    ]);
    const byPath = new Map(fields.map((f) => [f.path, f]));
    expect(byPath.get('eventId')).toMatchObject({ optional: false, doc: 'unique per event', depth: 1 });
    expect(byPath.get('customer')).toMatchObject({ optional: false, leaf: false });
    expect(byPath.get('customer.email')).toMatchObject({ optional: false, tags: ['PII'], depth: 2 });
    expect(byPath.get('customer.address')).toMatchObject({ optional: true, tags: ['PII'], leaf: false });
    expect(byPath.get('customer.address.postcode')).toMatchObject({ depth: 3, tags: ['PII'] });
    expect(byPath.get('lines')).toMatchObject({ repeated: true, leaf: false });
    expect(byPath.get('labels')).toMatchObject({ repeated: true, leaf: true });
    expect(byPath.get('note')).toMatchObject({ optional: true, tags: ['FREE_TEXT'] });
    expect(byPath.get('payment.iban')?.tags).toEqual(['FINANCIAL']);
  });

  it('expands a recursive $ref once and marks the field that closes the cycle', () => {
    const tree = {
      type: 'object',
      properties: {
        name: { type: 'string' },
        children: { type: 'array', items: { $ref: '#' } },
        parent: { $ref: '#/definitions/Parent' },
      },
      definitions: { Parent: { type: 'object', properties: { node: { $ref: '#' }, up: { $ref: '#/definitions/Parent' } } } },
    };
    const fields = json(tree);
    expect(brief(fields)).toEqual([
      'name: string',
      'children: array<object>',
      'parent: object',
      'parent.node: object',
      'parent.up: object',
    ]);
    expect(fields.filter((f) => f.recursive).map((f) => f.path)).toEqual(['children', 'parent.node', 'parent.up']);
  });

  it('reads properties of referenced documents, transitively', () => {
    const zip: ResolvedReference = {
      name: 'zip.json',
      schemaType: 'JSON',
      schema: '{"type":"string","confluent:tags":["PII"]}',
      references: [],
    };
    const address: ResolvedReference = {
      name: 'address.json',
      schemaType: 'JSON',
      schema: JSON.stringify({ type: 'object', properties: { zip: { $ref: 'zip.json' }, city: { type: 'string' } } }),
      references: [zip],
    };
    const fields = json({ type: 'object', properties: { to: { $ref: 'address.json' } } }, [address]);
    expect(brief(fields)).toEqual(['to: object', 'to.zip: string', 'to.city: string']);
    expect(fields[1].tags).toEqual(['PII']);
  });

  it('merges the properties of allOf parts and of 2020-12 $refs with siblings', () => {
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      allOf: [{ $ref: '#/$defs/Envelope' }, { type: 'object', properties: { total: { type: 'number' } } }],
      $defs: { Envelope: { type: 'object', properties: { id: { type: 'string' }, at: { type: 'string', format: 'date-time' } } } },
    };
    expect(brief(json(schema))).toEqual(['id: string', 'at: string', 'total: number']);
  });

  it('gives no fields for a schema that is not an object', () => {
    expect(json({ type: 'string' })).toEqual([]);
    expect(json(true)).toEqual([]);
  });
});

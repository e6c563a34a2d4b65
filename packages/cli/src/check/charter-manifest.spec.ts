import { parseManifest } from './charter-manifest';

const parse = (text: string) => parseManifest(text, '/repo/charter.yaml');

describe('charter.yaml', () => {
  it('reads entries with defaults: part value, no references', () => {
    const m = parse(`
compatibility: full
schemas:
  - file: schemas/orders.avsc
    topic: orders
  - glob: "proto/**/*.proto"
    topic: payments
    part: key
    schemaType: protobuf
    compatibility: BACKWARD_TRANSITIVE
    references:
      - { name: common/money.proto, subject: money-value, version: 2 }
`);
    expect(m.root).toBe('/repo');
    expect(m.compatibility).toBe('FULL');
    expect(m.schemas[0]).toEqual({ file: 'schemas/orders.avsc', topic: 'orders', part: 'value', references: [] });
    expect(m.schemas[1]).toMatchObject({
      schemaType: 'PROTOBUF',
      compatibility: 'BACKWARD_TRANSITIVE',
      references: [{ name: 'common/money.proto', subject: 'money-value', version: 2 }],
    });
  });

  it.each([
    ['schemas:\n  - file: a.avsc\n    topic: orders\n    part: body\n', 'schemas[0].part: must be key or value'],
    ['schemas:\n  - file: a.avsc\n', 'schemas[0].topic: is required'],
    ['schemas:\n  - topic: orders\n', 'schemas[0].file: needs exactly one of file or glob'],
    ['schemas:\n  - file: a.avsc\n    glob: "*.avsc"\n    topic: orders\n', 'schemas[0].file: needs exactly one of file or glob'],
    ['schemas:\n  - file: a.avsc\n    topic: orders\n    schemaType: XML\n', 'schemas[0].schemaType: must be one of AVRO, PROTOBUF, JSON'],
    ['schemas:\n  - file: a.avsc\n    topic: orders\n    compatibility: SOMETIMES\n', 'schemas[0].compatibility: must be one of NONE'],
    [
      'schemas:\n  - file: a.avsc\n    topic: orders\n    references: [{ name: X, subject: s, version: 0 }]\n',
      'schemas[0].references[0].version: must be a positive version number or latest',
    ],
    ['schemas:\n  - file: a.avsc\n    topic: "bad topic"\n', 'schemas[0].topic: must be a Kafka topic name'],
    ['schemas:\n  - file: a.avsc\n    topic: orders\n    subjet: x\n', 'schemas[0]: Unrecognized key: "subjet"'],
    ['schema: []\n', 'schemas: must be a list of schema entries'],
  ])('names the field and the rule of a bad manifest (%#)', (text, expected) => {
    expect(() => parse(text)).toThrow(expected);
  });

  it('reports YAML syntax errors with the file', () => {
    expect(() => parse('schemas: [\n')).toThrow(/\/repo\/charter.yaml: invalid YAML/);
  });
});

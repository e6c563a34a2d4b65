import { formatOf } from './formats';
import { equivalenceKey, resolvedSchemaText } from './schema-equivalence';
import { ResolvedReference } from './schema-reference';
import { SchemaType } from './schema-type';

const parse = (type: SchemaType, text: string, refs: ResolvedReference[] = []) => formatOf(type).parse(text, refs, { validate: false });
const key = (type: SchemaType, text: string, refs: ResolvedReference[] = []) => equivalenceKey(parse(type, text, refs));

describe('schema equivalence (docs/reference/confluent-registry.md, part 1.3-6)', () => {
  const money = '{"type":"record","name":"Money","namespace":"shop","fields":[{"name":"cents","type":"long"}]}';
  const moneyRef: ResolvedReference = { name: 'shop.Money', schemaType: 'AVRO', schema: money, references: [] };

  it('Avro: names written relative or full, and properties in any order, are the same schema', () => {
    expect(key('AVRO', '{"type":"record","name":"R","namespace":"a","fields":[{"name":"f","type":"int","x":1,"y":2}]}')).toBe(
      key('AVRO', '{"type":"record","name":"a.R","fields":[{"name":"f","type":"int","y":2,"x":1}]}'),
    );
  });

  it('Avro: a referenced type inlined is the same schema as the reference', () => {
    const withRef = '{"type":"record","name":"Order","namespace":"shop","fields":[{"name":"total","type":"Money"}]}';
    const inlined = `{"type":"record","name":"Order","namespace":"shop","fields":[{"name":"total","type":${money}}]}`;
    expect(key('AVRO', withRef, [moneyRef])).toBe(key('AVRO', inlined));
    expect(resolvedSchemaText(parse('AVRO', withRef, [moneyRef]))).toBe(parse('AVRO', inlined).canonical);
  });

  it('Avro: doc, defaults and aliases make a different schema', () => {
    const base = '{"type":"record","name":"R","fields":[{"name":"f","type":"int"}]}';
    expect(key('AVRO', base)).not.toBe(key('AVRO', base.replace('"name":"R",', '"name":"R","doc":"d",')));
    expect(key('AVRO', base)).not.toBe(key('AVRO', base.replace('"type":"int"', '"type":"int","default":1')));
  });

  it('JSON Schema: key order does not matter, values do', () => {
    expect(key('JSON', '{"type":"object","properties":{"a":{"type":"string"}}}')).toBe(
      key('JSON', '{"properties":{"a":{"type":"string"}},"type":"object"}'),
    );
    expect(key('JSON', '{"type":"object"}')).not.toBe(key('JSON', '{"type":"array"}'));
  });

  it('Protobuf: import order does not matter', () => {
    const refs: ResolvedReference[] = [
      { name: 'a.proto', schemaType: 'PROTOBUF', schema: 'syntax = "proto3"; message A {}', references: [] },
      { name: 'b.proto', schemaType: 'PROTOBUF', schema: 'syntax = "proto3"; message B {}', references: [] },
    ];
    const body = 'message M { A a = 1; B b = 2; }';
    expect(key('PROTOBUF', `syntax = "proto3"; import "a.proto"; import "b.proto"; ${body}`, refs)).toBe(
      key('PROTOBUF', `syntax = "proto3"; import "b.proto"; import "a.proto"; ${body}`, refs),
    );
  });
});

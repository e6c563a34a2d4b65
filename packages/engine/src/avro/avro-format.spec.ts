import { SchemaParseError } from '../schema-parse-error';
import { ResolvedReference } from '../schema-reference';
import { avroFormat } from './avro-format';

const strict = (text: string, refs: ResolvedReference[] = []) => avroFormat.parse(text, refs, { validate: true });
const lenient = (text: string, refs: ResolvedReference[] = []) => avroFormat.parse(text, refs, { validate: false });

function parseError(parse: () => unknown): SchemaParseError {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(SchemaParseError);
    return error as SchemaParseError;
  }
  throw new Error('expected a SchemaParseError');
}

const record = (fields: string) => `{"type":"record","name":"R","namespace":"ns","fields":[${fields}]}`;

describe('avroFormat.parse', () => {
  it('accepts a top-level primitive', () => {
    expect(strict('"string"').canonical).toBe('"string"');
    expect(strict('{"type":"long"}').canonical).toBe('"long"');
  });

  it('rejects a string field whose default is null in strict mode only (fact 32)', () => {
    const text = record('{"name":"f","type":"string","default":null}');
    const error = parseError(() => strict(text));
    expect(error.location).toBe('/fields/0/default');
    expect(error.message).toContain("field 'f' in record 'ns.R'");
    expect(lenient(text).canonical).toContain('"default":null');
  });

  it('names the undefined type and where it is used (fact 32: "type":"str")', () => {
    const error = parseError(() => strict(record('{"name":"f","type":"str"}')));
    expect(error.location).toBe('/fields/0/type');
    expect(error.message).toContain('"str"');
    expect(parseError(() => strict('{"type":"str"}')).location).toBe('/type');
  });

  it('rejects a union default that does not match the first branch', () => {
    const error = parseError(() => strict(record('{"name":"f","type":["null","string"],"default":"x"}')));
    expect(error.message).toContain('first branch');
    expect(strict(record('{"name":"f","type":["string","null"],"default":"x"}')).canonical).toContain('"default":"x"');
  });

  it.each([
    ['int out of range', '{"name":"f","type":"int","default":3000000000}'],
    ['enum default not a symbol', '{"name":"f","type":{"type":"enum","name":"E","symbols":["A"]},"default":"B"}'],
    ['fixed of the wrong length', '{"name":"f","type":{"type":"fixed","name":"F","size":2},"default":"abc"}'],
    ['record missing a field', '{"name":"f","type":{"type":"record","name":"In","fields":[{"name":"x","type":"int"}]},"default":{}}'],
  ])('validates defaults: %s', (_name, field) => {
    expect(parseError(() => strict(record(field))).location).toBe('/fields/0/default');
  });

  it('applies strict name rules to new schemas only', () => {
    const text = '{"type":"record","name":"bad-name","fields":[]}';
    expect(parseError(() => strict(text)).location).toBe('/name');
    expect(lenient(text).canonical).toContain('bad-name');
  });

  it.each([
    ['duplicate field', record('{"name":"a","type":"int"},{"name":"a","type":"long"}'), '/fields/1/name'],
    ['nested union', '["null",["int","long"]]', '/1'],
    ['duplicate union branch', '["int","int"]', '/1'],
    [
      'redefined name',
      record('{"name":"a","type":"ns.R"},{"name":"b","type":{"type":"record","name":"R","fields":[]}}'),
      '/fields/1/type/name',
    ],
    ['enum symbol twice', '{"type":"enum","name":"E","symbols":["A","A"]}', '/symbols/1'],
    ['negative fixed size', '{"type":"fixed","name":"F","size":-1}', '/size'],
    ['array without items', '{"type":"array"}', '/items'],
    ['record without fields', '{"type":"record","name":"R"}', '/fields'],
    ['bad order', record('{"name":"a","type":"int","order":"up"}'), '/fields/0/order'],
    ['null type', 'null', '/'],
  ])('reports structural errors with a JSON pointer: %s', (_name, text, location) => {
    expect(parseError(() => lenient(text)).location).toBe(location);
  });

  it('reports the line and column of a JSON syntax error', () => {
    const error = parseError(() => lenient('{\n  "type": "record",\n  oops\n}'));
    expect(error.location).toMatch(/^line 3, column \d+$/);
  });

  it('resolves named types in the enclosing namespace, then the null namespace', () => {
    const text = `{"type":"record","name":"Top","fields":[
      {"name":"a","type":{"type":"enum","name":"Plain","symbols":["X"]}},
      {"name":"b","type":{"type":"record","name":"In","namespace":"x.y","fields":[
        {"name":"c","type":{"type":"fixed","name":"Hash","size":4}},
        {"name":"d","type":"Hash"},
        {"name":"e","type":"Plain"}]}}]}`;
    expect(() => strict(text)).not.toThrow();
  });

  describe('references', () => {
    const address: ResolvedReference = {
      name: 'com.acme.Address',
      schemaType: 'AVRO',
      schema: '{"type":"record","name":"Address","namespace":"com.acme","fields":[{"name":"country","type":"com.acme.Country"}]}',
      references: [
        {
          name: 'com.acme.Country',
          schemaType: 'AVRO',
          schema: '{"type":"enum","name":"Country","namespace":"com.acme","symbols":["DE","FR"]}',
          references: [],
        },
      ],
    };
    const user =
      '{"type":"record","name":"User","namespace":"com.acme","fields":[{"name":"home","type":"Address"},{"name":"born","type":"com.acme.Country"}]}';

    it('makes the named types of transitive references available and writes them by name', () => {
      const parsed = strict(user, [address]);
      expect(parsed.canonical).toBe(
        '{"type":"record","name":"User","namespace":"com.acme","fields":[{"name":"home","type":"Address"},{"name":"born","type":"Country"}]}',
      );
    });

    it('fails with the missing name when a reference is not supplied', () => {
      const error = parseError(() => strict(user));
      expect(error.message).toContain('"Address"');
      expect(error.location).toBe('/fields/0/type');
    });

    it('locates errors inside a reference and rejects non-Avro references', () => {
      const broken = { ...address, references: [], schema: '{"type":"record","name":"Address","fields":[{"name":"x","type":"nope"}]}' };
      expect(parseError(() => strict(user, [broken])).location).toBe("reference 'com.acme.Address' /fields/0/type");
      const proto = { ...address, schemaType: 'PROTOBUF' };
      expect(parseError(() => strict(user, [proto])).message).toContain('PROTOBUF');
    });

    it('lets the reference checks see the resolved types', () => {
      const v1 = strict(user, [address]);
      const v2 = strict(user.replace('"born","type":"com.acme.Country"', '"born","type":"string"'), [address]);
      expect(avroFormat.readerIssues(v2, v1).map((i) => i.kind)).toEqual(['TYPE_MISMATCH']);
    });
  });
});

import { avroFormat } from './avro-format';
import { AVRO_KIND_NAMES, AVRO_KINDS } from './avro-kinds';

const parse = (text: string) => avroFormat.parse(text, [], { validate: false });
const issues = (reader: string, writer: string) => avroFormat.readerIssues(parse(reader), parse(writer));
const record = (fields: string, name = 'R') => `{"type":"record","name":"${name}","namespace":"ns","fields":[${fields}]}`;

describe('Avro reader/writer rules', () => {
  it('declares a readable label for each of the six kinds', () => {
    expect(AVRO_KIND_NAMES.sort()).toEqual([
      'FIXED_SIZE_MISMATCH',
      'MISSING_ENUM_SYMBOLS',
      'MISSING_UNION_BRANCH',
      'NAME_MISMATCH',
      'READER_FIELD_MISSING_DEFAULT_VALUE',
      'TYPE_MISMATCH',
    ]);
    for (const kind of AVRO_KIND_NAMES) expect(AVRO_KINDS[kind].label.length).toBeGreaterThan(10);
  });

  it.each([
    ['long', 'int'],
    ['float', 'int'],
    ['float', 'long'],
    ['double', 'int'],
    ['double', 'long'],
    ['double', 'float'],
    ['bytes', 'string'],
    ['string', 'bytes'],
  ])('%s reads %s (promotion)', (reader, writer) => {
    expect(issues(`"${reader}"`, `"${writer}"`)).toEqual([]);
  });

  it.each([
    ['int', 'long'],
    ['long', 'double'],
    ['float', 'double'],
    ['int', 'string'],
    ['boolean', 'int'],
    ['null', 'string'],
  ])('%s cannot read %s', (reader, writer) => {
    expect(issues(`"${reader}"`, `"${writer}"`)).toEqual([{ kind: 'TYPE_MISMATCH', path: '/', message: expect.stringContaining(writer) }]);
  });

  it('ignores logical types and compares the underlying type', () => {
    expect(issues('{"type":"long","logicalType":"timestamp-micros"}', '{"type":"int","logicalType":"date"}')).toEqual([]);
    expect(
      issues(
        '{"type":"bytes","logicalType":"decimal","precision":9,"scale":2}',
        '{"type":"bytes","logicalType":"decimal","precision":4,"scale":1}',
      ),
    ).toEqual([]);
  });

  it('reports a missing default with the field, record and path, and collects every problem', () => {
    const result = issues(
      record('{"name":"a","type":"int"},{"name":"amount","type":"long"},{"name":"c","type":"string"}', 'Payment'),
      record('{"name":"a","type":"string"}', 'Payment'),
    );
    expect(result).toEqual([
      { kind: 'TYPE_MISMATCH', path: '/fields/0/type', message: expect.stringContaining("Field 'a' in record 'ns.Payment'") },
      {
        kind: 'READER_FIELD_MISSING_DEFAULT_VALUE',
        path: '/fields/1',
        message: "Field 'amount' in record 'ns.Payment' has no default, so it cannot be read from data written without it.",
      },
      { kind: 'READER_FIELD_MISSING_DEFAULT_VALUE', path: '/fields/2', message: expect.stringContaining("'c'") },
    ]);
  });

  it('matches reader fields by alias, and reports an ambiguous match', () => {
    expect(issues(record('{"name":"b","type":"int","aliases":["a"]}'), record('{"name":"a","type":"int"}'))).toEqual([]);
    const ambiguous = issues(
      record('{"name":"b","type":"int","aliases":["a"]}'),
      record('{"name":"a","type":"int"},{"name":"b","type":"int"}'),
    );
    expect(ambiguous.map((i) => [i.kind, i.path])).toEqual([['NAME_MISMATCH', '/fields/0']]);
  });

  it('compares unqualified names, then reader aliases against the writer full name', () => {
    expect(issues('{"type":"fixed","name":"a.F","size":2}', '{"type":"fixed","name":"b.F","size":2}')).toEqual([]);
    expect(issues('{"type":"fixed","name":"a.G","size":2,"aliases":["b.F"]}', '{"type":"fixed","name":"b.F","size":2}')).toEqual([]);
    const renamed = issues('{"type":"fixed","name":"a.G","size":2,"aliases":["a.F"]}', '{"type":"fixed","name":"b.F","size":2}');
    expect(renamed).toEqual([{ kind: 'NAME_MISMATCH', path: '/name', message: expect.stringContaining("'b.F'") }]);
  });

  it('reports fixed size and enum symbols at /size and /symbols', () => {
    expect(issues('{"type":"fixed","name":"F","size":2}', '{"type":"fixed","name":"F","size":3}')).toEqual([
      { kind: 'FIXED_SIZE_MISMATCH', path: '/size', message: expect.stringContaining('2 bytes in the reader but 3') },
    ]);
    const enumIssues = issues('{"type":"enum","name":"E","symbols":["A"]}', '{"type":"enum","name":"E","symbols":["C","A","B"]}');
    expect(enumIssues).toEqual([{ kind: 'MISSING_ENUM_SYMBOLS', path: '/symbols', message: expect.stringContaining('[B, C]') }]);
    expect(issues('{"type":"enum","name":"E","symbols":["A"],"default":"A"}', '{"type":"enum","name":"E","symbols":["A","B"]}')).toEqual(
      [],
    );
  });

  it('locates problems inside arrays, maps and union branches', () => {
    expect(issues('{"type":"array","items":"int"}', '{"type":"array","items":"long"}')[0].path).toBe('/items');
    expect(issues('{"type":"map","values":"int"}', '{"type":"map","values":"long"}')[0].path).toBe('/values');
    expect(issues('["null","int"]', '["null","int","string"]')).toEqual([
      { kind: 'MISSING_UNION_BRANCH', path: '/2', message: expect.stringContaining('string') },
    ]);
    expect(issues('["null","int"]', '"string"')).toEqual([
      { kind: 'MISSING_UNION_BRANCH', path: '/', message: expect.stringContaining('no branch') },
    ]);
  });

  it('checks each writer union branch against a non-union reader, as Avro does (kind of the branch problem)', () => {
    expect(issues('"string"', '["null","string"]')).toEqual([{ kind: 'TYPE_MISMATCH', path: '/0', message: expect.any(String) }]);
  });

  it('explains why a union branch cannot be read', () => {
    const reader = `["null",${record('{"name":"a","type":"int"},{"name":"b","type":"int"}')}]`;
    const writer = `["null",${record('{"name":"a","type":"int"}')}]`;
    const [issue] = issues(reader, writer);
    expect(issue.kind).toBe('MISSING_UNION_BRANCH');
    expect(issue.message).toContain("Field 'b' in record 'ns.R' has no default");
  });

  it('terminates on recursive and mutually recursive types', () => {
    const list = (extra: string) => record(`{"name":"value","type":"int"},{"name":"next","type":["null","ns.R"]}${extra}`);
    expect(issues(list(''), list(''))).toEqual([]);
    expect(issues(list(',{"name":"x","type":"int"}'), list('')).map((i) => i.kind)).toEqual(['READER_FIELD_MISSING_DEFAULT_VALUE']);
    const mutual = (extra: string) =>
      record(`{"name":"b","type":{"type":"record","name":"B","fields":[{"name":"a","type":["null","R"]}${extra}]}}`);
    expect(issues(mutual(''), mutual(''))).toEqual([]);
    expect(issues(mutual(',{"name":"y","type":"string"}'), mutual(''))[0].path).toBe('/fields/0/type/fields/1');
  });

  it('reports a problem of a named type used twice once', () => {
    const inner = '{"type":"enum","name":"E","symbols":["A"]}';
    const reader = record(`{"name":"x","type":${inner}},{"name":"y","type":"E"}`);
    const writer = record(`{"name":"x","type":${inner.replace('["A"]', '["A","B"]')}},{"name":"y","type":"E"}`);
    expect(issues(reader, writer)).toHaveLength(1);
  });
});

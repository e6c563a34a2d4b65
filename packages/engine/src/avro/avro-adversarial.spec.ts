import { randomBytes } from 'node:crypto';
import { SCHEMA_LIMITS } from '../limits';
import { SchemaParseError } from '../schema-parse-error';
import { ResolvedReference } from '../schema-reference';
import { avroFormat } from './avro-format';

/** Hostile or accidental input: each must end in a SchemaParseError or a verdict, in bounded time. */
const strict = (text: string, refs: ResolvedReference[] = []) => avroFormat.parse(text, refs, { validate: true });

function timed<T>(label: string, run: () => T): T {
  const started = process.hrtime.bigint();
  try {
    return run();
  } finally {
    console.log(`${label}: ${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(1)} ms`);
  }
}

function parseError(run: () => unknown): SchemaParseError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SchemaParseError);
    return error as SchemaParseError;
  }
  throw new Error('expected a SchemaParseError');
}

function nestedRecords(levels: number): string {
  let text = '"int"';
  for (let i = levels; i > 0; i--) text = `{"type":"record","name":"R${i}","fields":[{"name":"f","type":${text}}]}`;
  return text;
}

const wideRecord = (fields: number, extra = '') =>
  `{"type":"record","name":"Wide","fields":[${Array.from({ length: fields }, (_, i) => `{"name":"f${i}","type":"int"}`).join(',')}${extra}]}`;

describe('Avro adversarial input', () => {
  it('rejects a 1,000-level nested record at the depth limit without overflowing the stack', () => {
    const error = timed('1,000-level nested record', () => parseError(() => strict(nestedRecords(1000))));
    expect(error.message).toContain(`more than ${SCHEMA_LIMITS.maxDepth} levels`);
  });

  it('rejects 100,000 nested unions/arrays in JSON without overflowing the stack', () => {
    expect(parseError(() => strict(`${'['.repeat(100_000)}"int"${']'.repeat(100_000)}`)).message).toContain('union');
    const arrays = `${'{"type":"array","items":'.repeat(100_000)}"int"${'}'.repeat(100_000)}`;
    expect(timed('100,000 nested arrays', () => parseError(() => strict(arrays))).message).toContain('levels');
  });

  it('accepts nesting just inside the limit', () => {
    const deep = nestedRecords(SCHEMA_LIMITS.maxDepth / 2 - 1);
    expect(avroFormat.readerIssues(strict(deep), strict(deep))).toEqual([]);
  });

  it('checks a 10,000-field record in bounded time and finds the one problem', () => {
    const old = strict(wideRecord(10_000));
    const next = strict(wideRecord(10_000, ',{"name":"extra","type":"string"}'));
    const issues = timed('10,000-field record check', () => avroFormat.readerIssues(next, old));
    expect(issues.map((i) => [i.kind, i.path])).toEqual([['READER_FIELD_MISSING_DEFAULT_VALUE', '/fields/10000']]);
    const started = Date.now();
    avroFormat.readerIssues(old, next);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('handles a 100,000-symbol enum', () => {
    const symbols = (n: number) => Array.from({ length: n }, (_, i) => `"S${i}"`).join(',');
    const old = timed('100,000-symbol enum parse', () => strict(`{"type":"enum","name":"Big","symbols":[${symbols(100_000)}]}`));
    const fewer = strict(`{"type":"enum","name":"Big","symbols":[${symbols(99_999)}]}`);
    const issues = timed('100,000-symbol enum check', () => avroFormat.readerIssues(fewer, old));
    expect(issues.map((i) => i.kind)).toEqual(['MISSING_ENUM_SYMBOLS']);
    expect(avroFormat.readerIssues(old, fewer)).toEqual([]);
  });

  it('rejects more named types, fields and symbols than the node limit', () => {
    const symbols = Array.from({ length: SCHEMA_LIMITS.maxNodes + 1 }, (_, i) => `"S${i}"`).join(',');
    expect(parseError(() => strict(`{"type":"enum","name":"Huge","symbols":[${symbols}]}`)).message).toContain('more than');
  });

  it('terminates on a linked list, mutual recursion and a recursive default nested 10,000 deep', () => {
    const list = '{"type":"record","name":"Node","fields":[{"name":"v","type":"int"},{"name":"next","type":["null","Node"]}]}';
    expect(avroFormat.readerIssues(strict(list), strict(list))).toEqual([]);
    const mutual =
      '{"type":"record","name":"A","fields":[{"name":"b","type":["null",{"type":"record","name":"B","fields":[{"name":"a","type":["null","A"]}]}]}]}';
    expect(avroFormat.readerIssues(strict(mutual), strict(mutual))).toEqual([]);
    let value = '{"children":[]}';
    for (let i = 0; i < 10_000; i++) value = `{"children":[${value}]}`;
    const tree = `{"type":"record","name":"T","fields":[{"name":"children","type":{"type":"array","items":"T"}},{"name":"x","type":"T","default":${value}}]}`;
    expect(parseError(() => strict(tree)).location).toBe('/fields/1');
    expect(parseError(() => avroFormat.parse(tree, [], { validate: false })).message).toContain('nested more than');
  });

  it('rejects invalid UTF-8 and binary garbage as invalid JSON', () => {
    const garbage = randomBytes(4096).toString('utf8');
    expect(parseError(() => strict(garbage)).message).toMatch(/not valid JSON|empty/);
    const latin1 = Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]).toString('utf8');
    expect(parseError(() => strict(latin1)).message).toContain('not valid JSON');
    expect(parseError(() => strict('\u0000\u0001')).message).toContain('not valid JSON');
    expect(parseError(() => strict('{"type":"record","name":"\ud800","fields":[]}')).location).toBe('/name');
  });

  it('rejects schema text above maxSchemaBytes before parsing it', () => {
    const huge = `"${' '.repeat(SCHEMA_LIMITS.maxSchemaBytes)}"`;
    const error = timed('oversized schema', () => parseError(() => strict(huge)));
    expect(error.message).toContain(`limit of ${SCHEMA_LIMITS.maxSchemaBytes} bytes`);
  });

  it('reports an unresolvable reference name, reference cycles end, and the reference count is limited', () => {
    const user = '{"type":"record","name":"User","fields":[{"name":"a","type":"com.acme.Missing"}]}';
    const ref: ResolvedReference = { name: 'com.acme.Other', schemaType: 'AVRO', schema: '"string"', references: [] };
    expect(parseError(() => strict(user, [ref])).message).toContain('com.acme.Missing');

    const a: ResolvedReference = { name: 'A', schemaType: 'AVRO', schema: '{"type":"fixed","name":"A","size":1}', references: [] };
    const b: ResolvedReference = { name: 'B', schemaType: 'AVRO', schema: '{"type":"fixed","name":"B","size":1}', references: [a] };
    a.references.push(b);
    expect(strict('["A","B"]', [a]).canonical).toBe('["A","B"]');

    const many = Array.from({ length: SCHEMA_LIMITS.maxReferences + 1 }, (_, i) => ({ ...ref, name: `R${i}` }));
    expect(parseError(() => strict('"int"', many)).message).toContain('references');
  });
});

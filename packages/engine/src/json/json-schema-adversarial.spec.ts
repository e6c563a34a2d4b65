import { SCHEMA_LIMITS } from '../limits';
import { SchemaParseError } from '../schema-parse-error';
import { jsonSchemaFormat } from './json-schema-format';

/** Hostile or accidental inputs end in a SchemaParseError or a verdict, in bounded time. */
function timed<T>(label: string, run: () => T): T {
  const start = performance.now();
  try {
    return run();
  } finally {
    console.log(`${label}: ${(performance.now() - start).toFixed(1)} ms`);
  }
}

const parse = (text: string, validate = true) => jsonSchemaFormat.parse(text, [], { validate });

function nestedObjects(levels: number): string {
  let schema = '{"type":"string"}';
  for (let i = 0; i < levels; i++) schema = `{"type":"object","properties":{"a":${schema}}}`;
  return schema;
}

describe('JSON Schema adversarial inputs', () => {
  it('rejects 1,000-level nested objects with a depth error, not a stack overflow', () => {
    for (const validate of [true, false]) {
      expect(() => timed(`1,000-level nesting (validate=${validate})`, () => parse(nestedObjects(1000), validate))).toThrow(
        /nested more than/,
      );
    }
  });

  it('accepts nesting within the limit', () => {
    const deep = parse(nestedObjects(SCHEMA_LIMITS.maxDepth - 2));
    expect(timed('254-level nesting self-check', () => jsonSchemaFormat.readerIssues(deep, deep))).toEqual([]);
  });

  it('rejects a million opening brackets without exhausting the stack', () => {
    expect(() => timed('1,000,000 brackets', () => parse('['.repeat(1_000_000)))).toThrow(SchemaParseError);
  });

  it('checks a 10,000-property object in bounded time', () => {
    const properties = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`p${i}`, { type: 'string' }]));
    const before = parse(JSON.stringify({ type: 'object', properties }));
    const after = parse(
      JSON.stringify({ type: 'object', properties: { ...properties, p5000: { type: 'integer' }, extra: { type: 'string' } } }),
    );
    const issues = timed('10,000-property check', () => jsonSchemaFormat.readerIssues(after, before));
    expect(issues.map((i) => i.kind).sort()).toEqual(['OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL', 'TYPE_CHANGED']);
  }, 20_000);

  it('compares 100,000-value enums in bounded time', () => {
    const values = Array.from({ length: 100_000 }, (_, i) => `v${i}`);
    const before = timed('100,000-value enum parse', () => parse(JSON.stringify({ enum: values })));
    const after = parse(JSON.stringify({ enum: values.slice(1) }));
    expect(timed('100,000-value enum check', () => jsonSchemaFormat.readerIssues(after, before)).map((i) => i.kind)).toEqual([
      'ENUM_ARRAY_NARROWED',
    ]);
  }, 20_000);

  it('terminates on self- and mutually recursive $refs', () => {
    const self = parse('{"type":"object","properties":{"child":{"$ref":"#"},"n":{"type":"integer"}}}');
    const selfWider = parse('{"type":"object","properties":{"child":{"$ref":"#"},"n":{"type":"number"}}}');
    expect(timed('self-recursive check', () => jsonSchemaFormat.readerIssues(selfWider, self))).toEqual([]);
    const mutual = (leaf: string) =>
      parse(
        `{"definitions":{"a":{"type":"object","properties":{"b":{"$ref":"#/definitions/b"}}},"b":{"type":"object","properties":{"a":{"$ref":"#/definitions/a"},"v":{"type":"${leaf}"}}}},"$ref":"#/definitions/a"}`,
      );
    expect(jsonSchemaFormat.readerIssues(mutual('string'), mutual('integer')).map((i) => i.kind)).toEqual(['TYPE_CHANGED']);
  });

  it('rejects a $ref cycle that never reaches a schema', () => {
    expect(() =>
      parse('{"definitions":{"a":{"$ref":"#/definitions/b"},"b":{"$ref":"#/definitions/a"}},"$ref":"#/definitions/a"}', false),
    ).toThrow(/\$ref cycle/);
  });

  it('rejects binary garbage and invalid UTF-8 as invalid JSON', () => {
    const garbage = Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0xc3, 0x28, 0x22]).toString('utf8');
    expect(() => parse(garbage)).toThrow(/not valid JSON/);
    expect(() => parse('{"type": "str\u0001ing"}')).toThrow(/control character/);
  });

  it('rejects text over maxSchemaBytes before parsing it', () => {
    const huge = `{"description":"${'x'.repeat(SCHEMA_LIMITS.maxSchemaBytes)}"}`;
    expect(() => timed('oversized schema', () => parse(huge))).toThrow(/more than the limit/);
  });

  it('rejects unresolvable $refs and non-schema documents', () => {
    expect(() => parse('{"$ref":"https://example.com/missing.json"}', false)).toThrow(/does not resolve/);
    expect(() => parse('"just a string"')).toThrow(/must be an object or a boolean/);
    expect(() => parse('{"pattern":"("}')).toThrow(SchemaParseError);
  });
});

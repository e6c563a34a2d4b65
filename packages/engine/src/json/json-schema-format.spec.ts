import { SchemaParseError } from '../schema-parse-error';
import { jsonSchemaDifferences, jsonSchemaFormat, jsonSchemaFormatWith } from './json-schema-format';
import { JSON_SCHEMA_KINDS } from './json-schema-kinds';

const parse = (schema: unknown, options = { validate: true }) => jsonSchemaFormat.parse(JSON.stringify(schema), [], options);
const parseError = (text: string): SchemaParseError => {
  try {
    jsonSchemaFormat.parse(text, [], { validate: true });
  } catch (error) {
    if (error instanceof SchemaParseError) return error;
    throw error;
  }
  throw new Error(`expected a SchemaParseError for ${text}`);
};

describe('JSON Schema parsing', () => {
  it.each([
    ['{"type": "object",\n  "properties": {"a" {}}}', 'line 2, column 22'],
    ['{"type": "string"', 'line 1, column 18'],
    ['{"type": "string"} x', 'line 1, column 20'],
    ['\u0000\u00ff', 'line 1, column 1'],
  ])('names the line and column of a JSON syntax error in %j', (text, location) => {
    const error = parseError(text);
    expect(error.location).toBe(location);
    expect(error.message).toMatch(/not valid JSON/);
  });

  it.each([
    ['{"type": 5}', '#/type', /allowed values/],
    ['{"required": "x"}', '#/required', /must be array/],
    ['{"properties": {"a": {"minLength": -1}}}', '#/properties/a/minLength', /must be >= 0/],
    ['{"$schema": "http://json-schema.org/draft-04/schema#", "maximum": 5, "exclusiveMaximum": 3}', '#/exclusiveMaximum', /boolean/],
    ['{"$schema": "http://example.com/my-meta"}', '#/$schema', /Unsupported \$schema/],
  ])('rejects the structurally invalid schema %s at its JSON path', (text, location, rule) => {
    const error = parseError(text);
    expect(error.location).toBe(location);
    expect(error.message).toMatch(rule);
  });

  it('tolerates unknown keywords such as connect.type and custom tags', () => {
    expect(() => parse({ type: 'string', 'connect.type': 'bytes', 'x-pii': true, confluent: { tags: ['PII'] } })).not.toThrow();
  });

  it('rejects a $ref that resolves nowhere, internal or external', () => {
    expect(parseError('{"$ref": "#/definitions/missing"}').message).toMatch(/resolve/);
    expect(parseError('{"properties": {"a": {"$ref": "other.json"}}}').message).toMatch(/other\.json/);
    expect(() => jsonSchemaFormat.parse('{"$ref": "#/definitions/missing"}', [], { validate: false })).toThrow(/does not resolve/);
  });

  it('resolves $ref through supplied references, transitively', () => {
    const inner = { name: 'zip.json', schemaType: 'JSON', schema: '{"type": "string"}', references: [] };
    const outer = {
      name: 'address.json',
      schemaType: 'JSON',
      schema: '{"type":"object","properties":{"zip":{"$ref":"zip.json"}}}',
      references: [inner],
    };
    const schema = jsonSchemaFormat.parse('{"properties": {"home": {"$ref": "address.json"}}}', [outer], { validate: true });
    const inline = parse({ properties: { home: { type: 'object', properties: { zip: { type: 'string' } } } } });
    expect(jsonSchemaFormat.readerIssues(schema, inline)).toEqual([]);
  });

  it('accepts every supported draft', () => {
    for (const $schema of [
      'http://json-schema.org/draft-04/schema#',
      'http://json-schema.org/draft-06/schema#',
      'http://json-schema.org/draft-07/schema#',
      'https://json-schema.org/draft/2019-09/schema',
      'https://json-schema.org/draft/2020-12/schema',
    ]) {
      expect(parse({ $schema, type: 'object' }).schemaType).toBe('JSON');
    }
  });
});

describe('JSON Schema canonical form', () => {
  it('ignores whitespace but keeps key order', () => {
    const a = jsonSchemaFormat.parse('{ "type" : "object",\n  "properties": { "a": {"type": "string"} } }', []);
    const b = jsonSchemaFormat.parse('{"type":"object","properties":{"a":{"type":"string"}}}', []);
    const reordered = jsonSchemaFormat.parse('{"properties":{"a":{"type":"string"}},"type":"object"}', []);
    expect(a.canonical).toBe('{"type":"object","properties":{"a":{"type":"string"}}}');
    expect(b.canonical).toBe(a.canonical);
    expect(reordered.canonical).not.toBe(a.canonical);
  });

  it('changes with a description or a default', () => {
    const base = parse({ type: 'string' }).canonical;
    expect(parse({ type: 'string', description: 'x' }).canonical).not.toBe(base);
    expect(parse({ type: 'string', default: 'x' }).canonical).not.toBe(base);
  });

  it('sorts keys recursively when normalising', () => {
    const normalised = jsonSchemaFormat.parse(
      '{"type":"object","properties":{"b":{"type":"string"},"a":{"maxLength":2,"type":"string"}}}',
      [],
      { normalize: true },
    );
    expect(normalised.canonical).toBe('{"properties":{"a":{"maxLength":2,"type":"string"},"b":{"type":"string"}},"type":"object"}');
  });
});

describe('JSON Schema policies', () => {
  const lenient = jsonSchemaFormatWith({ policy: 'LENIENT' });
  const open = parse({ type: 'object', properties: { id: { type: 'string' } } });
  const withEmail = parse({ type: 'object', properties: { id: { type: 'string' }, email: { type: 'string' } } });
  const withRequiredEmail = parse({
    type: 'object',
    properties: { id: { type: 'string' }, email: { type: 'string' } },
    required: ['email'],
  });

  it('STRICT rejects an optional property added to an open object; LENIENT accepts it', () => {
    expect(jsonSchemaFormat.readerIssues(withEmail, open).map((i) => i.kind)).toEqual(['OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL']);
    expect(lenient.readerIssues(withEmail, open)).toEqual([]);
  });

  it('LENIENT still rejects a required property added to an open object', () => {
    expect(lenient.readerIssues(withRequiredEmail, open).map((i) => i.kind)).toEqual(['REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL']);
  });

  it('LENIENT accepts the same addition inside a union branch, where STRICT finds no compatible pairing', () => {
    const oldUnion = parse({ oneOf: [{ type: 'object', properties: { id: { type: 'string' } } }, { type: 'integer' }] });
    const newUnion = parse({
      oneOf: [{ type: 'object', properties: { id: { type: 'string' }, x: { type: 'string' } } }, { type: 'integer' }],
    });
    expect(jsonSchemaFormat.readerIssues(newUnion, oldUnion).map((i) => i.kind)).toEqual(['COMBINED_TYPE_SUBSCHEMAS_CHANGED']);
    expect(lenient.readerIssues(newUnion, oldUnion)).toEqual([]);
  });

  it('keeps the full diff, compatible differences included, for schema diff views', () => {
    const before = parse({ type: 'object', title: 'A', properties: { n: { type: 'integer', maximum: 5 } } });
    const after = parse({ type: 'object', title: 'B', properties: { n: { type: 'number', maximum: 9 } } });
    expect(jsonSchemaDifferences(after, before)).toEqual([
      { kind: 'TITLE_CHANGED', path: '#', from: 'A', to: 'B' },
      { kind: 'MAXIMUM_INCREASED', path: '#/properties/n/maximum', from: '5', to: '9' },
      { kind: 'TYPE_EXTENDED', path: '#/properties/n/type', from: 'integer', to: 'number' },
    ]);
  });

  it('writes every message as a sentence with the property name filled in', () => {
    const [issue] = jsonSchemaFormat.readerIssues(withEmail, open);
    expect(issue.message).toBe(
      "Property 'email' was added to an open object; data written with the writer schema may already carry 'email' with any type.",
    );
    for (const rule of Object.values(JSON_SCHEMA_KINDS)) expect(rule.message).toMatch(/^[A-Z"'`a-z].{15,}\.$/);
  });
});

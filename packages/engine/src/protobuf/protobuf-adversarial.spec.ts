import { SCHEMA_LIMITS } from '../limits';
import { ParsedSchema } from '../schema-format';
import { SchemaParseError } from '../schema-parse-error';
import { ResolvedReference } from '../schema-reference';
import { protobufFormat } from './protobuf-format';

/** Hostile or absurd input: each ends in a clear SchemaParseError or a verdict, in bounded time. */
function timed<T>(label: string, run: () => T): T {
  const start = performance.now();
  const result = run();
  console.log(`${label}: ${(performance.now() - start).toFixed(1)} ms`);
  return result;
}

function parseError(text: string, refs: ResolvedReference[] = []): SchemaParseError {
  try {
    protobufFormat.parse(text, refs);
  } catch (error) {
    expect(error).toBeInstanceOf(SchemaParseError);
    return error as SchemaParseError;
  }
  throw new Error('expected a SchemaParseError');
}

const p3 = (body: string) => `syntax = "proto3";\npackage deep;\n${body}\n`;

describe('Protobuf adversarial inputs', () => {
  it('refuses 1,000 levels of nested message declarations with a depth error', () => {
    const text = p3(`${'message M { '.repeat(1000)}int32 x = 1;${' }'.repeat(1000)}`);
    const error = timed('1,000 nested declarations', () => parseError(text));
    expect(error.message).toContain('nested more than 32 levels');
  });

  it('refuses a 1,000-long chain of message-typed fields with a depth error', () => {
    const chain = Array.from({ length: 1000 }, (_, i) => `message M${i} { ${i < 999 ? `M${i + 1} next = 1;` : 'int32 end = 1;'} }`).join(
      '\n',
    );
    const error = timed('1,000-message reference chain', () => parseError(p3(chain)));
    expect(error.message).toContain(`more than ${SCHEMA_LIMITS.maxDepth} levels deep`);
  });

  it('gives a verdict on a 10,000-field message in bounded time', () => {
    const start = performance.now();
    const fields = (type: string) =>
      Array.from({ length: 10_000 }, (_, i) => `${i === 5000 ? type : 'int32'} f${i} = ${i + 1};`).join('\n');
    const before = timed('10,000-field parse', () => protobufFormat.parse(p3(`message Wide {\n${fields('int32')}\n}`), []));
    const after = protobufFormat.parse(p3(`message Wide {\n${fields('string')}\n}`), []);
    const issues = timed('10,000-field check', () => protobufFormat.readerIssues(after, before));
    expect(issues.map((i) => i.path)).toEqual(['#/Wide/5001']);
    expect(performance.now() - start).toBeLessThan(10_000); // loose: protobufjs alone was quadratic (~20 s)
  });

  it('gives a verdict on a 100,000-value enum', () => {
    const values = (n: number) => Array.from({ length: n }, (_, i) => `V${i} = ${i};`).join('\n');
    const before = timed('100,000-value enum parse', () =>
      protobufFormat.parse(p3(`enum Big {\n${values(100_000)}\n}\nmessage M { Big b = 1; }`), []),
    );
    const after = protobufFormat.parse(p3(`enum Big {\n${values(99_999)}\n}\nmessage M { Big b = 1; }`), []);
    expect(timed('100,000-value enum check', () => protobufFormat.readerIssues(after, before))).toEqual([]);
  });

  it('handles self- and mutually recursive messages', () => {
    const text = (t: string) =>
      p3(`message Node { ${t} v = 1; repeated Node kids = 2; Edge e = 3; }\nmessage Edge { Node from = 1; Node to = 2; }`);
    const a = protobufFormat.parse(text('string'), []);
    const b = protobufFormat.parse(text('int64'), []);
    expect(protobufFormat.readerIssues(a, a)).toEqual([]);
    expect(protobufFormat.readerIssues(b, a).map((i) => i.kind)).toEqual(['FIELD_SCALAR_KIND_CHANGED']);
  });

  it.each([
    ['invalid UTF-8', Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0x00, 0x41]).toString('latin1')],
    ['binary garbage', String.fromCharCode(...Array.from({ length: 256 }, (_, i) => (i * 37) % 256))],
    ['base64 of garbage', Buffer.from('not a descriptor at all, really').toString('base64')],
    ['an empty string', ''],
  ])('refuses %s that is neither .proto nor a descriptor', (_name, text) => {
    if (text === '') {
      // An empty .proto file is valid proto2 with nothing in it; it must still give a result.
      expect(protobufFormat.parse(text, []).canonical).toBe('syntax = "proto2";\n');
      return;
    }
    expect(timed(`garbage (${_name})`, () => parseError(text)).message.length).toBeGreaterThan(10);
  });

  it('refuses text over maxSchemaBytes before parsing it', () => {
    const text = `syntax = "proto3";\n//${'x'.repeat(SCHEMA_LIMITS.maxSchemaBytes)}`;
    expect(timed('oversized schema', () => parseError(text)).message).toContain(`larger than ${SCHEMA_LIMITS.maxSchemaBytes} bytes`);
  });

  it('refuses an unresolvable import and an import cycle', () => {
    expect(parseError('syntax = "proto3";\nimport "missing.proto";').message).toContain("Import 'missing.proto'");
    const cycle: ResolvedReference[] = [
      { name: 'a.proto', schemaType: 'PROTOBUF', schema: 'syntax = "proto3";\nimport "b.proto";', references: [] },
      { name: 'b.proto', schemaType: 'PROTOBUF', schema: 'syntax = "proto3";\nimport "a.proto";', references: [] },
    ];
    expect(parseError('syntax = "proto3";\nimport "a.proto";', cycle).message).toContain('Import cycle');
  });

  it('refuses more references than maxReferences', () => {
    const refs: ResolvedReference[] = Array.from({ length: SCHEMA_LIMITS.maxReferences + 1 }, (_, i) => ({
      name: `r${i}.proto`,
      schemaType: 'PROTOBUF',
      schema: 'syntax = "proto3";',
      references: [],
    }));
    expect(parseError('syntax = "proto3";', refs).message).toContain('references');
  });

  it('keeps the verdict of a deep but legal chain', () => {
    const chain = (t: string) =>
      p3(Array.from({ length: 200 }, (_, i) => `message M${i} { ${i < 199 ? `M${i + 1} next = 1;` : `${t} end = 1;`} }`).join('\n'));
    const a: ParsedSchema = protobufFormat.parse(chain('int32'), []);
    const b: ParsedSchema = protobufFormat.parse(chain('string'), []);
    expect(protobufFormat.readerIssues(b, a).map((i) => i.path)).toEqual(['#/M199/1']);
  });
});

import { SchemaParseError } from '../schema-parse-error';
import { ResolvedReference } from '../schema-reference';
import { toSerializedDescriptor } from './protobuf-descriptor';
import { protobufFormat } from './protobuf-format';

const parse = (text: string, refs: ResolvedReference[] = [], normalize = false) => protobufFormat.parse(text, refs, { normalize });

function parseError(text: string, refs: ResolvedReference[] = []): SchemaParseError {
  try {
    parse(text, refs);
  } catch (error) {
    expect(error).toBeInstanceOf(SchemaParseError);
    return error as SchemaParseError;
  }
  throw new Error('expected a SchemaParseError');
}

const ref = (name: string, schema: string, references: ResolvedReference[] = []): ResolvedReference => ({
  name,
  schemaType: 'PROTOBUF',
  schema,
  references,
});

const FULL = `syntax = "proto3";
package acme.payments;

import "google/protobuf/timestamp.proto";

option java_package = "com.acme";
option optimize_for = SPEED;

// A payment.
message Payment {
  option deprecated = true;
  string id = 1 [json_name = "paymentId"];
  optional int64 cents = 2;
  repeated string tags = 3 [packed = false];
  map<string, Line> lines = 4;
  oneof method {
    string card = 5;
    Line voucher = 6;
  }
  google.protobuf.Timestamp at = 7;
  Status status = 8 [deprecated = true];
  reserved 10, 12 to 15, 100 to max;
  reserved "legacy";
  message Line { int32 qty = 1; }
  enum Status { option allow_alias = true; NEW = 0; DONE = 1; FINISHED = 1 [deprecated = true]; reserved 7; }
}

service Payments {
  rpc Get(Payment) returns (stream Payment) { option deprecated = true; }
}
`;

describe('protobufFormat.parse: errors', () => {
  it('reports syntax errors with line:column and what is wrong', () => {
    const error = parseError('syntax = "proto3";\nmessage A {\n  int32 a 1;\n}');
    expect(error.location).toBe('3:11');
    expect(error.message).toContain("expected '=' but found '1'");
  });

  it('points at a missing name', () => {
    expect(parseError('syntax = "proto3";\nmessage A {\n  int32 = 2;\n}').location).toBe('3:9');
  });

  it('reports an unterminated message at the end of input', () => {
    const error = parseError('syntax = "proto3";\nmessage A {\n  int32 a = 1;\n');
    expect(error.message).toContain('end of input');
    expect(error.location).toMatch(/^4:\d+$/);
  });

  it('reports a duplicate field number with its line', () => {
    const error = parseError('syntax = "proto3";\nmessage A {\n  int32 a = 1;\n  int32 b = 1;\n}');
    expect(error.message).toContain("field number 1 is used twice in 'A'");
    expect(error.location).toBe('4:11');
  });

  it('names an undefined type', () => {
    expect(parseError('syntax = "proto3";\nmessage A {\n  Foo a = 1;\n}').message).toContain("Type 'Foo' used by field 'a' of message 'A'");
  });

  it('names an import that no reference provides', () => {
    const error = parseError('syntax = "proto3";\nimport "other.proto";\nmessage A { int32 a = 1; }');
    expect(error.message).toContain("Import 'other.proto'");
  });

  it('reports import cycles', () => {
    const refs = [ref('a.proto', 'syntax = "proto3";\nimport "b.proto";'), ref('b.proto', 'syntax = "proto3";\nimport "a.proto";')];
    expect(parseError('syntax = "proto3";\nimport "a.proto";', refs).message).toContain('Import cycle: a.proto → b.proto → a.proto');
  });

  it('reports errors inside a referenced schema with the reference name', () => {
    const error = parseError('syntax = "proto3";\nimport "a.proto";', [ref('a.proto', 'syntax = "proto3";\nmessage {')]);
    expect(error.message).toContain("Referenced schema 'a.proto' is invalid");
    expect(error.location).toBe('2:9');
  });

  it('refuses groups instead of misreading them', () => {
    expect(parseError('syntax = "proto2";\nmessage A { optional group G = 1 { optional int32 x = 1; } }').message).toContain('Group');
  });
});

describe('protobufFormat.parse: canonical text', () => {
  it('re-prints the parsed model with resolved names and no comments', () => {
    const { canonical } = parse(FULL);
    expect(canonical).toContain('map<string, .acme.payments.Payment.Line> lines = 4;');
    expect(canonical).toContain('.google.protobuf.Timestamp at = 7;');
    expect(canonical).toContain('optional int64 cents = 2;');
    expect(canonical).toContain('option optimize_for = SPEED;');
    expect(canonical).toContain('string id = 1 [json_name = "paymentId"];');
    expect(canonical).toContain('reserved 10, 12 to 15, 100 to max;');
    expect(canonical).toContain('rpc Get(.acme.payments.Payment) returns (stream .acme.payments.Payment) {');
    expect(canonical).not.toContain('A payment');
  });

  it('is a fixed point: parsing the canonical text gives it back', () => {
    const { canonical } = parse(FULL);
    expect(parse(canonical).canonical).toBe(canonical);
  });

  it('ignores whitespace, comments and how a type name is qualified', () => {
    const a = 'syntax = "proto3"; package p; message A { B b = 1; } message B { int32 x = 1; }';
    const b = `syntax = "proto3";
      package p;
      /* block */ message A {
        .p.B b = 1; // trailing
      }
      message B { int32 x = 1; }`;
    expect(parse(a).canonical).toBe(parse(b).canonical);
  });

  it.each([
    ['a field number', 'int32 x = 1;', 'int32 x = 2;'],
    ['a field type', 'int32 x = 1;', 'int64 x = 1;'],
    ['a field name', 'int32 x = 1;', 'int32 y = 1;'],
    ['a field option', 'int32 x = 1;', 'int32 x = 1 [deprecated = true];'],
    ['a label', 'int32 x = 1;', 'repeated int32 x = 1;'],
  ])('changes when %s changes', (_what, before, after) => {
    const wrap = (f: string) => `syntax = "proto3"; message A { ${f} }`;
    expect(parse(wrap(before)).canonical).not.toBe(parse(wrap(after)).canonical);
  });

  it('keeps identifiers and strings apart in option values', () => {
    const { canonical } = parse('syntax = "proto3"; option java_package = "SPEED"; option optimize_for = CODE_SIZE;');
    expect(canonical).toContain('option java_package = "SPEED";');
    expect(canonical).toContain('option optimize_for = CODE_SIZE;');
  });

  it('normalize additionally sorts imports', () => {
    const refs = [ref('b.proto', 'syntax = "proto3";'), ref('a.proto', 'syntax = "proto3";')];
    const text = 'syntax = "proto3";\nimport "b.proto";\nimport "a.proto";';
    expect(parse(text, refs).canonical.indexOf('b.proto')).toBeLessThan(parse(text, refs).canonical.indexOf('a.proto'));
    const normal = parse(text, refs, true).canonical;
    expect(normal.indexOf('a.proto')).toBeLessThan(normal.indexOf('b.proto'));
  });

  it('accepts proto2, proto3 and editions', () => {
    expect(parse('syntax = "proto2"; message A { optional int32 a = 1 [default = 5]; required string b = 2; }').canonical).toContain(
      'optional int32 a = 1 [default = 5];',
    );
    expect(parse('edition = "2023"; message A { int32 a = 1 [features.field_presence = IMPLICIT]; }').canonical).toContain(
      'edition = "2023";',
    );
  });

  it('resolves imports transitively through nested references', () => {
    const currency = ref('currency.proto', 'syntax = "proto3"; package m; enum Currency { EUR = 0; }');
    const money = ref('money.proto', 'syntax = "proto3"; package m; import "currency.proto"; message Money { Currency c = 1; }', [
      currency,
    ]);
    const parsed = parse('syntax = "proto3"; import "money.proto"; message A { m.Money price = 1; }', [money]);
    expect(parsed.canonical).toContain('.m.Money price = 1;');
  });

  it('imports the files Confluent bundles (confluent/meta.proto, confluent/type/decimal.proto) without a reference', () => {
    const text = `syntax = "proto3"; package p; import "confluent/meta.proto"; import "confluent/type/decimal.proto";
message A { string email = 1 [(confluent.field_meta).tags = "PII"]; confluent.type.Decimal amount = 2; }`;
    const parsed = parse(text);
    expect(parsed.canonical).toContain('[(confluent.field_meta) = { tags: "PII" }]');
    expect(parse(toSerializedDescriptor(parsed)).canonical).toContain('.confluent.type.Decimal amount = 2;');
  });
});

describe('base64 FileDescriptorProto (format=serialized)', () => {
  it.each([
    ['the full proto3 example', FULL],
    [
      'proto2 with defaults and extensions',
      'syntax = "proto2"; package p; message A { optional int32 a = 1 [default = -5]; required string b = 2 [default = "x\\"y"]; optional E e = 3 [default = Y]; extensions 100 to 199; } enum E { X = 1; Y = 2; } extend A { optional int32 ext = 100; }',
    ],
    [
      'editions features',
      'edition = "2023"; package p; option features.field_presence = IMPLICIT; message A { int32 a = 1 [features.field_presence = LEGACY_REQUIRED]; }',
    ],
    [
      'a schema without package',
      'syntax = "proto3"; message A { map<int32, A> children = 1; optional bool flag = 2; oneof o { string s = 3; } }',
    ],
  ])('round-trips %s to the same canonical text (fact 44)', (_name, text) => {
    const parsed = parse(text);
    const serialized = toSerializedDescriptor(parsed);
    expect(serialized).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(parse(serialized).canonical).toBe(parsed.canonical);
  });

  it('reports text that is neither .proto nor a descriptor', () => {
    expect(parseError('AAAAbbbbCCCC').message).toContain('neither valid .proto text');
  });
});

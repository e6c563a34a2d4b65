import { protobufFormat } from './protobuf-format';
import { PROTOBUF_KINDS } from './protobuf-kinds';
import { ProtobufModel } from './protobuf-model';
import { diffProtobuf } from './protobuf-schema-diff';

const model = (text: string) => protobufFormat.parse(text, []).model as ProtobufModel;
const p3 = (body: string) => `syntax = "proto3";\npackage shop;\n${body}`;

describe('diffProtobuf', () => {
  it('returns compatible differences too, with Confluent-style paths', () => {
    const before = model(p3('message Payment { string id = 1; int32 amount = 2; } enum E { A = 0; }'));
    const after = model(p3('message Payment { string key = 1; int32 total = 3; } message Refund { string id = 1; }'));
    const found = diffProtobuf(before, after).map((d) => `${d.kind} ${d.path}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'FIELD_NAME_CHANGED #/Payment/1',
        'FIELD_REMOVED #/Payment/2',
        'FIELD_ADDED #/Payment/3',
        'MESSAGE_ADDED #/Refund',
        'ENUM_REMOVED #/E',
      ]),
    );
  });

  it('writes messages that name the message, field, number and change', () => {
    const [issue] = protobufFormat.readerIssues(
      protobufFormat.parse(p3('message Payment { string amount = 3; }'), []),
      protobufFormat.parse(p3('message Payment { int32 amount = 3; }'), []),
    );
    expect(issue).toEqual({
      kind: 'FIELD_SCALAR_KIND_CHANGED',
      path: '#/Payment/3',
      message:
        "Field 'amount' (#3) of message 'Payment' changed from int32 to string; readers cannot decode data written with the other type.",
    });
  });

  it('uses nested paths for nested messages and oneofs', () => {
    const before = model(p3('message O { message I { int32 q = 1; } oneof c { string a = 2; string b = 3; } }'));
    const after = model(p3('message O { message I { string q = 1; } oneof c { string a = 2; } }'));
    const found = diffProtobuf(before, after).map((d) => `${d.kind} ${d.path}`);
    expect(found).toEqual(expect.arrayContaining(['FIELD_SCALAR_KIND_CHANGED #/O/I/1', 'ONEOF_FIELD_REMOVED #/O/c/3']));
  });

  it('terminates on mutually recursive imported types', () => {
    const refs = (kind: string) => [
      {
        name: 'tree.proto',
        schemaType: 'PROTOBUF',
        schema: `syntax = "proto3"; package t; message A { B b = 1; ${kind} v = 3; } message B { A a = 1; }`,
        references: [],
      },
    ];
    const text = 'syntax = "proto3"; package shop; import "tree.proto"; message M { t.A root = 1; }';
    const kinds = protobufFormat
      .readerIssues(protobufFormat.parse(text, refs('string')), protobufFormat.parse(text, refs('int32')))
      .map((i) => i.kind);
    expect(kinds).toEqual(expect.arrayContaining(['FIELD_NAMED_TYPE_CHANGED', 'FIELD_SCALAR_KIND_CHANGED']));
  });

  it('only ever reports kinds of the closed table', () => {
    const before = model(p3('message A { int32 a = 1; oneof o { string x = 2; } } enum E { X = 0; }'));
    const after = model(p3('message A { repeated int64 a = 1; string x = 2; } message B {}'));
    for (const d of diffProtobuf(before, after)) expect(Object.keys(PROTOBUF_KINDS)).toContain(d.kind);
  });
});

import { formatOf, ResolvedReference } from '@charter/engine';
import { fieldsOf } from '../schema-fields';

const proto = (text: string, refs: ResolvedReference[] = []) => fieldsOf(formatOf('PROTOBUF').parse(text, refs, { validate: true }));
const brief = (fields: ReturnType<typeof fieldsOf>) => fields.map((f) => `${f.path}: ${f.type}`);

describe('fieldsOf (Protobuf)', () => {
  const order = `syntax = "proto3";
package acme.orders;
import "confluent/meta.proto";
import "google/protobuf/timestamp.proto";

message OrderPlaced {
  string event_id = 1;
  google.protobuf.Timestamp occurred_at = 2;
  Customer customer = 3;
  repeated Line lines = 4;
  map<string, Address> addresses = 5;
  Status status = 6;
  oneof payment {
    string card_token = 7 [(confluent.field_meta).tags = "CREDENTIAL"];
    string iban = 8 [(confluent.field_meta) = { tags: ["FINANCIAL", "PII"], doc: "payer account" }];
  }
  optional string note = 9 [(tags) = "FREE_TEXT", deprecated = true];
  repeated string labels = 10;

  message Customer {
    string email = 1 [(confluent.field_meta).tags = "PII"];
    Address address = 2;
  }
  message Line { string sku = 1; int32 quantity = 2; }
  enum Status { NEW = 0; PAID = 1; }
}

message Address { string line1 = 1; string city = 2; }
`;

  it('lists the first message with nested messages expanded, repeated, map and oneof fields', () => {
    const fields = proto(order);
    expect(brief(fields)).toEqual([
      'event_id: string',
      'occurred_at: google.protobuf.Timestamp',
      'customer: message Customer',
      'customer.email: string',
      'customer.address: message Address',
      'customer.address.line1: string',
      'customer.address.city: string',
      'lines: array<Line>',
      'lines[].sku: string',
      'lines[].quantity: int32',
      'addresses: map<string,Address>',
      'addresses[].line1: string',
      'addresses[].city: string',
      'status: enum Status',
      'card_token: string',
      'iban: string',
      'note: string',
      'labels: array<string>',
    ]);
    const byPath = new Map(fields.map((f) => [f.path, f]));
    expect(byPath.get('occurred_at')).toMatchObject({ leaf: true, depth: 1 });
    expect(byPath.get('customer.address.line1')).toMatchObject({ depth: 3, leaf: true });
    expect(byPath.get('lines')).toMatchObject({ repeated: true, leaf: false });
    expect(byPath.get('addresses')).toMatchObject({ repeated: true, leaf: false });
    expect(byPath.get('customer.email')?.tags).toEqual(['PII']);
    expect(byPath.get('card_token')).toMatchObject({ optional: true, tags: ['CREDENTIAL'] });
    expect(byPath.get('iban')).toMatchObject({ optional: true, tags: ['FINANCIAL', 'PII'], doc: 'payer account' });
    expect(byPath.get('note')).toMatchObject({ optional: true, tags: ['FREE_TEXT'] });
    expect(byPath.get('event_id')).toMatchObject({ optional: false, tags: [] });
    expect(byPath.get('labels')).toMatchObject({ repeated: true, leaf: true });
  });

  it('marks proto2 optional fields optional and required ones not', () => {
    const fields = proto('syntax = "proto2"; message M { required string a = 1; optional string b = 2; repeated string c = 3; }');
    expect(fields.map((f) => [f.path, f.optional])).toEqual([
      ['a', false],
      ['b', true],
      ['c', false],
    ]);
  });

  it('expands a recursive message once and marks the field that closes the cycle', () => {
    const fields = proto(`syntax = "proto3";
message Category { string name = 1; repeated Category children = 2; Info info = 3; }
message Info { Category owner = 1; string text = 2; }`);
    expect(brief(fields)).toEqual([
      'name: string',
      'children: array<Category>',
      'info: message Info',
      'info.owner: message Category',
      'info.text: string',
    ]);
    expect(fields.filter((f) => f.recursive).map((f) => f.path)).toEqual(['children', 'info.owner']);
  });

  it('reads messages of imported references', () => {
    const address: ResolvedReference = {
      name: 'acme/address.proto',
      schemaType: 'PROTOBUF',
      schema:
        'syntax = "proto3"; package acme; import "confluent/meta.proto"; message Address { string postcode = 1 [(confluent.field_meta).tags = "PII"]; }',
      references: [],
    };
    const fields = proto('syntax = "proto3"; package acme; import "acme/address.proto"; message Moved { Address to = 1; }', [address]);
    expect(brief(fields)).toEqual(['to: message Address', 'to.postcode: string']);
    expect(fields[1].tags).toEqual(['PII']);
  });

  it('gives no fields for a file without messages', () => {
    expect(proto('syntax = "proto3"; enum E { A = 0; }')).toEqual([]);
  });
});

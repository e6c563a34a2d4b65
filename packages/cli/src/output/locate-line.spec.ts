import { locateLine } from './locate-line';

const avro = `{
  "type": "record",
  "name": "Order",
  "namespace": "com.acme",
  "fields": [
    { "name": "id", "type": "string" },
    { "name": "amount", "type": "int" }
  ]
}`;

const proto = `syntax = "proto3";
package acme;

message Order {
  string id = 1;
  int32 amount = 2;
}`;

const json = `{
  "type": "object",
  "properties": {
    "id": { "type": "string" },
    "amount": { "type": "integer" }
  }
}`;

describe('locateLine', () => {
  it('finds an Avro field named in the message', () => {
    expect(locateLine(avro, 'AVRO', { path: '/fields/1/type', message: "Field 'amount' in record 'com.acme.Order' is string" })).toBe(7);
  });

  it('finds a Protobuf field by name before the message it sits in', () => {
    expect(
      locateLine(proto, 'PROTOBUF', { path: '#/Order/2', message: "Field 'amount' (#2) of message 'Order' changed from int32 to string" }),
    ).toBe(6);
    expect(locateLine(proto, 'PROTOBUF', { path: '#/Order', message: "Message 'Order' lost a field" })).toBe(4);
  });

  it('finds a JSON Schema property from the path when the message names nothing', () => {
    expect(locateLine(json, 'JSON', { path: '#/properties/amount', message: 'The type changed from integer to string.' })).toBe(5);
  });

  it('reads names quoted with backticks (payload-contract messages)', () => {
    expect(locateLine(avro, 'AVRO', { path: '', message: 'Field `amount` looks like money.' })).toBe(7);
  });

  it('uses the line of a parse error location', () => {
    expect(locateLine(json, 'JSON', { path: 'line 3, column 12', message: 'not valid JSON' })).toBe(3);
    expect(locateLine(proto, 'PROTOBUF', { path: '4:1', message: "expected ';'" })).toBe(4);
  });

  it('gives no line for a field that is not in the file', () => {
    expect(locateLine(avro, 'AVRO', { path: '/fields/2', message: "Field 'removed' is missing" })).toBeUndefined();
  });

  it('treats names as text, not patterns', () => {
    expect(locateLine(json, 'JSON', { path: '#/properties/a.*', message: '' })).toBeUndefined();
  });
});

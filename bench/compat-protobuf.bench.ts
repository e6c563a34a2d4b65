/**
 * Protobuf compatibility engine against protobufjs on a realistic 30-field event:
 * (a) pairwise reader/writer checks per second; (b) one BACKWARD_TRANSITIVE check of a candidate
 * against 1,000 earlier versions (parsed once, as the registry caches them by id). The reference
 * is a protobufjs wire round trip per pair: encode a sample with the old type, decode with the new.
 * Run with `npm run bench:compat`.
 */
import * as protobuf from 'protobufjs';
import { check, HistoricVersion } from '../packages/engine/src/check';
import { protobufFormat } from '../packages/engine/src/protobuf/protobuf-format';
import { fmt, medianMs, perSecond, printTable, ratio } from './bench-support';

/** 30 fields: scalars, enum, nested messages, repeated, map, oneof and a well-known Timestamp. */
function orderEvent(extras: number): string {
  const scalars = ['string', 'int64', 'int32', 'double', 'bool', 'uint32', 'bytes', 'sint64'];
  const generic = Array.from({ length: 17 }, (_, i) => `  ${scalars[i % scalars.length]} attr_${i} = ${i + 14};`);
  const extra = Array.from({ length: extras }, (_, i) => `  optional string extra_${i} = ${100 + i};`);
  return `syntax = "proto3";
package com.acme.orders;

import "google/protobuf/timestamp.proto";

message OrderPlaced {
  string event_id = 1;
  google.protobuf.Timestamp occurred_at = 2;
  string order_id = 3;
  Status status = 4;
  Address shipping = 5;
  Address billing = 6;
  repeated Line lines = 7;
  map<string, string> attributes = 8;
  int64 total_cents = 9;
  string currency = 10;
  repeated string tags = 11;
  oneof payment {
    Card card = 12;
    string voucher_code = 13;
  }
${generic.join('\n')}
${extra.join('\n')}
  enum Status {
    STATUS_UNSPECIFIED = 0;
    NEW = 1;
    PAID = 2;
    SHIPPED = 3;
  }
  message Line {
    string sku = 1;
    int32 quantity = 2;
    int64 price_cents = 3;
  }
  message Card {
    string last4 = 1;
    string network = 2;
  }
}

message Address {
  string street = 1;
  string city = 2;
  string postcode = 3;
  string country = 4;
}
`;
}

function protobufjsType(text: string): protobuf.Type {
  const root = new protobuf.Root();
  root.addJSON((protobuf.common as unknown as Record<string, protobuf.INamespace>)['google/protobuf/timestamp.proto'].nested ?? {});
  protobuf.parse(text, root, { keepCase: true });
  root.resolveAll();
  return root.lookupType('com.acme.orders.OrderPlaced');
}

const sample = {
  event_id: 'e-1',
  occurred_at: { seconds: 1_700_000_000, nanos: 5 },
  order_id: 'o-42',
  status: 2,
  shipping: { street: 'Main St 1', city: 'Bern', postcode: '3000', country: 'CH' },
  lines: [
    { sku: 'A-1', quantity: 2, price_cents: 1999 },
    { sku: 'B-2', quantity: 1, price_cents: 500 },
  ],
  attributes: { gift: 'yes', source: 'web' },
  total_cents: 4498,
  currency: 'CHF',
  tags: ['new', 'promo'],
  card: { last4: '4242', network: 'visa' },
  attr_0: 'x',
  attr_1: 7,
  attr_3: 1.5,
  attr_4: true,
};

/** What protobufjs does for a pair: write with the old type, read with the new one. */
function roundTrip(writerType: protobuf.Type, readerType: protobuf.Type): void {
  readerType.decode(writerType.encode(writerType.fromObject(sample)).finish());
}

const writerText = orderEvent(0);
const readerText = orderEvent(3);
const writer = protobufFormat.parse(writerText, [], { validate: false });
const reader = protobufFormat.parse(readerText, [], { validate: true });
if (protobufFormat.readerIssues(reader, writer).length !== 0) throw new Error('benchmark pair must be compatible');
const writerType = protobufjsType(writerText);
const readerType = protobufjsType(readerText);

const oursPairwise = perSecond(() => protobufFormat.readerIssues(reader, writer));
const pbjsPairwise = perSecond(() => roundTrip(writerType, readerType));

const history: HistoricVersion[] = Array.from({ length: 1000 }, (_, i) => ({
  version: i + 1,
  schema: protobufFormat.parse(orderEvent(i % 10), [], { validate: false }),
}));
const candidateText = orderEvent(10);
const candidate = protobufFormat.parse(candidateText, [], { validate: true });
if (!check('BACKWARD_TRANSITIVE', history, candidate, () => protobufFormat).compatible) {
  throw new Error('transitive benchmark candidate must be compatible with every version');
}
const historyTypes = Array.from({ length: 1000 }, (_, i) => protobufjsType(orderEvent(i % 10)));
const candidateType = protobufjsType(candidateText);

const oursTransitive = medianMs(() => check('BACKWARD_TRANSITIVE', history, candidate, () => protobufFormat));
const pbjsTransitive = medianMs(() => historyTypes.forEach((t) => roundTrip(t, candidateType)));

const rows: [string, string, string, string][] = [
  ['measure', 'Charter readerIssues', 'protobufjs wire round trip', 'ratio'],
  ['(a) pairwise checks/s, 30-field message', fmt(oursPairwise), fmt(pbjsPairwise), ratio(oursPairwise, pbjsPairwise)],
  [
    '(b) BACKWARD_TRANSITIVE vs 1,000 versions',
    `${oursTransitive.toFixed(1)} ms`,
    `${pbjsTransitive.toFixed(1)} ms`,
    ratio(pbjsTransitive, oursTransitive),
  ],
];
printTable('Protobuf compatibility', rows);
console.log(`target: transitive < 50 ms ${oursTransitive < 50 ? 'met' : 'MISSED'}`);

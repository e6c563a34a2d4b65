/**
 * Avro compatibility engine against avsc's resolver on a realistic 50-field event:
 * (a) pairwise reader/writer checks per second; (b) one BACKWARD_TRANSITIVE check of a candidate
 * against 1,000 earlier versions (parsed once, as the registry caches them by id).
 * Run with `npm run bench:compat`.
 */
import { Type } from 'avsc';
import { check, HistoricVersion } from '../packages/engine/src/check';
import { avroFormat } from '../packages/engine/src/avro/avro-format';
import { fmt, medianMs, perSecond, printTable, ratio } from './bench-support';

type Json = Record<string, unknown>;

const address = {
  type: 'record',
  name: 'Address',
  namespace: 'com.acme.common',
  fields: [
    { name: 'street', type: 'string' },
    { name: 'city', type: 'string' },
    { name: 'postcode', type: ['null', 'string'], default: null },
    { name: 'country', type: { type: 'enum', name: 'Country', symbols: ['DE', 'FR', 'GB', 'US', 'CH', 'NL'] } },
  ],
};

/** 50 fields: scalars, logical types, enums, unions with null, arrays, maps and nested records. */
function orderEvent(version: number, extras: number): Json {
  const fields: Json[] = [
    { name: 'eventId', type: { type: 'string', logicalType: 'uuid' } },
    { name: 'occurredAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'orderId', type: 'string' },
    {
      name: 'status',
      type: { type: 'enum', name: 'OrderStatus', symbols: ['NEW', 'PAID', 'SHIPPED', 'DELIVERED', 'CANCELLED'], default: 'NEW' },
    },
    { name: 'channel', type: { type: 'enum', name: 'Channel', symbols: ['WEB', 'APP', 'STORE'] } },
    { name: 'total', type: { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 } },
    { name: 'currency', type: { type: 'fixed', name: 'Currency', size: 3 } },
    { name: 'shipping', type: address },
    { name: 'billing', type: ['null', 'com.acme.common.Address'], default: null },
    {
      name: 'lines',
      type: {
        type: 'array',
        items: {
          type: 'record',
          name: 'Line',
          fields: [
            { name: 'sku', type: 'string' },
            { name: 'quantity', type: 'int' },
            { name: 'price', type: 'double' },
            { name: 'tags', type: { type: 'array', items: 'string' }, default: [] },
          ],
        },
      },
    },
    { name: 'attributes', type: { type: 'map', values: 'string' }, default: {} },
    { name: 'deliveryDate', type: ['null', { type: 'int', logicalType: 'date' }], default: null },
  ];
  const scalars = ['string', 'int', 'long', 'double', 'boolean', 'float'];
  for (let i = fields.length; i < 50; i++) {
    const type = scalars[i % scalars.length];
    fields.push(i % 3 === 0 ? { name: `attr${i}`, type: ['null', type], default: null } : { name: `attr${i}`, type });
  }
  for (let i = 0; i < extras; i++) fields.push({ name: `extra${i}`, type: ['null', 'string'], default: null });
  return { type: 'record', name: 'OrderPlaced', namespace: 'com.acme.orders', doc: `Order placed, version ${version}`, fields };
}

const text = (schema: Json) => JSON.stringify(schema);
const writerJson = orderEvent(1, 0);
const readerJson = orderEvent(2, 3);
const writer = avroFormat.parse(text(writerJson), [], { validate: false });
const reader = avroFormat.parse(text(readerJson), [], { validate: true });
if (avroFormat.readerIssues(reader, writer).length !== 0) throw new Error('benchmark pair must be compatible');
const writerType = Type.forSchema(writerJson as never);
const readerType = Type.forSchema(readerJson as never);

const oursPairwise = perSecond(() => avroFormat.readerIssues(reader, writer));
const avscPairwise = perSecond(() => readerType.createResolver(writerType));

const history: HistoricVersion[] = Array.from({ length: 1000 }, (_, i) => ({
  version: i + 1,
  schema: avroFormat.parse(text(orderEvent(i + 1, i % 10)), [], { validate: false }),
}));
const candidateJson = orderEvent(1001, 10);
const candidate = avroFormat.parse(text(candidateJson), [], { validate: true });
const verdict = check('BACKWARD_TRANSITIVE', history, candidate, () => avroFormat);
if (!verdict.compatible) throw new Error('transitive benchmark candidate must be compatible with every version');
const historyTypes = Array.from({ length: 1000 }, (_, i) => Type.forSchema(orderEvent(i + 1, i % 10) as never));
const candidateType = Type.forSchema(candidateJson as never);

const oursTransitive = medianMs(() => check('BACKWARD_TRANSITIVE', history, candidate, () => avroFormat));
const avscTransitive = medianMs(() => historyTypes.forEach((t) => candidateType.createResolver(t)));

const rows: [string, string, string, string][] = [
  ['measure', 'Charter readerIssues', 'avsc createResolver', 'ratio'],
  ['(a) pairwise checks/s, 50-field record', fmt(oursPairwise), fmt(avscPairwise), ratio(oursPairwise, avscPairwise)],
  [
    '(b) BACKWARD_TRANSITIVE vs 1,000 versions',
    `${oursTransitive.toFixed(1)} ms`,
    `${avscTransitive.toFixed(1)} ms`,
    ratio(avscTransitive, oursTransitive),
  ],
];
printTable('Avro compatibility', rows);
console.log(
  `targets: pairwise >= avsc ${oursPairwise >= avscPairwise ? 'met' : 'MISSED'}; transitive < 50 ms ${oursTransitive < 50 ? 'met' : 'MISSED'}`,
);

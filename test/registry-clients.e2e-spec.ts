import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { ADMIN_TOKEN, TestApp } from './support/test-app';

/** The kafkajs registry client against the real server: register, encode, decode with a fresh client. */
describe('registry clients: @kafkajs/confluent-schema-registry', () => {
  let app: TestApp;
  const client = () => new SchemaRegistry({ host: app.url, auth: { username: 'x', password: ADMIN_TOKEN } });

  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app.close());

  async function roundTrip(id: number, payload: unknown) {
    const bytes = await client().encode(id, payload);
    expect(bytes[0]).toBe(0);
    expect(bytes.readInt32BE(1)).toBe(id);
    const decoded = await client().decode(bytes);
    // Decoding with a fresh client fetches the schema by id; re-encoding must give the same bytes.
    expect(Buffer.compare(await client().encode(id, decoded), bytes)).toBe(0);
    return decoded;
  }

  it('Avro: registers (config probe, then PUT /config), encodes and decodes', async () => {
    const schema = JSON.stringify({
      type: 'record',
      name: 'OrderPlaced',
      namespace: 'shop',
      fields: [
        { name: 'orderId', type: 'string' },
        { name: 'cents', type: 'long' },
      ],
    });
    const registry = client();
    const { id } = await registry.register({ type: SchemaType.AVRO, schema }, { subject: 'orders-value' });
    expect(id).toBeGreaterThan(0);
    const config = await app.fetch('/config/orders-value');
    expect(await config.json()).toEqual({ compatibilityLevel: 'BACKWARD' });
    // A second registration sees the config and returns the same id.
    expect((await registry.register({ type: SchemaType.AVRO, schema }, { subject: 'orders-value' })).id).toBe(id);
    expect(await roundTrip(id, { orderId: 'o-1', cents: 1250 })).toEqual({ orderId: 'o-1', cents: 1250 });
    expect(await client().getLatestSchemaId('orders-value')).toBe(id);
    expect(await client().getRegistryIdBySchema('orders-value', { type: SchemaType.AVRO, schema })).toBe(id);
  });

  it('Protobuf: registers, encodes and decodes', async () => {
    const schema = 'syntax = "proto3";\npackage shop;\n\nmessage Shipment {\n  string id = 1;\n  int32 parcels = 2;\n}\n';
    const { id } = await client().register({ type: SchemaType.PROTOBUF, schema }, { subject: 'shipments-value' });
    const decoded = await roundTrip(id, { id: 's-9', parcels: 3 });
    expect(decoded).toMatchObject({ id: 's-9', parcels: 3 });
  });

  it('JSON Schema: registers, encodes and decodes', async () => {
    const schema = JSON.stringify({
      type: 'object',
      properties: { sku: { type: 'string' }, qty: { type: 'integer' } },
      required: ['sku'],
    });
    const { id } = await client().register({ type: SchemaType.JSON, schema }, { subject: 'stock-value' });
    expect(await roundTrip(id, { sku: 'A-1', qty: 2 })).toEqual({ sku: 'A-1', qty: 2 });
  });

  it('Avro with a reference: the referenced schema is fetched by subject and version', async () => {
    const address = JSON.stringify({ type: 'record', name: 'Address', namespace: 'crm', fields: [{ name: 'city', type: 'string' }] });
    await client().register({ type: SchemaType.AVRO, schema: address }, { subject: 'crm.Address' });
    const customer = JSON.stringify({
      type: 'record',
      name: 'CustomerMoved',
      namespace: 'crm',
      fields: [
        { name: 'customerId', type: 'string' },
        { name: 'to', type: 'crm.Address' },
      ],
    });
    const { id } = await client().register(
      { type: SchemaType.AVRO, schema: customer, references: [{ name: 'crm.Address', subject: 'crm.Address', version: 1 }] },
      { subject: 'customers-value' },
    );
    const payload = { customerId: 'c-7', to: { city: 'Lyon' } };
    expect(await roundTrip(id, payload)).toEqual(payload);
  });
});

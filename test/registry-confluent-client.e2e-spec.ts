import { create, createFileRegistry, createMutableRegistry, DescMessage, toBinary } from '@bufbuild/protobuf';
import {
  FileDescriptorProtoSchema,
  FileDescriptorSetSchema,
  FieldDescriptorProto_Label,
  FieldDescriptorProto_Type,
} from '@bufbuild/protobuf/wkt';
import {
  AvroDeserializer,
  HeaderSchemaIdSerializer,
  AvroSerializer,
  JsonDeserializer,
  JsonSerializer,
  ProtobufDeserializer,
  ProtobufSerializer,
  SchemaRegistryClient,
  SerdeType,
} from '@confluentinc/schemaregistry';
import { ADMIN_TOKEN, TestApp } from './support/test-app';

/**
 * The official Confluent JavaScript client and its serdes against the real server. Every
 * serializer and deserializer gets a fresh client, so nothing is answered from a client cache:
 * each byte that round-trips went through Charter's REST API.
 */
describe('registry clients: @confluentinc/schemaregistry', () => {
  let app: TestApp;

  const client = () =>
    new SchemaRegistryClient({
      baseURLs: [app.url],
      basicAuthCredentials: { credentialsSource: 'USER_INFO', userInfo: `admin:${ADMIN_TOKEN}` },
      maxRetries: 0,
    });
  const getJson = async (path: string): Promise<any> => (await app.fetch(path)).json();
  const framedId = (bytes: Buffer) => {
    expect(bytes[0]).toBe(0);
    return bytes.readInt32BE(1);
  };

  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app.close());

  describe('Avro', () => {
    const schema = {
      type: 'record',
      name: 'PaymentTaken',
      namespace: 'billing',
      fields: [
        { name: 'paymentId', type: 'string' },
        { name: 'cents', type: 'long' },
        { name: 'method', type: { type: 'enum', name: 'Method', symbols: ['CARD', 'TRANSFER'] } },
      ],
    };
    const payment = { paymentId: 'p-1', cents: 4200, method: 'CARD' };

    it('auto-registers the schema it infers, and a fresh deserializer reads the bytes back', async () => {
      const bytes = await new AvroSerializer(client(), SerdeType.VALUE, { autoRegisterSchemas: true }).serialize('inferred', payment);
      const id = framedId(bytes);
      expect((await getJson('/subjects/inferred-value/versions/latest')).id).toBe(id);
      expect(await new AvroDeserializer(client(), SerdeType.VALUE, {}).deserialize('inferred', bytes)).toEqual(payment);
    });

    it('with auto-registration off, serializes against the latest version or a given id', async () => {
      const registered = await client().registerFullResponse('payments-value', { schemaType: 'AVRO', schema: JSON.stringify(schema) });
      expect(registered).toMatchObject({ id: expect.any(Number), version: 1 });

      const byLatest = await new AvroSerializer(client(), SerdeType.VALUE, {
        autoRegisterSchemas: false,
        useLatestVersion: true,
      }).serialize('payments', payment);
      expect(framedId(byLatest)).toBe(registered.id);
      const byId = await new AvroSerializer(client(), SerdeType.VALUE, {
        autoRegisterSchemas: false,
        useSchemaId: registered.id,
      }).serialize('payments', payment);
      expect(Buffer.compare(byId, byLatest)).toBe(0);
      expect(await new AvroDeserializer(client(), SerdeType.VALUE, {}).deserialize('payments', byLatest)).toEqual(payment);
    });

    it('the default lookup (no auto-registration) finds the registered id by content', async () => {
      const serializer = new AvroSerializer(client(), SerdeType.VALUE, { autoRegisterSchemas: false });
      // The serde looks up what it infers from the message; register exactly that first.
      const inferred = JSON.stringify(AvroSerializer.messageToSchema(payment));
      const { id } = await client().registerFullResponse('lookup-value', { schemaType: 'AVRO', schema: inferred });
      const bytes = await serializer.serialize('lookup', payment);
      expect(framedId(bytes)).toBe(id);
    });

    it('resolves a reference through the subject and version it names', async () => {
      const money = {
        type: 'record',
        name: 'Money',
        namespace: 'billing',
        fields: [
          { name: 'cents', type: 'long' },
          { name: 'currency', type: 'string' },
        ],
      };
      await client().register('billing.Money', { schemaType: 'AVRO', schema: JSON.stringify(money) });
      const refund = {
        type: 'record',
        name: 'RefundIssued',
        namespace: 'billing',
        fields: [
          { name: 'refundId', type: 'string' },
          { name: 'amount', type: 'billing.Money' },
        ],
      };
      const id = await client().register('refunds-value', {
        schemaType: 'AVRO',
        schema: JSON.stringify(refund),
        references: [{ name: 'billing.Money', subject: 'billing.Money', version: 1 }],
      });
      const value = { refundId: 'r-1', amount: { cents: 100, currency: 'EUR' } };
      const bytes = await new AvroSerializer(client(), SerdeType.VALUE, { useLatestVersion: true }).serialize('refunds', value);
      expect(framedId(bytes)).toBe(id);
      expect(await new AvroDeserializer(client(), SerdeType.VALUE, {}).deserialize('refunds', bytes)).toEqual(value);
    });
  });

  describe('Avro: metadata and guids', () => {
    const versioned = (n: number) => ({
      type: 'record',
      name: 'Invoice',
      namespace: 'billing',
      fields: [{ name: 'no', type: 'string' }, ...(n > 1 ? [{ name: 'cents', type: 'long', default: 0 }] : [])],
    });

    it('useLatestWithMetadata picks the newest version with the given properties', async () => {
      const v1 = await client().registerFullResponse('invoices-value', {
        schemaType: 'AVRO',
        schema: JSON.stringify(versioned(1)),
        metadata: { properties: { major: '1' } },
      });
      await client().registerFullResponse('invoices-value', {
        schemaType: 'AVRO',
        schema: JSON.stringify(versioned(2)),
        metadata: { properties: { major: '2' } },
      });
      const serializer = new AvroSerializer(client(), SerdeType.VALUE, {
        autoRegisterSchemas: false,
        useLatestWithMetadata: { major: '1' },
      });
      const bytes = await serializer.serialize('invoices', { no: 'i-1' });
      expect(framedId(bytes)).toBe(v1.id);
      expect(await new AvroDeserializer(client(), SerdeType.VALUE, {}).deserialize('invoices', bytes)).toEqual({ no: 'i-1' });
    });

    it('data framed by guid in a header is decoded through GET /schemas/guids/{guid}', async () => {
      const serializer = new AvroSerializer(client(), SerdeType.VALUE, {
        useLatestVersion: true,
        schemaIdSerializer: HeaderSchemaIdSerializer,
      });
      const headers: Record<string, Buffer> = {};
      const bytes = await serializer.serialize('invoices', { no: 'i-2', cents: 5 }, headers as never);
      const guid = (await getJson('/subjects/invoices-value/versions/latest')).guid;
      // Version byte 1, then the 16 bytes of the guid; the payload carries no id prefix.
      expect(headers.__value_schema_id.subarray(1).toString('hex')).toBe(guid.replace(/-/g, ''));
      const decoded = await new AvroDeserializer(client(), SerdeType.VALUE, {}).deserialize('invoices', bytes, headers as never);
      expect(decoded).toEqual({ no: 'i-2', cents: 5 });
    });
  });

  describe('JSON Schema', () => {
    it('auto-registers, validates and round-trips', async () => {
      const value = { sku: 'A-1', qty: 3, tags: ['x'] };
      const bytes = await new JsonSerializer(client(), SerdeType.VALUE, { autoRegisterSchemas: true, validate: true }).serialize(
        'stock',
        value,
      );
      const id = framedId(bytes);
      const stored = await getJson(`/schemas/ids/${id}`);
      expect(stored.schemaType).toBe('JSON');
      expect(await new JsonDeserializer(client(), SerdeType.VALUE, { validate: true }).deserialize('stock', bytes)).toEqual(value);
    });

    it('serializes against an explicitly registered schema by latest version', async () => {
      const schema = {
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        properties: { orderId: { type: 'string' }, total: { type: 'number' } },
        required: ['orderId'],
      };
      const id = await client().register('orders-json-value', { schemaType: 'JSON', schema: JSON.stringify(schema) });
      const value = { orderId: 'o-9', total: 12.5 };
      const bytes = await new JsonSerializer(client(), SerdeType.VALUE, { useLatestVersion: true, validate: true }).serialize(
        'orders-json',
        value,
      );
      expect(framedId(bytes)).toBe(id);
      expect(await new JsonDeserializer(client(), SerdeType.VALUE, {}).deserialize('orders-json', bytes)).toEqual(value);
    });
  });

  describe('Protobuf', () => {
    // Written as descriptors, as protoc would: the serde registers them as base64 FileDescriptorProtos.
    const money = create(FileDescriptorProtoSchema, {
      name: 'shop/money.proto',
      package: 'shop',
      syntax: 'proto3',
      messageType: [
        {
          name: 'Money',
          field: [
            {
              name: 'cents',
              number: 1,
              type: FieldDescriptorProto_Type.INT64,
              label: FieldDescriptorProto_Label.OPTIONAL,
              jsonName: 'cents',
            },
            {
              name: 'currency',
              number: 2,
              type: FieldDescriptorProto_Type.STRING,
              label: FieldDescriptorProto_Label.OPTIONAL,
              jsonName: 'currency',
            },
          ],
        },
      ],
    });
    const parcel = create(FileDescriptorProtoSchema, {
      name: 'shop/parcel.proto',
      package: 'shop',
      syntax: 'proto3',
      dependency: ['shop/money.proto'],
      messageType: [
        { name: 'Unused', field: [] },
        {
          name: 'ParcelShipped',
          field: [
            { name: 'id', number: 1, type: FieldDescriptorProto_Type.STRING, label: FieldDescriptorProto_Label.OPTIONAL, jsonName: 'id' },
            {
              name: 'weight_grams',
              number: 2,
              type: FieldDescriptorProto_Type.INT32,
              label: FieldDescriptorProto_Label.OPTIONAL,
              jsonName: 'weightGrams',
            },
            {
              name: 'price',
              number: 3,
              type: FieldDescriptorProto_Type.MESSAGE,
              typeName: '.shop.Money',
              label: FieldDescriptorProto_Label.OPTIONAL,
              jsonName: 'price',
            },
            {
              name: 'labels',
              number: 4,
              type: FieldDescriptorProto_Type.STRING,
              label: FieldDescriptorProto_Label.REPEATED,
              jsonName: 'labels',
            },
          ],
        },
      ],
    });
    const files = createFileRegistry(create(FileDescriptorSetSchema, { file: [money, parcel] }));
    const shipped = files.getMessage('shop.ParcelShipped') as DescMessage;

    it('auto-registers the file and its import as a reference, and a fresh deserializer decodes the bytes', async () => {
      const message = create(shipped, {
        id: 'p-7',
        weightGrams: 1200,
        price: { cents: 999n, currency: 'EUR' },
        labels: ['fragile'],
      } as never);
      const serializer = new ProtobufSerializer(client(), SerdeType.VALUE, {
        autoRegisterSchemas: true,
        registry: createMutableRegistry(shipped),
      });
      const bytes = await serializer.serialize('parcels', message);
      const id = framedId(bytes);
      // The message index path [1] follows the id: ParcelShipped is the second message of its file.
      expect([...bytes.subarray(5, 7)]).toEqual([2, 2]);

      const latest = await getJson('/subjects/parcels-value/versions/latest');
      expect(latest).toMatchObject({
        id,
        schemaType: 'PROTOBUF',
        references: [{ name: 'shop/money.proto', subject: 'shop/money.proto', version: 1 }],
      });
      expect(latest.schema).toContain('message ParcelShipped');

      const decoded = await new ProtobufDeserializer(client(), SerdeType.VALUE, {}).deserialize('parcels', bytes);
      expect(decoded).toMatchObject({ id: 'p-7', weightGrams: 1200, price: { cents: 999n, currency: 'EUR' }, labels: ['fragile'] });
      expect(Buffer.compare(Buffer.from(toBinary(shipped, decoded)), bytes.subarray(7))).toBe(0);
    });

    it('serializes by latest version without registering', async () => {
      const message = create(shipped, { id: 'p-8', weightGrams: 10 } as never);
      const serializer = new ProtobufSerializer(client(), SerdeType.VALUE, {
        useLatestVersion: true,
        registry: createMutableRegistry(shipped),
      });
      const bytes = await serializer.serialize('parcels', message);
      expect(framedId(bytes)).toBe((await getJson('/subjects/parcels-value/versions/latest')).id);
      expect(await new ProtobufDeserializer(client(), SerdeType.VALUE, {}).deserialize('parcels', bytes)).toMatchObject({
        id: 'p-8',
        weightGrams: 10,
      });
    });
  });
});

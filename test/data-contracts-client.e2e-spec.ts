import {
  AvroDeserializer,
  AvroSerializer,
  CelExecutor,
  JsonataExecutor,
  RuleRegistry,
  SchemaRegistryClient,
  SerdeType,
} from '@confluentinc/schemaregistry';
import { ADMIN_TOKEN, TestApp } from './support/test-app';
import { RegistryHttp } from './support/registry-http';

/**
 * Data-contract rules (docs/data-contracts.md) executed by the official Confluent JavaScript client,
 * unmodified, against Charter: the client reads the rules from Charter and runs them. Every serde
 * gets a fresh client, so each rule it runs came through Charter's REST API.
 */
describe('data contracts with @confluentinc/schemaregistry', () => {
  let app: TestApp;
  let r: RegistryHttp;
  const registry = new RuleRegistry();

  const client = () =>
    new SchemaRegistryClient({
      baseURLs: [app.url],
      basicAuthCredentials: { credentialsSource: 'USER_INFO', userInfo: `admin:${ADMIN_TOKEN}` },
      maxRetries: 0,
    });

  beforeAll(async () => {
    app = await TestApp.start();
    r = new RegistryHttp(app);
    // A registry of our own, so nothing leaks into other suites through the client's global one.
    registry.registerExecutor(new CelExecutor());
    registry.registerExecutor(new JsonataExecutor());
  });
  afterAll(() => app.close());

  describe('CEL CONDITION on WRITE', () => {
    const schema = {
      type: 'record',
      name: 'Payment',
      namespace: 'billing',
      fields: [
        { name: 'paymentId', type: 'string' },
        { name: 'amount', type: 'long' },
      ],
    };
    // Typed loosely: the client's types name modes by its enums, the wire by strings.
    const ruleSet: any = {
      domainRules: [
        { name: 'amountPositive', kind: 'CONDITION', mode: 'WRITE', type: 'CEL', expr: 'message.amount > 0', onFailure: 'ERROR' },
      ],
    };

    beforeAll(async () => {
      const id = await client().register('payments-value', { schemaType: 'AVRO', schema: JSON.stringify(schema), ruleSet });
      expect(id).toBeGreaterThan(0);
    });

    const serializer = () => new AvroSerializer(client(), SerdeType.VALUE, { useLatestVersion: true }, registry);

    it('a record that breaks the rule is refused by the serializer, naming the rule', async () => {
      await expect(serializer().serialize('payments', { paymentId: 'p-1', amount: -5 })).rejects.toThrow(/amountPositive/);
    });

    it('a good record passes and reads back', async () => {
      const bytes = await serializer().serialize('payments', { paymentId: 'p-2', amount: 500 });
      const read = await new AvroDeserializer(client(), SerdeType.VALUE, {}, registry).deserialize('payments', bytes);
      expect(read).toEqual({ paymentId: 'p-2', amount: 500 });
    });
  });

  describe('JSONata migration between major versions (compatibilityGroup)', () => {
    const v1 = {
      type: 'record',
      name: 'Widget',
      fields: [
        { name: 'name', type: 'string' },
        { name: 'size', type: 'int' },
        { name: 'version', type: 'int' },
      ],
    };
    // Renames `size` to `height`: breaking for BACKWARD, so it can only be a new major version.
    const v2 = {
      type: 'record',
      name: 'Widget',
      fields: [
        { name: 'name', type: 'string' },
        { name: 'height', type: 'int' },
        { name: 'version', type: 'int' },
      ],
    };
    const migrationRules: any[] = [
      {
        name: 'sizeToHeight',
        kind: 'TRANSFORM',
        mode: 'UPGRADE',
        type: 'JSONATA',
        expr: "$merge([$sift($, function($v, $k) {$k != 'size'}), {'height': $.'size'}])",
      },
      {
        name: 'heightToSize',
        kind: 'TRANSFORM',
        mode: 'DOWNGRADE',
        type: 'JSONATA',
        expr: "$merge([$sift($, function($v, $k) {$k != 'height'}), {'size': $.'height'}])",
      },
    ];

    beforeAll(async () => {
      expect((await r.put('/config/widgets-value', { compatibility: 'BACKWARD', compatibilityGroup: 'major_version' })).status).toBe(200);
      const c = client();
      await c.register('widgets-value', {
        schemaType: 'AVRO',
        schema: JSON.stringify(v1),
        metadata: { properties: { major_version: '1' } },
      });
      await c.register('widgets-value', {
        schemaType: 'AVRO',
        schema: JSON.stringify(v2),
        metadata: { properties: { major_version: '2' } },
        ruleSet: { migrationRules },
      });
    });

    it('a v1 payload is read as v2 by a consumer that uses the latest version with major_version 2', async () => {
      const producer = new AvroSerializer(client(), SerdeType.VALUE, { useLatestWithMetadata: { major_version: '1' } }, registry);
      const bytes = await producer.serialize('widgets', { name: 'alice', size: 123, version: 1 });
      expect(bytes.readInt32BE(1)).toBe((await r.get('/subjects/widgets-value/versions/1')).body.id);
      const consumer = new AvroDeserializer(client(), SerdeType.VALUE, { useLatestWithMetadata: { major_version: '2' } }, registry);
      expect(await consumer.deserialize('widgets', bytes)).toEqual({ name: 'alice', height: 123, version: 1 });
    });

    it('a v2 payload is read as v1 by a consumer that stays on major_version 1', async () => {
      const producer = new AvroSerializer(client(), SerdeType.VALUE, { useLatestWithMetadata: { major_version: '2' } }, registry);
      const bytes = await producer.serialize('widgets', { name: 'bob', height: 7, version: 2 });
      const consumer = new AvroDeserializer(client(), SerdeType.VALUE, { useLatestWithMetadata: { major_version: '1' } }, registry);
      expect(await consumer.deserialize('widgets', bytes)).toEqual({ name: 'bob', size: 7, version: 2 });
    });
  });
});

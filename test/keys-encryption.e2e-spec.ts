import {
  AvroDeserializer,
  AvroSerializer,
  FieldEncryptionExecutor,
  LocalKmsDriver,
  RuleRegistry,
  SchemaRegistryClient,
  SerdeType,
} from '@confluentinc/schemaregistry';
import { AccessWorld, Person } from './support/access';
import { TestApp } from './support/test-app';

/**
 * Field-level encryption end to end with the official client, unmodified: an ENCRYPT rule on the
 * PII-tagged field, the client's local KMS driver, and Charter's key registry deciding who gets
 * the wrapped data key. Each serde gets its own client and executor, so every DEK fetch reaches
 * Charter (nothing is answered from a client cache).
 */
describe('field encryption with the official client and Charter’s key registry', () => {
  let app: TestApp;
  let w: AccessWorld;

  const topic = 'customers.signed-up';
  const plaintextEmail = 'alice.liddell@example.com';
  const record = { eventId: 'e-1', occurredAt: 1796330000000, customerId: 'c-42', email: plaintextEmail };
  const schema = {
    type: 'record',
    name: 'CustomerSignedUp',
    namespace: 'customers',
    fields: [
      { name: 'eventId', type: 'string' },
      { name: 'occurredAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
      { name: 'customerId', type: 'string' },
      { name: 'email', type: 'string', 'confluent:tags': ['PII'] },
    ],
  };
  const encryptPii = {
    name: 'encryptPii',
    kind: 'TRANSFORM',
    mode: 'WRITEREAD',
    type: 'ENCRYPT',
    tags: ['PII'],
    params: { 'encrypt.kek.name': 'customers-kek', 'encrypt.kms.type': 'local-kms', 'encrypt.kms.key.id': 'customers-key' },
    onFailure: 'ERROR,ERROR',
  };
  const ruleConfig = { secret: 'local-kms-secret-of-the-test' };

  const client = (person: Person) =>
    new SchemaRegistryClient({
      baseURLs: [app.url],
      basicAuthCredentials: { credentialsSource: 'USER_INFO', userInfo: `${person}:${w.tokens[person]}` },
      maxRetries: 0,
    });
  /** A rule registry of its own per serde: the executor keeps one DEK client, with one principal's credentials. */
  const rules = () => {
    const registry = new RuleRegistry();
    registry.registerExecutor(new FieldEncryptionExecutor());
    return registry;
  };
  const serializer = (person: Person) =>
    new AvroSerializer(client(person), SerdeType.VALUE, { useLatestVersion: true, autoRegisterSchemas: false, ruleConfig }, rules());
  /** The decoded record's own fields (avsc answers a record class instance). */
  const deserialize = async (person: Person, bytes: Buffer) => {
    const decoded = await new AvroDeserializer(client(person), SerdeType.VALUE, { ruleConfig }, rules()).deserialize(topic, bytes);
    return JSON.parse(JSON.stringify(decoded));
  };
  const refusedReads = async (actor: string) =>
    (
      (await app.superuser(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'keys.dek.read-refused' AND actor = $1`, [
        actor,
      ])) as any[]
    )[0].n;

  let bytes: Buffer;

  beforeAll(async () => {
    LocalKmsDriver.register();
    app = await TestApp.start({ CHARTER_JURISDICTION: 'EU' });
    w = await AccessWorld.create(app);
    await w.topic(topic, { classification: 'CONFIDENTIAL' });
    const kek = await app.fetch('/dek-registry/v1/keks', {
      method: 'POST',
      headers: { authorization: `Bearer ${w.tokens.stella}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'customers-kek', kmsType: 'local-kms', kmsKeyId: 'customers-key', jurisdiction: 'EU' }),
    });
    expect(kek.status).toBe(200);
    await client('olga').register(`${topic}-value`, {
      schemaType: 'AVRO',
      schema: JSON.stringify(schema),
      ruleSet: { domainRules: [encryptPii] },
    } as any);
    // The serializer encrypts the fields of the object it is given, in place: give it a copy.
    bytes = await serializer('olga').serialize(topic, { ...record });
  }, 120_000);
  afterAll(() => app?.close());

  it('the serialized bytes do not hold the PII field in clear, and the owning team decrypts them', async () => {
    expect(bytes.includes(Buffer.from(plaintextEmail))).toBe(false);
    expect(bytes.includes(Buffer.from('c-42'))).toBe(true);
    const stored = (await app.superuser(`SELECT encrypted_key_material FROM dek WHERE subject = $1`, [`${topic}-value`])) as any[];
    expect(stored).toHaveLength(1);
    expect(await deserialize('otto', bytes)).toEqual(record);
  });

  it('a principal without a grant is refused the DEK by Charter, and the client cannot decrypt', async () => {
    await expect(deserialize('rita', bytes)).rejects.toThrow(/refused to 'rita'.*40301/);
    expect(await refusedReads('rita')).toBe(1);
  });

  it('a READ grant opens the key; revoking it closes it again at once', async () => {
    const request = await w.requested('rita', topic);
    await w.decide('olga', 'approve', { id: request.id });
    expect(await deserialize('rita', bytes)).toEqual(record);
    expect(await deserialize('tom', bytes)).toEqual(record);

    await w.decide('olga', 'revoke', { id: request.id, reason: 'processing ended' });
    await expect(deserialize('rita', bytes)).rejects.toThrow(/refused to 'rita'.*40301/);
    expect(await refusedReads('rita')).toBe(2);
    const counted = (await app.superuser(`SELECT principal, reads::int FROM dek_read_count WHERE subject = $1 ORDER BY principal`, [
      `${topic}-value`,
    ])) as any[];
    // The producer created the DEK (its first fetch found none), so its read is not among them.
    expect(counted).toEqual([
      { principal: 'otto', reads: 1 },
      { principal: 'rita', reads: 1 },
      { principal: 'tom', reads: 1 },
    ]);
  });
});

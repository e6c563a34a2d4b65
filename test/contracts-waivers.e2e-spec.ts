import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { APPROVE_WAIVER, CHECK_SCHEMA, CREATE_ENTITY, gql, gqlError, REJECT_WAIVER, REQUEST_WAIVER, summary } from './support/contracts';
import { createTeams, tokensFor } from './support/principals';
import { RegistryHttp } from './support/registry-http';
import { ADMIN_TOKEN, TestApp } from './support/test-app';
import { registerTopic } from './support/topics';

const TOPIC = 'crm.customer-updated';
const SUBJECT = `${TOPIC}-value`;
const pii = (name: string) => ({ name, type: 'string', 'confluent:tags': ['PII'] });
const schemaOf = (fields: object[]) => JSON.stringify({ type: 'record', name: 'CustomerUpdated', namespace: 'crm', fields });
const ENVELOPE = [
  { name: 'eventId', type: 'string' },
  { name: 'occurredAt', type: 'long' },
  { name: 'customerId', type: 'string' },
];
// Three of the Customer entity's four attributes: a replica.
const REPLICA = schemaOf([...ENVELOPE, pii('email'), pii('phone'), pii('firstName')]);
const REPLICA_WITH_NOTE = schemaOf([
  ...ENVELOPE,
  pii('email'),
  pii('phone'),
  pii('firstName'),
  { name: 'note', type: 'string', default: '' },
]);

const VERSION = `query($v: Int!) { topic(name: "${TOPIC}") { subjects { subject version(version: $v) { version
  findings { rule severity path waiverId } waivers { rule state requestedBy decidedBy } } } } }`;

/** Registration through a real Kafka registry client: refused while a contract blocks, accepted with a steward's waiver. */
describe('payload contracts: waivers and registration through @kafkajs/confluent-schema-registry', () => {
  let app: TestApp;
  let tokens: Record<'owner' | 'stewardOwner' | 'steward' | 'outsider', string>;
  const client = () => new SchemaRegistry({ host: app.url, auth: { username: 'olive', password: tokens.owner } });
  const register = (schema: string) => client().register({ type: SchemaType.AVRO, schema }, { subject: SUBJECT });
  const request = (input: Record<string, unknown>, token = tokens.owner) =>
    app.graphql(
      REQUEST_WAIVER,
      {
        input: {
          subject: SUBJECT,
          schemaVersion: 1,
          rule: 'entity-replica',
          justification: 'Migration week: consumers move to customerId next sprint.',
          ...input,
        },
      },
      token,
    );

  beforeAll(async () => {
    app = await TestApp.start();
    await createTeams(app, 'crm', 'shop');
    await registerTopic(app, { name: TOPIC, ownerTeam: 'crm', intent: 'EVENT', classification: 'CONFIDENTIAL' });
    tokens = await tokensFor(app, {
      owner: { username: 'olive', teams: ['crm'] },
      stewardOwner: { username: 'stevie', teams: ['crm'], roles: ['steward'] },
      steward: { username: 'stella', roles: ['steward'] },
      outsider: { username: 'rita', teams: ['shop'] },
    });
    await gql(
      app,
      CREATE_ENTITY,
      {
        input: { name: 'Customer', ownerTeam: 'crm', sourceSystem: 'the CRM API', attributes: ['email', 'phone', 'firstName', 'lastName'] },
      },
      tokens.owner,
    );
  });
  afterAll(() => app.close());

  it('refuses a replica with a message the client shows as is', async () => {
    const error = await register(REPLICA).then(
      () => undefined,
      (err: Error) => err,
    );
    expect(error?.message).toContain('breaks the payload contract of topic "crm.customer-updated"');
    expect(error?.message).toContain(
      '[BLOCK] entity-replica: The schema carries 3 of 4 attributes (75%) of entity Customer (system of record: the CRM API)',
    );
    expect(error?.message).toContain('Instead: Carry `customerId` and let consumers query the CRM API for the rest');
    expect(error?.message).toContain('request a waiver for version 1 (rule entity-replica)');
    const check = await new RegistryHttp(app).post(`/compatibility/subjects/${SUBJECT}/versions?verbose=true`, { schema: REPLICA });
    expect(check.body).toEqual({
      is_compatible: true,
      messages: [],
      findings: [
        expect.objectContaining({ rule: 'entity-replica', severity: 'BLOCK', path: '' }),
        // A CONFIDENTIAL topic whose PII travels without an ENCRYPT rule: a warning by default.
        expect.objectContaining({ rule: 'personal-data-unencrypted', severity: 'WARN', path: '' }),
      ],
    });
  });

  it('lets only the owners ask, and only for blocking rules of versions still to come', async () => {
    expect((await request({}, tokens.outsider)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await request({ rule: 'untagged-personal-field' })).errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'rule',
    });
    expect((await request({ justification: 'because' })).errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'justification',
    });
    expect((await request({ subject: `${TOPIC}-key` })).errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      rule: 'value-subject',
    });
    expect((await request({ subject: 'elsewhere-value' })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('needs a steward other than the requester, and a rejection keeps the version out', async () => {
    const own = (await request({}, tokens.stewardOwner)).data.requestContractWaiver;
    expect(own).toMatchObject({ state: 'REQUESTED', requestedBy: 'stevie', version: 1 });
    expect((await gqlError(app, APPROVE_WAIVER, { input: { id: own.id } }, tokens.stewardOwner)).extensions).toMatchObject({
      code: 'FORBIDDEN',
      rule: 'four-eyes',
    });
    expect((await gqlError(app, APPROVE_WAIVER, { input: { id: own.id } }, tokens.owner)).extensions).toMatchObject({
      code: 'FORBIDDEN',
      rule: 'steward-decides',
    });
    expect((await request({})).errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', rule: 'one-open-waiver' });
    const rejected = (await gql(app, REJECT_WAIVER, { input: { id: own.id, note: 'Carry the id instead.' } }, tokens.steward))
      .rejectContractWaiver;
    expect(rejected).toMatchObject({ state: 'REJECTED', decidedBy: 'stella' });
    expect((await gqlError(app, APPROVE_WAIVER, { input: { id: own.id } }, tokens.steward)).extensions).toMatchObject({
      code: 'CONFLICT',
      rule: 'open-request',
    });
    await expect(register(REPLICA)).rejects.toThrow(/entity-replica/);
  });

  it('accepts the version with a granted waiver bound to its fingerprint, and shows the findings and waivers on it', async () => {
    const checked = (await gql(app, CHECK_SCHEMA, { input: { topic: TOPIC, schema: REPLICA } }, tokens.owner)).checkSchema;
    expect(checked).toMatchObject({ subject: SUBJECT, topic: TOPIC, nextVersion: 1, blocking: true, leafFields: 6, taggedLeafFields: 3 });
    expect(summary(checked.findings)).toEqual(['entity-replica@', 'personal-data-unencrypted@ (WARN)']);
    const waiver = (await request({ schemaFingerprint: checked.fingerprint })).data.requestContractWaiver;
    expect(
      (await gql(app, APPROVE_WAIVER, { input: { id: waiver.id, expectedVersion: 1 } }, tokens.steward)).approveContractWaiver.state,
    ).toBe('GRANTED');

    // The waiver covers exactly the schema the steward saw.
    await expect(register(REPLICA_WITH_NOTE)).rejects.toThrow(/entity-replica/);
    const { id } = await register(REPLICA);
    expect(id).toBeGreaterThan(0);

    const version = (await gql(app, VERSION, { v: 1 }, tokens.outsider)).topic.subjects[0].version;
    expect(version.findings).toEqual([
      { rule: 'entity-replica', severity: 'BLOCK', path: '', waiverId: waiver.id },
      { rule: 'personal-data-unencrypted', severity: 'WARN', path: '', waiverId: null },
    ]);
    expect(version.waivers).toEqual([
      { rule: 'entity-replica', state: 'REJECTED', requestedBy: 'stevie', decidedBy: 'stella' },
      { rule: 'entity-replica', state: 'GRANTED', requestedBy: 'olive', decidedBy: 'stella' },
    ]);
    const audit = await gql(
      app,
      `{ auditLog(filter: { targetId: "${SUBJECT}" }) { edges { node { action actor details } } } }`,
      {},
      ADMIN_TOKEN,
    );
    expect(audit.auditLog.edges.map((e: any) => e.node)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'contract.waivers-applied',
          actor: 'olive',
          details: expect.objectContaining({ waivers: [waiver.id] }),
        }),
      ]),
    );
  });

  it('does not carry a waiver over to the next version', async () => {
    await expect(register(REPLICA_WITH_NOTE)).rejects.toThrow(/version 2 of subject[\s\S]*entity-replica/);
    const past = await request({ schemaVersion: 1, rule: 'field-budget' });
    expect(past.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'schemaVersion', rule: 'future-version' });
  });
});

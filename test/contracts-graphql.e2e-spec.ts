import { CONTRACT_FIELDS, gql, gqlError } from './support/contracts';
import { createTeams, tokensFor } from './support/principals';
import { RegistryHttp } from './support/registry-http';
import { requestStatements } from './support/request-statements';
import { ADMIN_TOKEN, TestApp } from './support/test-app';
import { registerTopic } from './support/topics';

const CONTRACT = `query($name: String!) { topic(name: $name) { contract { isDefault version updatedBy
  written { ${CONTRACT_FIELDS} } enforced { ${CONTRACT_FIELDS} } } } }`;
const UPDATE = `mutation($input: UpdateTopicContractInput!) { updateTopicContract(input: $input) { isDefault version
  written { maxLeafFields maxFieldsAddedPerVersion enforcement allowedTags { classification tags } } enforced { maxLeafFields } } }`;
const RESET = `mutation($topic: String!) { resetTopicContract(topic: $topic) { isDefault version } }`;
const LIMITS = `mutation($input: SetContractLimitsInput!) { setContractLimits(input: $input) { intent maxLeafFields isDefault version updatedBy } }`;
const ENTITY_FIELDS = 'id name sourceSystem attributes schemaType version owner { slug }';

/** Contracts, ceilings and entities over GraphQL, with real tokens for each role. */
describe('payload contracts over GraphQL', () => {
  let app: TestApp;
  let tokens: Record<'owner' | 'outsider' | 'steward', string>;
  const topic = 'crm.customer-changed';

  beforeAll(async () => {
    app = await TestApp.start();
    await createTeams(app, 'crm', 'shop');
    await registerTopic(app, { name: topic, ownerTeam: 'crm', intent: 'EVENT', classification: 'INTERNAL' });
    tokens = await tokensFor(app, {
      owner: { username: 'olive', teams: ['crm'] },
      outsider: { username: 'rita', teams: ['shop'] },
      steward: { username: 'stella', roles: ['steward'] },
    });
  });
  afterAll(() => app.close());

  it('shows the default contract of an EVENT topic, and the default ceilings', async () => {
    const { contract } = (await gql(app, CONTRACT, { name: topic }, tokens.outsider)).topic;
    expect(contract).toMatchObject({ isDefault: true, version: 0, updatedBy: null });
    expect(contract.enforced).toMatchObject({
      maxLeafFields: 25,
      maxFieldsAddedPerVersion: 3,
      maxFieldsAddedTotal: 12,
      maxDepth: 3,
      entityOverlapThreshold: 0.5,
      enforcement: 'BLOCK',
    });
    expect(contract.enforced.allowedTags).toEqual([
      { classification: 'PUBLIC', tags: [] },
      { classification: 'INTERNAL', tags: ['FINANCIAL'] },
      { classification: 'CONFIDENTIAL', tags: ['PII', 'FINANCIAL', 'HEALTH'] },
      { classification: 'RESTRICTED', tags: ['PII', 'FINANCIAL', 'HEALTH'] },
    ]);
    expect(contract.enforced.requiredFields.map((r: any) => r.label)).toEqual(['event id', 'occurrence time']);
    const limits = (await gql(app, '{ contractLimits { intent maxLeafFields isDefault } }', {}, tokens.outsider)).contractLimits;
    expect(limits).toEqual([
      { intent: 'EVENT', maxLeafFields: 500, isDefault: true },
      { intent: 'STATE', maxLeafFields: 500, isDefault: true },
      { intent: 'COMMAND', maxLeafFields: 500, isDefault: true },
    ]);
  });

  it('lets the owners change their contract, audited, and guards against stale writes', async () => {
    const updated = (await gql(app, UPDATE, { input: { topic, maxLeafFields: 30, enforcement: 'WARN' } }, tokens.owner))
      .updateTopicContract;
    expect(updated).toMatchObject({
      isDefault: false,
      version: 1,
      written: { maxLeafFields: 30, maxFieldsAddedPerVersion: 3, enforcement: 'WARN' },
    });
    const stale = await gqlError(app, UPDATE, { input: { topic, maxDepth: 2, expectedVersion: 0 } }, tokens.owner);
    expect(stale.extensions).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion', rule: 'current-version' });
    expect((await gql(app, UPDATE, { input: { topic, maxDepth: 2, expectedVersion: 1 } }, tokens.owner)).updateTopicContract.version).toBe(
      2,
    );
    const audit = await gql(
      app,
      `{ auditLog(filter: { targetType: "topic", targetId: "${topic}" }) { edges { node { action actor details } } } }`,
      {},
      ADMIN_TOKEN,
    );
    const entry = audit.auditLog.edges.map((e: any) => e.node).find((n: any) => n.action === 'contract.updated');
    expect(entry).toMatchObject({
      actor: 'olive',
      details: { before: expect.objectContaining({ maxDepth: 3 }), after: expect.objectContaining({ maxDepth: 2 }) },
    });
  });

  it.each([
    [
      { maxFieldsAddedPerVersion: 20, maxFieldsAddedTotal: 10 },
      'maxFieldsAddedPerVersion',
      'at-most-total',
      /more than maxFieldsAddedTotal/,
    ],
    [{ maxLeafFields: 1 }, 'maxLeafFields', 'fits-required-fields', /less than the 2 required fields/],
    [{ entityOverlapThreshold: 1.5 }, 'entityOverlapThreshold', 'share', /more than 0 and at most 1/],
    [{ maxDepth: -1 }, 'maxDepth', 'positive-integer', /at least 1/],
    [
      { allowedTags: [{ classification: 'RESTRICTED', tags: ['CREDENTIAL'] }] },
      'allowedTags.RESTRICTED',
      'credential-never-allowed',
      /secrets never belong/,
    ],
    [
      { allowedTags: [{ classification: 'PUBLIC', tags: ['PII'] }] },
      'allowedTags.INTERNAL',
      'monotonic-tags',
      /PII is allowed on PUBLIC topics but not on INTERNAL/,
    ],
    [{ requiredFields: [{ label: 'event id', names: [] }] }, 'requiredFields[0].names', 'required', /at least one field name/],
  ])('rejects a contradictory contract %j naming %s', async (change, field, rule, message) => {
    const error = await gqlError(app, UPDATE, { input: { topic, ...change } }, tokens.owner);
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, rule });
    expect(error.message).toMatch(message);
  });

  it('keeps contracts to owners, stewards and admins, and ceilings to stewards and admins', async () => {
    expect((await gqlError(app, UPDATE, { input: { topic, maxLeafFields: 20 } }, tokens.outsider)).extensions?.code).toBe('FORBIDDEN');
    expect((await gqlError(app, LIMITS, { input: { intent: 'EVENT', maxLeafFields: 10 } }, tokens.owner)).extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect(
      (await gql(app, UPDATE, { input: { topic, maxLeafFields: 29 } }, tokens.steward)).updateTopicContract.written.maxLeafFields,
    ).toBe(29);
  });

  it('enforces lower ceilings at once and refuses contracts above them', async () => {
    const limits = (await gql(app, LIMITS, { input: { intent: 'EVENT', maxLeafFields: 28, allowWarnEnforcement: false } }, tokens.steward))
      .setContractLimits;
    expect(limits).toEqual({ intent: 'EVENT', maxLeafFields: 28, isDefault: false, version: 1, updatedBy: 'stella' });
    const { contract } = (await gql(app, CONTRACT, { name: topic }, tokens.owner)).topic;
    expect(contract.written).toMatchObject({ maxLeafFields: 29, enforcement: 'WARN' });
    expect(contract.enforced).toMatchObject({ maxLeafFields: 28, enforcement: 'BLOCK' });
    const above = await gqlError(app, UPDATE, { input: { topic, maxLeafFields: 29, enforcement: 'BLOCK' } }, tokens.owner);
    expect(above.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'maxLeafFields', rule: 'steward-ceiling' });
    const contradictory = await gqlError(app, LIMITS, { input: { intent: 'EVENT', maxFieldsAddedPerVersion: 600 } }, tokens.steward);
    expect(contradictory.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'maxFieldsAddedPerVersion', rule: 'at-most-total' });
    expect((await gql(app, RESET, { topic }, tokens.owner)).resetTopicContract).toEqual({ isDefault: true, version: 0 });
    expect((await gql(app, CONTRACT, { name: topic }, tokens.owner)).topic.contract.enforced.maxLeafFields).toBe(25);
  });

  describe('entities', () => {
    const CREATE = `mutation($input: CreateCatalogueEntityInput!) { createCatalogueEntity(input: $input) { ${ENTITY_FIELDS} } }`;
    const UPDATE_ENTITY = `mutation($input: UpdateCatalogueEntityInput!) { updateCatalogueEntity(input: $input) { ${ENTITY_FIELDS} } }`;

    it('declares entities from a list, a schema or a registered version', async () => {
      const listed = (
        await gql(
          app,
          CREATE,
          {
            input: {
              name: 'Customer',
              ownerTeam: 'crm',
              sourceSystem: 'crm-db',
              attributes: ['email', 'phone', 'first_name', 'firstName'],
            },
          },
          tokens.owner,
        )
      ).createCatalogueEntity;
      expect(listed).toMatchObject({
        name: 'Customer',
        attributes: ['email', 'phone', 'first_name'],
        schemaType: null,
        version: 1,
        owner: { slug: 'crm' },
      });
      const avro = JSON.stringify({
        type: 'record',
        name: 'Order',
        fields: [
          { name: 'orderId', type: 'string' },
          {
            name: 'total',
            type: {
              type: 'record',
              name: 'Money',
              fields: [
                { name: 'minor', type: 'long' },
                { name: 'currency', type: 'string' },
              ],
            },
          },
        ],
      });
      const fromSchema = (
        await gql(
          app,
          CREATE,
          { input: { name: 'Order', ownerTeam: 'crm', sourceSystem: 'orders', schema: { schema: avro } } },
          tokens.steward,
        )
      ).createCatalogueEntity;
      expect(fromSchema).toMatchObject({ attributes: ['orderId', 'minor', 'currency'], schemaType: 'AVRO' });
      const proto = 'syntax = "proto3"; message Account { string iban = 1; string holder = 2; }';
      expect(
        (await new RegistryHttp(app).post('/subjects/crm.account-entity/versions', { schemaType: 'PROTOBUF', schema: proto })).status,
      ).toBe(200);
      const fromSubject = (
        await gql(
          app,
          CREATE,
          { input: { name: 'Account', ownerTeam: 'crm', sourceSystem: 'ledger', fromSubject: { subject: 'crm.account-entity' } } },
          tokens.owner,
        )
      ).createCatalogueEntity;
      expect(fromSubject).toMatchObject({ attributes: ['iban', 'holder'], schemaType: 'PROTOBUF' });
    });

    it('refuses duplicates, ambiguous sources, bad names and outsiders', async () => {
      const input = { name: 'customer', ownerTeam: 'crm', sourceSystem: 'x', attributes: ['a'] };
      expect((await gqlError(app, CREATE, { input }, tokens.owner)).extensions).toMatchObject({
        code: 'CONFLICT',
        field: 'name',
        rule: 'unique',
      });
      const both = await gqlError(app, CREATE, { input: { ...input, name: 'Both', schema: { schema: '"string"' } } }, tokens.owner);
      expect(both.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'attributes', rule: 'one-source' });
      const notRecord = await gqlError(
        app,
        CREATE,
        { input: { name: 'Plain', ownerTeam: 'crm', sourceSystem: 'x', schema: { schema: '"string"' } } },
        tokens.owner,
      );
      expect(notRecord.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'schema', rule: 'record-schema' });
      expect(
        (await gqlError(app, CREATE, { input: { ...input, name: 'Bad', attributes: ['has space'] } }, tokens.owner)).extensions,
      ).toMatchObject({ rule: 'attribute-name' });
      expect((await gqlError(app, CREATE, { input: { ...input, name: 'Other' } }, tokens.outsider)).extensions?.code).toBe('FORBIDDEN');
    });

    it('updates and deletes entities, audited', async () => {
      const updated = (
        await gql(
          app,
          UPDATE_ENTITY,
          { input: { name: 'CUSTOMER', expectedVersion: 1, attributes: ['email', 'phone', 'firstName', 'lastName'] } },
          tokens.owner,
        )
      ).updateCatalogueEntity;
      expect(updated).toMatchObject({ name: 'Customer', attributes: ['email', 'phone', 'firstName', 'lastName'], version: 2 });
      expect(
        (await gqlError(app, UPDATE_ENTITY, { input: { name: 'Customer', expectedVersion: 1, sourceSystem: 'y' } }, tokens.owner))
          .extensions?.code,
      ).toBe('CONFLICT');
      expect(
        (await gqlError(app, `mutation { deleteCatalogueEntity(name: "Order") { name } }`, {}, tokens.outsider)).extensions?.code,
      ).toBe('FORBIDDEN');
      expect(
        (await gql(app, `mutation { deleteCatalogueEntity(name: "Order") { name } }`, {}, tokens.owner)).deleteCatalogueEntity.name,
      ).toBe('Order');
      const names = (await gql(app, `{ catalogueEntities { name } }`, {}, tokens.outsider)).catalogueEntities.map((e: any) => e.name);
      expect(names).toEqual(['Account', 'Customer']);
      const audit = await gql(
        app,
        `{ auditLog(filter: { targetType: "entity" }) { edges { node { action targetId } } } }`,
        {},
        ADMIN_TOKEN,
      );
      expect(audit.auditLog.edges.map((e: any) => `${e.node.action} ${e.node.targetId}`)).toEqual(
        expect.arrayContaining(['entity.created Customer', 'entity.updated Customer', 'entity.deleted Order']),
      );
    });
  });

  it('answers contracts, growth, findings and waivers of a page of topics in the same number of statements for 3 or 30 topics', async () => {
    const registry = new RegistryHttp(app);
    for (let i = 0; i < 30; i++) {
      const name = `bulk.event-${String(i).padStart(2, '0')}`;
      await registerTopic(app, { name, ownerTeam: 'crm', tags: ['bulk'] });
      const fields = [
        { name: 'eventId', type: 'string' },
        { name: 'occurredAt', type: 'long' },
        { name: `f${i}`, type: 'string' },
      ];
      expect(
        (await registry.post(`/subjects/${name}-value/versions`, { schema: JSON.stringify({ type: 'record', name: 'Bulk', fields }) }))
          .status,
      ).toBe(200);
    }
    const query = `query($first: Int!) { topics(first: $first, filter: { tag: "bulk" }) { edges { node { name
      contract { isDefault enforced { maxLeafFields } } contractGrowth { maxLeafFields points { leafFields taggedShare } }
      subjects { latest { findings { rule } waivers { state } } } } } } }`;
    const measure = (first: number) =>
      requestStatements(app, async () => {
        const res = await app.graphql(query, { first }, tokens.outsider);
        expect(res.errors).toBeUndefined();
        expect(res.data.topics.edges).toHaveLength(first);
        expect(res.data.topics.edges[first - 1].node).toMatchObject({
          contract: { isDefault: true, enforced: { maxLeafFields: 25 } },
          contractGrowth: { maxLeafFields: 25, points: [{ leafFields: 3, taggedShare: 0 }] },
          subjects: [{ latest: { findings: [], waivers: [] } }],
        });
      });
    const small = await measure(3);
    const large = await measure(30);
    expect(large).toBe(small);
    expect(small).toBeGreaterThanOrEqual(2); // at least the page and its latest versions
    expect(small).toBeLessThanOrEqual(12);
  });
});

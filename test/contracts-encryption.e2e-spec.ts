import { APPROVE_WAIVER, gql, REQUEST_WAIVER } from './support/contracts';
import { createTeams, tokensFor } from './support/principals';
import { avroRecord, RegistryHttp } from './support/registry-http';
import { TestApp } from './support/test-app';
import { registerTopic } from './support/topics';

const LIMITS = `mutation($input: SetContractLimitsInput!) { setContractLimits(input: $input) {
  personalTags unencryptedPersonalData { confidential restricted } version } }`;
const VERSION = `query($name: String!) { topic(name: $name) { subjects { latest { version
  ruleSet { domainRules { name kind mode type tags params { name value } expr disabled } migrationRules { name } encodingRules { name } }
  metadata { properties { name value } tags { path tags } sensitive }
  fields { path tags encrypted } } } } }`;
const GROWTH = `query($name: String!) { topic(name: $name) { contractGrowth { points { version warnings waivedFindings } } } }`;

/**
 * The payload contract asks for encryption (`personal-data-unencrypted`, docs/data-contracts.md):
 * on CONFIDENTIAL and RESTRICTED topics every personal tag needs an ENCRYPT rule naming it.
 */
describe('contract rule personal-data-unencrypted', () => {
  let app: TestApp;
  let r: RegistryHttp;
  let tokens: Record<'owner' | 'steward', string>;

  const person = avroRecord('Person', [
    { name: 'eventId', type: 'string' },
    { name: 'occurredAt', type: 'long' },
    { name: 'email', type: 'string', 'confluent:tags': ['PII'] },
    { name: 'diagnosis', type: 'string', 'confluent:tags': ['HEALTH'] },
  ]);
  const encryptPii = {
    name: 'encryptPii',
    kind: 'TRANSFORM',
    mode: 'WRITEREAD',
    type: 'ENCRYPT',
    tags: ['PII'],
    params: { 'encrypt.kek.name': 'customers-kek' },
  };
  const findingsOf = (res: { body: any }) => (res.body.message as string) ?? '';

  beforeAll(async () => {
    app = await TestApp.start();
    r = new RegistryHttp(app);
    await createTeams(app, 'crm');
    tokens = await tokensFor(app, { owner: { username: 'olive', teams: ['crm'] }, steward: { username: 'stella', roles: ['steward'] } });
    await registerTopic(app, { name: 'crm.restricted', ownerTeam: 'crm', intent: 'EVENT', classification: 'RESTRICTED' });
    await registerTopic(app, { name: 'crm.confidential', ownerTeam: 'crm', intent: 'EVENT', classification: 'CONFIDENTIAL' });
  });
  afterAll(() => app.close());

  it('RESTRICTED: a PII field without an ENCRYPT rule is refused, naming the rule and the field', async () => {
    const res = await r.register('crm.restricted-value', person);
    expect(res.status).toBe(409);
    expect(findingsOf(res)).toContain('personal-data-unencrypted');
    expect(findingsOf(res)).toContain('email');
  });

  it('RESTRICTED: an ENCRYPT rule naming PII lets it through; GraphQL shows the rules and which fields are encrypted', async () => {
    const res = await r.register('crm.restricted-value', person, {
      ruleSet: { domainRules: [encryptPii] },
      metadata: { properties: { owner: 'crm' } },
    });
    expect(res.status).toBe(200);
    const latest = (await gql(app, VERSION, { name: 'crm.restricted' }, tokens.owner)).topic.subjects[0].latest;
    expect(latest.ruleSet).toEqual({
      domainRules: [{ ...encryptPii, params: [{ name: 'encrypt.kek.name', value: 'customers-kek' }], expr: null, disabled: false }],
      migrationRules: [],
      encodingRules: [],
    });
    expect(latest.metadata).toEqual({ properties: [{ name: 'owner', value: 'crm' }], tags: [], sensitive: [] });
    expect(latest.fields.map((f: any) => [f.path, f.encrypted])).toEqual([
      ['eventId', false],
      ['occurredAt', false],
      ['email', true],
      ['diagnosis', false],
    ]);
  });

  it('CONFIDENTIAL: the same schema registers with a warning, which the growth report counts', async () => {
    expect((await r.register('crm.confidential-value', person)).status).toBe(200);
    const points = (await gql(app, GROWTH, { name: 'crm.confidential' }, tokens.owner)).topic.contractGrowth.points;
    expect(points[0].warnings).toBeGreaterThanOrEqual(1);
  });

  it('a steward makes HEALTH personal and the rule BLOCK on CONFIDENTIAL topics; a waiver lets a version through', async () => {
    const limits = await gql(
      app,
      LIMITS,
      { input: { intent: 'EVENT', personalTags: ['HEALTH'], unencryptedPersonalData: { confidential: 'BLOCK' } } },
      tokens.steward,
    );
    expect(limits.setContractLimits).toMatchObject({
      personalTags: ['HEALTH'],
      unencryptedPersonalData: { confidential: 'BLOCK', restricted: 'BLOCK' },
    });
    // A rule for PII alone now leaves HEALTH uncovered.
    const next = avroRecord('Person', [...person.fields, { name: 'note', type: ['null', 'string'], default: null }]);
    const refused = await r.register('crm.confidential-value', next, { ruleSet: { domainRules: [encryptPii] } });
    expect(refused.status).toBe(409);
    expect(findingsOf(refused)).toContain('HEALTH');
    expect(findingsOf(refused)).not.toContain('tag PII');

    const waiver = (
      await gql(
        app,
        REQUEST_WAIVER,
        {
          input: {
            subject: 'crm.confidential-value',
            schemaVersion: 2,
            rule: 'personal-data-unencrypted',
            justification: 'Diagnosis codes are pseudonymised upstream until the HEALTH key is provisioned.',
          },
        },
        tokens.owner,
      )
    ).requestContractWaiver;
    await gql(app, APPROVE_WAIVER, { input: { id: waiver.id } }, tokens.steward);
    expect((await r.register('crm.confidential-value', next, { ruleSet: { domainRules: [encryptPii] } })).status).toBe(200);
    const points = (await gql(app, GROWTH, { name: 'crm.confidential' }, tokens.owner)).topic.contractGrowth.points;
    expect(points[1].waivedFindings).toBe(1);
  });

  it('a disabled ENCRYPT rule, or one whose tag differs in case, covers nothing', async () => {
    for (const rule of [
      { ...encryptPii, disabled: true },
      { ...encryptPii, tags: ['pii'] },
    ]) {
      const res = await r.post('/compatibility/subjects/crm.restricted-value/versions/latest?verbose=true', {
        schema: JSON.stringify(person),
        ruleSet: { domainRules: [rule] },
      });
      expect(res.body.findings).toEqual(
        expect.arrayContaining([expect.objectContaining({ rule: 'personal-data-unencrypted', severity: 'BLOCK' })]),
      );
    }
  });
});

import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { CUSTOMER, DRIFT_FINDINGS, DRIFT_STORY } from './support/contract-fixtures/drift-story';
import { writeShape } from './support/contract-fixtures/schema-shapes';
import { APPROVE_WAIVER, CHECK_SCHEMA, CREATE_ENTITY, gql, REQUEST_WAIVER, summary } from './support/contracts';
import { createTeams, tokensFor } from './support/principals';
import { TestApp } from './support/test-app';
import { registerTopic } from './support/topics';

const TOPIC = 'crm.customer-status-changed';
const SUBJECT = `${TOPIC}-value`;
const GROWTH = `{ topic(name: "${TOPIC}") { contractGrowth { subject maxLeafFields points { version leafFields taggedLeafFields taggedShare maxDepth waivedFindings warnings } } } }`;

/**
 * The replica guard's reason to exist, end to end: a notification topic evolves over a dozen
 * Protobuf versions (each one wire-compatible) toward a copy of the CRM's Customer. Every version
 * is dry-run checked, registered through a real Kafka registry client, refused where the contract
 * blocks, and let through with a steward's waiver so that the drift can go on.
 */
describe('drift story end to end: a customer notification becomes a Customer copy', () => {
  let app: TestApp;
  let tokens: Record<'owner' | 'steward', string>;
  const fired: string[][] = [];
  const waived: number[] = [];

  beforeAll(async () => {
    app = await TestApp.start();
    await createTeams(app, 'crm');
    await registerTopic(app, { name: TOPIC, ownerTeam: 'crm', intent: 'EVENT', classification: 'INTERNAL' });
    tokens = await tokensFor(app, { owner: { username: 'olive', teams: ['crm'] }, steward: { username: 'stella', roles: ['steward'] } });
    await gql(
      app,
      CREATE_ENTITY,
      { input: { name: CUSTOMER.name, ownerTeam: 'crm', sourceSystem: CUSTOMER.sourceSystem, attributes: CUSTOMER.attributes } },
      tokens.owner,
    );

    const client = new SchemaRegistry({ host: app.url, auth: { username: 'olive', password: tokens.owner } });
    const register = (schema: string) => client.register({ type: SchemaType.PROTOBUF, schema }, { subject: SUBJECT });
    let classification = 'INTERNAL';
    for (const [i, step] of DRIFT_STORY.entries()) {
      const version = i + 1;
      if (step.classification !== classification) {
        await gql(
          app,
          `mutation($input: UpdateTopicInput!) { updateTopic(input: $input) { classification } }`,
          { input: { name: TOPIC, classification: step.classification } },
          tokens.owner,
        );
        classification = step.classification;
      }
      const schema = writeShape('PROTOBUF', step.shape, 'CustomerStatusChanged').text;
      const check = (await gql(app, CHECK_SCHEMA, { input: { topic: TOPIC, schemaType: 'PROTOBUF', schema } }, tokens.owner)).checkSchema;
      expect(check.nextVersion).toBe(version);
      fired.push(summary(check.findings));
      const blocking = [...new Set<string>(check.findings.filter((f: any) => f.severity === 'BLOCK').map((f: any) => f.rule))];
      if (blocking.length > 0) {
        await expect(register(schema)).rejects.toThrow(
          new RegExp(`version ${version} of subject "${SUBJECT}" breaks the payload contract`),
        );
        for (const rule of blocking) {
          const justification = `Drift story, version ${version}: letting ${rule} through to show what comes next.`;
          const waiver = (
            await gql(
              app,
              REQUEST_WAIVER,
              { input: { subject: SUBJECT, schemaVersion: version, rule, schemaFingerprint: check.fingerprint, justification } },
              tokens.owner,
            )
          ).requestContractWaiver;
          await gql(app, APPROVE_WAIVER, { input: { id: waiver.id } }, tokens.steward);
        }
      }
      waived.push(check.findings.filter((f: any) => f.severity === 'BLOCK').length);
      expect((await register(schema)).id).toBeGreaterThan(0);
    }
  }, 180_000);
  afterAll(() => app.close());

  it.each(DRIFT_STORY.map((step, i) => [i + 1, step.note, i] as const))(
    'version %i (%s) gets the expected findings',
    (_version, _note, i) => {
      expect(fired[i]).toEqual(DRIFT_FINDINGS[i]);
    },
  );

  it('charts the growth: field count per version, tagged share, and the waivers that let it through', async () => {
    const growth = (await gql(app, GROWTH, {}, tokens.owner)).topic.contractGrowth;
    expect(growth).toMatchObject({ subject: SUBJECT, maxLeafFields: 25 });
    expect(growth.points.map((p: any) => p.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(growth.points.map((p: any) => p.leafFields)).toEqual([3, 5, 8, 9, 12, 14, 16, 20, 21, 23, 26, 27]);
    expect(growth.points.map((p: any) => p.taggedLeafFields)).toEqual([0, 0, 0, 2, 4, 5, 7, 11, 12, 12, 12, 12]);
    expect(growth.points.map((p: any) => p.waivedFindings)).toEqual(waived);
    // max-depth, the untagged password hash, and PII travelling unencrypted.
    expect(growth.points[11].warnings).toBe(3);
    expect(growth.points[11].taggedShare).toBeCloseTo(12 / 27);
  });

  it('ranks the topic first among those closest to their budget', async () => {
    const budgets = (
      await gql(
        app,
        `{ topicsClosestToBudget(first: 5) { topic { name } subject version leafFields maxLeafFields budgetUsed } }`,
        {},
        tokens.owner,
      )
    ).topicsClosestToBudget;
    expect(budgets[0]).toEqual({
      topic: { name: TOPIC },
      subject: SUBJECT,
      version: 12,
      leafFields: 27,
      maxLeafFields: 25,
      budgetUsed: 27 / 25,
    });
  });
});

import { createTeams, tokensFor } from './support/principals';
import { ADMIN_TOKEN, TestApp } from './support/test-app';
import { registerTopic, TOPIC_FIELDS } from './support/topics';

const UPDATE = `mutation($input: UpdateTopicInput!) { updateTopic(input: $input) { ${TOPIC_FIELDS} } }`;
const TRANSFER = `mutation($input: TransferTopicInput!) { transferTopic(input: $input) { name owner { slug } } }`;
const DEPRECATE = `mutation($input: DeprecateTopicInput!) { deprecateTopic(input: $input) { name lifecycle sunsetAt replacement { name } } }`;
const RETIRE = `mutation($input: RetireTopicInput!) { retireTopic(input: $input) { name lifecycle } }`;
const REGISTER = `mutation($input: RegisterTopicInput!) { registerTopic(input: $input) { name } }`;
const TOPIC = `query($name: String!) { topic(name: $name) { ${TOPIC_FIELDS} } }`;
const AUDIT = `query($id: String!) { auditLog(filter: { targetType: "topic", targetId: $id }, first: 20) { edges { node { action details } } } }`;

const future = () => new Date(Date.now() + 30 * 86_400_000).toISOString();

describe('catalogue: topics', () => {
  let app: TestApp;
  let tokens: Record<'admin' | 'steward' | 'owner' | 'ownerSteward' | 'outsider' | 'nobody', string>;
  let seq = 0;
  const fresh = async (extra: Record<string, unknown> = {}) =>
    registerTopic(app, { name: `role.topic-${++seq}`, ownerTeam: 'payments', classification: 'CONFIDENTIAL', ...extra });

  beforeAll(async () => {
    app = await TestApp.start();
    await createTeams(app, 'payments', 'retail', 'risk');
    tokens = {
      admin: ADMIN_TOKEN,
      ...(await tokensFor(app, {
        steward: { username: 'stella', roles: ['steward'] },
        owner: { username: 'olive', teams: ['payments'] },
        ownerSteward: { username: 'oscar', teams: ['payments'], roles: ['steward'] },
        outsider: { username: 'rita', teams: ['retail'] },
        nobody: { username: 'nina' },
      })),
    };
  });

  afterAll(() => app.close());

  it('registers a topic with every field and reads it back', async () => {
    const created = await registerTopic(app, {
      name: 'payments.card-authorised.v1',
      ownerTeam: 'payments',
      displayName: 'Card authorised',
      description: 'A card payment was **authorised**.',
      intent: 'EVENT',
      classification: 'CONFIDENTIAL',
      jurisdiction: 'EU',
      residency: ['eu-west-1', 'eu-central-1'],
      accessPolicy: 'OWNER_AND_STEWARD_APPROVAL',
      maxGrantDays: 180,
      lifecycle: 'ACTIVE',
      tags: ['payments', 'cards'],
      contacts: [{ kind: 'email', value: 'payments@example.com' }],
      retentionMs: '604800000',
      partitions: 12,
    });
    const read = (await app.graphql(TOPIC, { name: 'payments.card-authorised.v1' })).data.topic;
    expect(read).toEqual(created);
    expect(read).toMatchObject({ owner: { slug: 'payments' }, residency: ['eu-west-1', 'eu-central-1'], version: 1, lifecycle: 'ACTIVE' });
    const audit = (await app.graphql(AUDIT, { id: 'payments.card-authorised.v1' })).data.auditLog.edges;
    expect(audit[0].node.action).toBe('topic.registered');
    expect(audit[0].node.details.after).toMatchObject({ classification: 'CONFIDENTIAL', maxGrantDays: 180 });
  });

  it.each([
    ['.', 'name'],
    ['..', 'name'],
    ['has space', 'name'],
    ['x'.repeat(250), 'name'],
    ['ünïcode', 'name'],
  ])('refuses the topic name %j naming the field', async (name, field) => {
    const res = await app.graphql(REGISTER, {
      input: { name, ownerTeam: 'payments', intent: 'EVENT', classification: 'PUBLIC', jurisdiction: 'EU' },
    });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('accepts a name of exactly 249 legal characters', async () => {
    await expect(registerTopic(app, { name: 'a.b_c-D9'.repeat(31) + 'x', ownerTeam: 'payments' })).resolves.toMatchObject({
      name: expect.any(String),
    });
  });

  it.each([
    [{ jurisdiction: 'MARS' }, 'jurisdiction', 'known-jurisdiction', 'BAD_USER_INPUT'],
    [{ classification: 'RESTRICTED', accessPolicy: 'OPEN' }, 'accessPolicy', 'restricted-not-open', 'BAD_USER_INPUT'],
    [{ ownerTeam: 'ghosts' }, 'ownerTeam', 'exists', 'NOT_FOUND'],
    [{ maxGrantDays: 0 }, 'maxGrantDays', 'min', 'BAD_USER_INPUT'],
    [{ tags: ['Not A Tag'] }, 'tags', 'matches', 'BAD_USER_INPUT'],
    [{ lifecycle: 'RETIRED' }, 'lifecycle', 'isIn', 'BAD_USER_INPUT'],
  ])('refuses %j with the field and rule', async (extra, field, rule, code) => {
    const res = await app.graphql(REGISTER, {
      input: {
        name: `bad.input-${++seq}`,
        ownerTeam: 'payments',
        intent: 'EVENT',
        classification: 'INTERNAL',
        jurisdiction: 'EU',
        ...extra,
      },
    });
    expect(res.errors?.[0].extensions).toMatchObject({ code, field, rule });
  });

  it('refuses a second topic with the same name', async () => {
    await registerTopic(app, { name: 'dup.topic', ownerTeam: 'payments' });
    const res = await app.graphql(REGISTER, {
      input: { name: 'dup.topic', ownerTeam: 'retail', intent: 'EVENT', classification: 'PUBLIC', jurisdiction: 'EU' },
    });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'name', rule: 'unique' });
  });

  describe('who may do what (role × mutation)', () => {
    type Role = keyof typeof tokens;
    const ROLES: Role[] = ['admin', 'steward', 'owner', 'ownerSteward', 'outsider', 'nobody'];
    const mutations: Record<string, { allowed: Role[]; run: (token: string) => Promise<any> }> = {
      registerTopic: {
        allowed: ['admin', 'owner', 'ownerSteward'],
        run: (token) =>
          app.graphql(
            REGISTER,
            { input: { name: `reg.by-${++seq}`, ownerTeam: 'payments', intent: 'EVENT', classification: 'PUBLIC', jurisdiction: 'EU' } },
            token,
          ),
      },
      'updateTopic (description)': {
        allowed: ['admin', 'owner', 'ownerSteward'],
        run: async (token) => app.graphql(UPDATE, { input: { name: (await fresh()).name, description: 'changed' } }, token),
      },
      'updateTopic (raise classification)': {
        allowed: ['admin', 'steward', 'owner', 'ownerSteward'],
        run: async (token) => app.graphql(UPDATE, { input: { name: (await fresh()).name, classification: 'RESTRICTED' } }, token),
      },
      'updateTopic (lower classification)': {
        allowed: ['admin', 'steward', 'ownerSteward'],
        run: async (token) => app.graphql(UPDATE, { input: { name: (await fresh()).name, classification: 'INTERNAL' } }, token),
      },
      'updateTopic (jurisdiction)': {
        allowed: ['admin', 'steward', 'ownerSteward'],
        run: async (token) => app.graphql(UPDATE, { input: { name: (await fresh()).name, jurisdiction: 'UK' } }, token),
      },
      transferTopic: {
        allowed: ['admin', 'ownerSteward'],
        run: async (token) => app.graphql(TRANSFER, { input: { name: (await fresh()).name, toTeam: 'risk' } }, token),
      },
      deprecateTopic: {
        allowed: ['admin', 'owner', 'ownerSteward'],
        run: async (token) =>
          app.graphql(DEPRECATE, { input: { name: (await fresh({ lifecycle: 'ACTIVE' })).name, sunsetAt: future() } }, token),
      },
      retireTopic: {
        allowed: ['admin', 'owner', 'ownerSteward'],
        run: async (token) => app.graphql(RETIRE, { input: { name: (await fresh()).name } }, token),
      },
    };
    const cells = Object.entries(mutations).flatMap(([name, m]) => ROLES.map((role) => [name, role, m.allowed.includes(role)] as const));

    it.each(cells)('%s by %s → allowed: %s', async (name, role, allowed) => {
      const res = await mutations[name].run(tokens[role]);
      if (allowed) expect(res.errors).toBeUndefined();
      else expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });
  });

  it('audits an update with before and after of the changed fields only', async () => {
    const t = await fresh();
    await app.graphql(UPDATE, { input: { name: t.name, description: 'new words', tags: ['x'] } });
    const entries = (await app.graphql(AUDIT, { id: t.name })).data.auditLog.edges.map((e: any) => e.node);
    const update = entries.find((e: any) => e.action === 'topic.updated');
    expect(update.details).toEqual({ before: { description: '', tags: [] }, after: { description: 'new words', tags: ['x'] } });
  });

  it('refuses a stale expected version, and changes nothing', async () => {
    const t = await fresh();
    await app.graphql(UPDATE, { input: { name: t.name, description: 'first' } });
    const res = await app.graphql(UPDATE, { input: { name: t.name, description: 'second', expectedVersion: 1 } });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion' });
    expect((await app.graphql(TOPIC, { name: t.name })).data.topic).toMatchObject({ description: 'first', version: 2 });
  });

  it('refuses lowering the policy of a topic to OPEN once it is RESTRICTED', async () => {
    const t = await fresh({ classification: 'RESTRICTED' });
    const res = await app.graphql(UPDATE, { input: { name: t.name, accessPolicy: 'OPEN' } });
    expect(res.errors?.[0].extensions).toMatchObject({ field: 'accessPolicy', rule: 'restricted-not-open' });
  });

  describe('lifecycle', () => {
    it('moves forward through deprecation with a replacement, and never back', async () => {
      const successor = await fresh({ lifecycle: 'ACTIVE' });
      const t = await fresh();
      expect((await app.graphql(UPDATE, { input: { name: t.name, lifecycle: 'ACTIVE' } })).data.updateTopic.lifecycle).toBe('ACTIVE');
      const sunsetAt = future();
      const dep = await app.graphql(DEPRECATE, { input: { name: t.name, sunsetAt, replacementTopic: successor.name } });
      expect(dep.data.deprecateTopic).toEqual({ name: t.name, lifecycle: 'DEPRECATED', sunsetAt, replacement: { name: successor.name } });
      const again = await app.graphql(DEPRECATE, { input: { name: t.name, sunsetAt } });
      expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', rule: 'forward-only' });
      expect((await app.graphql(RETIRE, { input: { name: t.name } })).data.retireTopic.lifecycle).toBe('RETIRED');
      const reactivate = await app.graphql(UPDATE, { input: { name: t.name, lifecycle: 'ACTIVE' } });
      expect(reactivate.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'lifecycle', rule: 'forward-only' });
    });

    it('refuses a sunset in the past, a replacement that is itself or retired', async () => {
      const t = await fresh({ lifecycle: 'ACTIVE' });
      const past = await app.graphql(DEPRECATE, { input: { name: t.name, sunsetAt: '2020-01-01T00:00:00.000Z' } });
      expect(past.errors?.[0].extensions).toMatchObject({ field: 'sunsetAt', rule: 'future' });
      const self = await app.graphql(DEPRECATE, { input: { name: t.name, sunsetAt: future(), replacementTopic: t.name } });
      expect(self.errors?.[0].extensions).toMatchObject({ field: 'replacementTopic', rule: 'not-self' });
      const gone = await fresh();
      await app.graphql(RETIRE, { input: { name: gone.name } });
      const retired = await app.graphql(DEPRECATE, { input: { name: t.name, sunsetAt: future(), replacementTopic: gone.name } });
      expect(retired.errors?.[0].extensions).toMatchObject({ field: 'replacementTopic', rule: 'live-replacement' });
      expect((await app.graphql(TOPIC, { name: t.name })).data.topic.lifecycle).toBe('ACTIVE');
    });
  });

  it('lists a team with its topics', async () => {
    await registerTopic(app, { name: 'risk.score-changed', ownerTeam: 'risk' });
    const res = await app.graphql(`{ team(slug: "risk") { topics { name owner { slug } } } }`);
    expect(res.data.team.topics).toContainEqual({ name: 'risk.score-changed', owner: { slug: 'risk' } });
  });
});

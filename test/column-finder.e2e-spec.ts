import { In } from 'typeorm';
import { TeamEntity } from '../src/catalogue/teams/team.entity';
import { teamStore } from '../src/catalogue/teams/team.store';
import { TopicEntity } from '../src/catalogue/topics/topic.entity';
import { topicStore } from '../src/catalogue/topics/topic.store';
import { createTeams } from './support/principals';
import { TestApp } from './support/test-app';
import { registerTopic } from './support/topics';

const byName = <T extends { name: string }>(rows: T[]) => [...rows].sort((a, b) => a.name.localeCompare(b.name));

/**
 * The stores read topics and teams by key without TypeORM's query builder (`columnFinder`); what
 * they return must be exactly what TypeORM's own finder returns, column by column, on either
 * database: every type the entities use (uuid, text, text[], jsonb, bigint, integer, timestamptz,
 * nulls) is set on some row here.
 */
describe('stores: topics and teams read by key as TypeORM reads them', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
    await createTeams(app, 'payments', 'retail');
    await registerTopic(app, {
      name: 'finder.full',
      ownerTeam: 'payments',
      classification: 'CONFIDENTIAL',
      description: 'Every optional column set',
      residency: ['eu-west-1', 'eu-central-1'],
      maxGrantDays: 90,
      tags: ['pii', 'cards'],
      contacts: [{ kind: 'EMAIL', value: 'payments@example.com' }],
      retentionMs: '604800000000',
      partitions: 12,
    });
    await registerTopic(app, { name: 'finder.bare', ownerTeam: 'retail' });
    const deprecate = `mutation($input: DeprecateTopicInput!) { deprecateTopic(input: $input) { name } }`;
    const sunsetAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const res = await app.graphql(deprecate, { input: { name: 'finder.full', sunsetAt, replacementTopic: 'finder.bare' } });
    expect(res.errors).toBeUndefined();
  });

  afterAll(() => app?.close());

  it('topics by name and by id', async () => {
    const em = app.dataSource.manager;
    const typeorm = byName(await em.findBy(TopicEntity, { name: In(['finder.full', 'finder.bare']) }));
    expect(typeorm).toHaveLength(2);
    expect(typeorm[1].sunsetAt).toBeInstanceOf(Date);
    expect(typeorm[1].replacementTopicId).toBe(typeorm[0].id);

    for (const topic of typeorm) {
      const found = await topicStore.byName(em, topic.name);
      expect(found).toBeInstanceOf(TopicEntity);
      expect(found).toStrictEqual(topic);
    }
    const ids = typeorm.map((t) => t.id);
    expect(byName(await topicStore.byIds(em, ids))).toStrictEqual(typeorm);
    expect(await topicStore.byName(em, 'finder.none')).toBeNull();
    expect(await topicStore.byIds(em, [])).toEqual([]);
  });

  it('teams by slug and by id', async () => {
    const em = app.dataSource.manager;
    const typeorm = byName(await em.findBy(TeamEntity, { slug: In(['payments', 'retail']) }));
    expect(typeorm).toHaveLength(2);
    for (const team of typeorm) expect(await teamStore.bySlug(em, team.slug)).toStrictEqual(team);
    const ids = typeorm.map((t) => t.id);
    expect(byName(await teamStore.byIds(em, ids))).toStrictEqual(typeorm);
    expect(await teamStore.bySlug(em, 'nobody')).toBeNull();
  });
});

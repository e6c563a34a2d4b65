import { Brackets, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { columnFinder } from '../../database/column-finder';
import { Classification, CLASSIFICATIONS, isAtLeast } from './domain/topic-vocabulary';
import { TopicListFilter, TopicOrder } from './topic.commands';
import { TopicEntity } from './topic.entity';

const topicsByName = columnFinder(TopicEntity, 'name');
const topicsById = columnFinder(TopicEntity, 'id');

/** Which topics a list holds: the list's filter, its words already made a `to_tsquery('simple', …)`. */
export type TopicSearch = Omit<TopicListFilter, 'text'> & { tsquery?: string };

/** The sort key of the last topic of the previous page (`updatedAt` when ordered by it). */
export interface TopicPageKey {
  name: string;
  updatedAt?: Date;
}

/** Catalogued topics. */
export const topicStore = {
  /** Inserts a topic; the unique name index refuses a second topic with the same name. */
  insert(em: EntityManager, topic: Omit<TopicEntity, 'id' | 'createdAt' | 'version'>): Promise<TopicEntity> {
    return em.save(em.create(TopicEntity, topic));
  },

  /** Writes a changed topic; TypeORM raises its version column by one. */
  save(em: EntityManager, topic: TopicEntity): Promise<TopicEntity> {
    return em.save(topic);
  },

  /** A detached copy of a topic's columns, without a statement: the row as it was before a change. */
  copyOf(em: EntityManager, topic: TopicEntity): TopicEntity {
    return em.create(TopicEntity, { ...topic });
  },

  async byName(em: EntityManager, name: string): Promise<TopicEntity | null> {
    return (await topicsByName(em, [name]))[0] ?? null;
  },

  /** The topic, locked for the rest of the transaction: changes to it and decisions about it queue. */
  lockByName(em: EntityManager, name: string): Promise<TopicEntity | null> {
    return em.findOne(TopicEntity, { where: { name }, lock: { mode: 'pessimistic_write' } });
  },

  /** The topics of `ids` that exist, in no particular order. */
  byIds(em: EntityManager, ids: readonly string[]): Promise<TopicEntity[]> {
    return topicsById(em, ids);
  },

  /** The topics of many teams in one statement, by name. */
  ofOwnerTeams(em: EntityManager, teamIds: readonly string[]): Promise<TopicEntity[]> {
    return em.find(TopicEntity, { where: { ownerTeamId: In([...teamIds]) }, order: { name: 'ASC' } });
  },

  /** The slug of the team owning a catalogued topic, or undefined when the topic is not catalogued. */
  async ownerSlugOf(em: EntityManager, topicName: string): Promise<string | undefined> {
    const rows: Array<{ slug: string }> = await em.query(
      'SELECT team.slug FROM topic JOIN team ON team.id = topic.owner_team_id WHERE topic.name = $1',
      [topicName],
    );
    return rows[0]?.slug;
  },

  /** How many topics match `search`, on every page together. */
  count(em: EntityManager, search: TopicSearch): Promise<number> {
    return matching(em, search).getCount();
  },

  /**
   * Up to `limit` topics matching `search`, by name or most recently changed first (then by name),
   * after `after`. Keyset pagination: rows inserted or changed between two pages never make a row
   * repeat or vanish from the rows that were already there.
   */
  page(em: EntityManager, search: TopicSearch, order: TopicOrder, after: TopicPageKey | undefined, limit: number): Promise<TopicEntity[]> {
    const page = matching(em, search);
    if (order === TopicOrder.NAME) {
      page.orderBy('t.name', 'ASC');
      if (after) page.andWhere('t.name > :afterName', { afterName: after.name });
    } else {
      page.orderBy('t.updated_at', 'DESC').addOrderBy('t.name', 'ASC');
      if (after) {
        page.andWhere(
          new Brackets((w) =>
            w
              .where('t.updated_at < :at', { at: after.updatedAt })
              .orWhere('(t.updated_at = :at AND t.name > :afterName)', { afterName: after.name }),
          ),
        );
      }
    }
    return page.take(limit).getMany();
  },

  /** The topic a row refers to by its foreign key, which guarantees it exists (throws otherwise). */
  byId(em: EntityManager, id: string): Promise<TopicEntity> {
    return em.findOneByOrFail(TopicEntity, { id });
  },

  /**
   * The topic, share-locked for the rest of the transaction: a decision about it (a grant, a mirror)
   * sees it as committed, and a change to it waits for that decision.
   */
  shareLockByName(em: EntityManager, name: string): Promise<TopicEntity | null> {
    return em.findOne(TopicEntity, { where: { name }, lock: { mode: 'pessimistic_read' } });
  },

  /** As `shareLockByName`, by id. */
  shareLockById(em: EntityManager, id: string): Promise<TopicEntity | null> {
    return em.findOne(TopicEntity, { where: { id }, lock: { mode: 'pessimistic_read' } });
  },

  /** A topic's identity, classification and jurisdiction with its owning team's id and slug, in one statement. */
  async withOwnerByName(em: EntityManager, name: string): Promise<TopicWithOwner | undefined> {
    const rows: TopicWithOwner[] = await em.query(`${WITH_OWNER_SQL} WHERE t.name = $1`, [name]);
    return rows[0];
  },

  /** As `withOwnerByName`, by id. */
  async withOwnerById(em: EntityManager, id: string): Promise<TopicWithOwner | undefined> {
    const rows: TopicWithOwner[] = await em.query(`${WITH_OWNER_SQL} WHERE t.id = $1`, [id]);
    return rows[0];
  },

  /** Every topic (or `name` alone) with its owner, in name order; of the topics `ownerSlugs` own, or all when it is null. */
  withOwners(em: EntityManager, name: string | undefined, ownerSlugs: readonly string[] | null): Promise<TopicWithOwner[]> {
    const params: unknown[] = [name ?? null];
    let visible = '';
    if (ownerSlugs) {
      params.push([...ownerSlugs]);
      visible = 'AND o.slug = ANY($2::text[])';
    }
    return em.query(`${WITH_OWNER_SQL} WHERE ($1::text IS NULL OR t.name = $1::text) ${visible} ORDER BY t.name`, params);
  },
};

/** A topic's identity, classification and jurisdiction with its owning team's id and slug. */
export interface TopicWithOwner {
  id: string;
  name: string;
  classification: Classification;
  jurisdiction: string;
  ownerTeamId: string;
  ownerSlug: string;
}

const WITH_OWNER_SQL = `SELECT t.id, t.name, t.classification, t.jurisdiction, t.owner_team_id AS "ownerTeamId", o.slug AS "ownerSlug"
  FROM topic t JOIN team o ON o.id = t.owner_team_id`;

function matching(em: EntityManager, search: TopicSearch): SelectQueryBuilder<TopicEntity> {
  const qb = em.createQueryBuilder(TopicEntity, 't');
  if (search.ownerTeam) qb.andWhere('t.owner_team_id = (SELECT id FROM team WHERE slug = :ownerTeam)', { ownerTeam: search.ownerTeam });
  if (search.classification) whereIn(qb, 'classification', search.classification);
  if (search.classificationAtLeast) {
    const floor = search.classificationAtLeast;
    qb.andWhere('t.classification IN (:...atLeast)', { atLeast: CLASSIFICATIONS.filter((c) => isAtLeast(c, floor)) });
  }
  if (search.jurisdiction) whereIn(qb, 'jurisdiction', search.jurisdiction);
  if (search.intent) whereIn(qb, 'intent', search.intent);
  if (search.lifecycle) whereIn(qb, 'lifecycle', search.lifecycle);
  if (search.tag) qb.andWhere('t.tags @> ARRAY[:tag]::text[]', { tag: search.tag });
  if (search.tsquery !== undefined) qb.andWhere(`t.search_document @@ to_tsquery('simple', :query)`, { query: search.tsquery });
  return qb;
}

/** `column IN (values)`; an empty list matches nothing, which SQL's `IN ()` cannot say. */
function whereIn(
  qb: SelectQueryBuilder<TopicEntity>,
  column: 'classification' | 'jurisdiction' | 'intent' | 'lifecycle',
  values: readonly string[],
) {
  if (values.length === 0) qb.andWhere('FALSE');
  else qb.andWhere(`t.${column} IN (:...${column})`, { [column]: [...values] });
}

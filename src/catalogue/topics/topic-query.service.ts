import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, In, SelectQueryBuilder } from 'typeorm';
import { invalidInput, notFound } from '../../kernel/domain-error';
import { checkPageSize, decodeCursor, encodeCursor, Page } from '../../kernel/paging';
import { CLASSIFICATIONS, isAtLeast } from './domain/topic-vocabulary';
import { TopicEntity } from './topic.entity';
import { TopicListFilter, TopicOrder } from './topic.commands';

const MAX_SEARCH_WORDS = 10;

/** Catalogue reads: one topic, filtered pages with stable keyset cursors, and batches for DataLoaders. */
@Injectable()
export class TopicQueryService {
  constructor(private readonly dataSource: DataSource) {}

  async findByName(name: string): Promise<TopicEntity> {
    const topic = await this.repository().findOneBy({ name });
    if (!topic) throw notFound('Topic', name);
    return topic;
  }

  /** The slug of the team owning a catalogued topic, or undefined when the topic is not catalogued. */
  async ownerSlugOf(topicName: string): Promise<string | undefined> {
    const rows: Array<{ slug: string }> = await this.dataSource.query(
      'SELECT team.slug FROM topic JOIN team ON team.id = topic.owner_team_id WHERE topic.name = $1',
      [topicName],
    );
    return rows[0]?.slug;
  }

  /** Topics by id, in the order asked, for the per-request DataLoader. */
  async byIds(ids: readonly string[]): Promise<Array<TopicEntity | undefined>> {
    const rows = await this.repository().findBy({ id: In([...ids]) });
    const byId = new Map(rows.map((t) => [t.id, t]));
    return ids.map((id) => byId.get(id));
  }

  /** Every topic of each team, by name, in one statement. */
  async byOwnerTeamIds(teamIds: readonly string[]): Promise<TopicEntity[][]> {
    const rows = await this.repository().find({ where: { ownerTeamId: In([...teamIds]) }, order: { name: 'ASC' } });
    return teamIds.map((id) => rows.filter((t) => t.ownerTeamId === id));
  }

  /**
   * Keyset pagination: the cursor is the sort key of the last row, so rows inserted or changed
   * between two pages never make a row repeat or vanish from the rows that were already there.
   */
  async list(filter: TopicListFilter = {}, order: TopicOrder = TopicOrder.NAME, first = 50, after?: string): Promise<Page<TopicEntity>> {
    checkPageSize(first);
    const filtered = this.filtered(filter);
    const totalCount = await filtered.clone().getCount();
    const page = filtered.clone();
    if (order === TopicOrder.NAME) {
      page.orderBy('t.name', 'ASC');
      if (after) page.andWhere('t.name > :afterName', { afterName: decodeCursor(after, ['text'])[0] });
    } else {
      page.orderBy('t.updated_at', 'DESC').addOrderBy('t.name', 'ASC');
      if (after) {
        const [updatedAt, name] = decodeCursor(after, ['timestamp', 'text']);
        const at = new Date(updatedAt);
        page.andWhere(
          new Brackets((w) =>
            w.where('t.updated_at < :at', { at }).orWhere('(t.updated_at = :at AND t.name > :afterName)', { afterName: String(name) }),
          ),
        );
      }
    }
    const rows = await page.take(first + 1).getMany();
    const items = rows.slice(0, first);
    const last = items[items.length - 1];
    return {
      items,
      hasNextPage: rows.length > first,
      endCursor: last && cursorOf(last, order),
      totalCount,
    };
  }

  private filtered(filter: TopicListFilter): SelectQueryBuilder<TopicEntity> {
    const qb = this.repository().createQueryBuilder('t');
    if (filter.ownerTeam) qb.andWhere('t.owner_team_id = (SELECT id FROM team WHERE slug = :ownerTeam)', { ownerTeam: filter.ownerTeam });
    if (filter.classification) whereIn(qb, 'classification', filter.classification);
    if (filter.classificationAtLeast) {
      const floor = filter.classificationAtLeast;
      qb.andWhere('t.classification IN (:...atLeast)', { atLeast: CLASSIFICATIONS.filter((c) => isAtLeast(c, floor)) });
    }
    if (filter.jurisdiction) whereIn(qb, 'jurisdiction', filter.jurisdiction);
    if (filter.intent) whereIn(qb, 'intent', filter.intent);
    if (filter.lifecycle) whereIn(qb, 'lifecycle', filter.lifecycle);
    if (filter.tag) qb.andWhere('t.tags @> ARRAY[:tag]::text[]', { tag: filter.tag });
    if (filter.text !== undefined) qb.andWhere(`t.search_document @@ to_tsquery('simple', :query)`, { query: prefixQuery(filter.text) });
    return qb;
  }

  private repository() {
    return this.dataSource.getRepository(TopicEntity);
  }
}

export function cursorOf(topic: TopicEntity, order: TopicOrder): string {
  return encodeCursor(order === TopicOrder.NAME ? [topic.name] : [topic.updatedAt.toISOString(), topic.name]);
}

/** Every word must occur, each as a prefix: `card auth` finds `payments.card-authorised`. */
export function prefixQuery(text: string): string {
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  if (words.length === 0) throw invalidInput('filter.text', 'words', "'filter.text' must contain at least one letter or digit.");
  if (words.length > MAX_SEARCH_WORDS)
    throw invalidInput('filter.text', 'max-words', `'filter.text' may hold at most ${MAX_SEARCH_WORDS} words.`);
  return words.map((w) => `${w}:*`).join(' & ');
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

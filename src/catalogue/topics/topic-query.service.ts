import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { invalidInput, notFound } from '../../kernel/domain-error';
import { checkPageSize, decodeCursor, encodeCursor, Page } from '../../kernel/paging';
import { TopicEntity } from './topic.entity';
import { TopicListFilter, TopicOrder } from './topic.commands';
import { TopicPageKey, TopicSearch, topicStore } from './topic.store';

const MAX_SEARCH_WORDS = 10;

/** Catalogue reads: one topic, filtered pages with stable keyset cursors, and batches for DataLoaders. */
@Injectable()
export class TopicQueryService {
  constructor(private readonly dataSource: DataSource) {}

  async findByName(name: string): Promise<TopicEntity> {
    const topic = await topicStore.byName(this.dataSource.manager, name);
    if (!topic) throw notFound('Topic', name);
    return topic;
  }

  /** The slug of the team owning a catalogued topic, or undefined when the topic is not catalogued. */
  ownerSlugOf(topicName: string): Promise<string | undefined> {
    return topicStore.ownerSlugOf(this.dataSource.manager, topicName);
  }

  /** Topics by id, in the order asked, for the per-request DataLoader. */
  async byIds(ids: readonly string[]): Promise<Array<TopicEntity | undefined>> {
    const rows = await topicStore.byIds(this.dataSource.manager, ids);
    const byId = new Map(rows.map((t) => [t.id, t]));
    return ids.map((id) => byId.get(id));
  }

  /** Every topic of each team, by name, in one statement. */
  async byOwnerTeamIds(teamIds: readonly string[]): Promise<TopicEntity[][]> {
    const rows = await topicStore.ofOwnerTeams(this.dataSource.manager, teamIds);
    return teamIds.map((id) => rows.filter((t) => t.ownerTeamId === id));
  }

  /**
   * Keyset pagination: the cursor is the sort key of the last row, so rows inserted or changed
   * between two pages never make a row repeat or vanish from the rows that were already there.
   */
  async list(filter: TopicListFilter = {}, order: TopicOrder = TopicOrder.NAME, first = 50, after?: string): Promise<Page<TopicEntity>> {
    checkPageSize(first);
    const { text, ...rest } = filter;
    const search: TopicSearch = text === undefined ? rest : { ...rest, tsquery: prefixQuery(text) };
    const totalCount = await topicStore.count(this.dataSource.manager, search);
    const key = after ? pageKeyOf(after, order) : undefined;
    const rows = await topicStore.page(this.dataSource.manager, search, order, key, first + 1);
    const items = rows.slice(0, first);
    const last = items[items.length - 1];
    return {
      items,
      hasNextPage: rows.length > first,
      endCursor: last && cursorOf(last, order),
      totalCount,
    };
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

/** The sort key a cursor holds (`cursorOf`'s inverse); a malformed cursor is the caller's mistake. */
function pageKeyOf(cursor: string, order: TopicOrder): TopicPageKey {
  if (order === TopicOrder.NAME) return { name: decodeCursor(cursor, ['text'])[0] };
  const [updatedAt, name] = decodeCursor(cursor, ['timestamp', 'text']);
  return { name: String(name), updatedAt: new Date(updatedAt) };
}

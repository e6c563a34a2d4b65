import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isUuid } from '../../access/access-ids';
import { seesEverything } from '../../access/access-visibility';
import { AccessActor } from '../../access/domain/access-vocabulary';
import { ProcessingRow } from '../../access/grant-query.service';
import { Clock } from '../../kernel/clock';
import { notFound } from '../../kernel/domain-error';
import { checkPageSize, decodeCursor, encodeCursor, Page } from '../../kernel/paging';
import { MirrorApprovalSlotEntity, MirrorRequestEntity } from './persistence/mirror-request.entity';
import { MirrorRequestFilter, mirrorRequestStore } from './persistence/mirror-request.store';

export type { MirrorRequestFilter } from './persistence/mirror-request.store';

/** Reads of mirror requests: pages, active mirrors per topic or cluster pair, records of processing. */
@Injectable()
export class MirrorQueryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async findVisible(actor: AccessActor, id: string): Promise<MirrorRequestEntity> {
    if (!isUuid(id)) throw notFound('Mirror request', id);
    const row = await mirrorRequestStore.visibleById(this.dataSource.manager, actor, id, this.clock.now());
    if (!row) throw notFound('Mirror request', id);
    return row;
  }

  /** Requests the caller may see (as for access requests: the teams involved, stewards and admins), newest first. */
  async list(actor: AccessActor, filter: MirrorRequestFilter, first: number, after?: string): Promise<Page<MirrorRequestEntity>> {
    checkPageSize(first);
    let from: { createdAt: Date; id: string } | undefined;
    if (after) {
      const [createdAt, id] = decodeCursor(after, ['timestamp', 'uuid']);
      from = { createdAt: new Date(createdAt), id };
    }
    // One more than asked: whether it comes back says whether there is a next page.
    const { rows, totalCount } = await mirrorRequestStore.page(this.dataSource.manager, actor, filter, from, first + 1, this.clock.now());
    const items = rows.slice(0, first);
    const last = items[items.length - 1];
    return { items, totalCount, hasNextPage: rows.length > first, endCursor: last ? mirrorCursorOf(last) : undefined };
  }

  /** Active mirrors (approved, unexpired, not suspended) of each topic, in one statement. */
  async activeByTopicIds(topicIds: readonly string[]): Promise<MirrorRequestEntity[][]> {
    const rows = await mirrorRequestStore.activeOfTopics(this.dataSource.manager, topicIds, this.clock.now());
    return topicIds.map((id) => rows.filter((r) => r.topicId === id));
  }

  /** The regions active mirrors copy each topic to, in one statement. */
  async mirrorRegionsByTopicIds(topicIds: readonly string[]): Promise<string[][]> {
    const rows = await mirrorRequestStore.activeRegionsOfTopics(this.dataSource.manager, topicIds, this.clock.now());
    return topicIds.map((id) => rows.filter((r) => r.topicId === id).map((r) => r.region));
  }

  /** Names of the topics with an active mirror from one cluster to another: the MirrorMaker 2 allowlist. */
  activeTopicsForPair(sourceId: string, targetId: string): Promise<string[]> {
    return mirrorRequestStore.activeTopicNamesForPair(this.dataSource.manager, sourceId, targetId, this.clock.now());
  }

  async slotsOf(requestIds: readonly string[]): Promise<MirrorApprovalSlotEntity[][]> {
    const rows = await mirrorRequestStore.slotsOf(this.dataSource.manager, requestIds);
    return requestIds.map((id) => rows.filter((s) => s.requestId === id));
  }

  /** Active mirrors as transfers in the records of processing; owners see their topics', stewards and admins all. */
  async processingRows(actor: AccessActor, topic: string | undefined, now: Date): Promise<ProcessingRow[]> {
    const ownerTeams = seesEverything(actor) ? null : actor.teams;
    const rows = await mirrorRequestStore.processingRows(this.dataSource.manager, topic, ownerTeams, now);
    return rows.map((r) => ({ ...r, grantStart: new Date(r.grantStart), grantEnd: new Date(r.grantEnd) }));
  }
}

export const mirrorCursorOf = (r: MirrorRequestEntity) => encodeCursor([r.createdAt.toISOString(), r.id]);

import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, In, SelectQueryBuilder } from 'typeorm';
import { TopicEntity } from '../catalogue/topics/topic.entity';
import { Clock } from '../kernel/clock';
import { notFound } from '../kernel/domain-error';
import { checkPageSize, decodeCursor, encodeCursor, Page } from '../kernel/paging';
import { isUuid } from './access-ids';
import { EFFECTIVE_STATE_SQL, restrictToVisible } from './access-visibility';
import { AccessActor, AccessState } from './domain/access-vocabulary';
import { AccessRequestEntity, ApprovalSlotEntity } from './persistence/access-request.entity';

export interface AccessRequestFilter {
  /** Effective states (an approved grant past its end counts as EXPIRED). */
  states?: AccessState[];
  topic?: string;
  requestingTeam?: string;
  ownerTeam?: string;
  requestedBy?: string;
}

/** Reads of requests: filtered keyset pages, the caller's pending approvals, batches for DataLoaders. */
@Injectable()
export class AccessQueryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async findVisible(actor: AccessActor, id: string): Promise<AccessRequestEntity> {
    if (!isUuid(id)) throw notFound('Access request', id);
    const row = await restrictToVisible(this.base().andWhere('r.id = :id', { id }), actor).getOne();
    if (!row) throw notFound('Access request', id);
    return row;
  }

  list(actor: AccessActor, filter: AccessRequestFilter, first: number, after?: string): Promise<Page<AccessRequestEntity>> {
    const qb = restrictToVisible(this.base(), actor);
    if (filter.states?.length) qb.andWhere(`${EFFECTIVE_STATE_SQL} IN (:...states)`, { states: filter.states });
    if (filter.topic) qb.andWhere('t.name = :topic', { topic: filter.topic });
    if (filter.requestingTeam) qb.andWhere('r.requesting_team_id = (SELECT id FROM team WHERE slug = :rt)', { rt: filter.requestingTeam });
    if (filter.ownerTeam) qb.andWhere('t.owner_team_id = (SELECT id FROM team WHERE slug = :ot)', { ot: filter.ownerTeam });
    if (filter.requestedBy) qb.andWhere('r.requested_by = :rb', { rb: filter.requestedBy });
    return this.page(qb, first, after);
  }

  /** Requests where the caller may fill an open slot now: not their own, no slot of theirs yet. */
  pendingApprovals(actor: AccessActor, first: number, after?: string): Promise<Page<AccessRequestEntity>> {
    const qb = this.base()
      .andWhere(`r.state = 'PENDING' AND r.requested_by <> :me`, { me: actor.username })
      .andWhere('NOT EXISTS (SELECT 1 FROM access_approval_slot m WHERE m.request_id = r.id AND m.decided_by = :me)')
      .andWhere(
        new Brackets((w) =>
          w
            .where(
              `EXISTS (SELECT 1 FROM access_approval_slot o WHERE o.request_id = r.id AND o.decision IS NULL AND o.kind = 'OWNER'
                AND t.owner_team_id IN (SELECT id FROM team WHERE slug = ANY(:myTeams)))`,
              { myTeams: [...actor.teams] },
            )
            .orWhere(
              `(:isSteward AND EXISTS (SELECT 1 FROM access_approval_slot s WHERE s.request_id = r.id AND s.decision IS NULL AND s.kind = 'STEWARD'))`,
              { isSteward: actor.roles.includes('steward') },
            ),
        ),
      );
    return this.page(qb, first, after);
  }

  /** Slots of many requests in one statement, for the per-request DataLoader. */
  async slotsOf(requestIds: readonly string[]): Promise<ApprovalSlotEntity[][]> {
    const rows = await this.dataSource
      .getRepository(ApprovalSlotEntity)
      .find({ where: { requestId: In([...requestIds]) }, order: { kind: 'ASC' } });
    return requestIds.map((id) => rows.filter((s) => s.requestId === id));
  }

  private base(): SelectQueryBuilder<AccessRequestEntity> {
    return this.dataSource
      .getRepository(AccessRequestEntity)
      .createQueryBuilder('r')
      .innerJoin(TopicEntity, 't', 't.id = r.topic_id')
      .setParameter('now', this.clock.now());
  }

  /** Newest first; the cursor is the (created_at, id) of the last row, so pages never overlap. */
  private async page(qb: SelectQueryBuilder<AccessRequestEntity>, first: number, after?: string): Promise<Page<AccessRequestEntity>> {
    checkPageSize(first);
    const totalCount = await qb.clone().getCount();
    const page = qb.clone().orderBy('r.created_at', 'DESC').addOrderBy('r.id', 'DESC');
    if (after) {
      const [createdAt, id] = decodeCursor(after, ['timestamp', 'uuid']);
      page.andWhere('(r.created_at, r.id) < (:at, :afterId)', { at: new Date(createdAt), afterId: id });
    }
    const rows = await page.limit(first + 1).getMany();
    const items = rows.slice(0, first);
    const last = items[items.length - 1];
    return { items, totalCount, hasNextPage: rows.length > first, endCursor: last ? cursorOf(last) : undefined };
  }
}

export const cursorOf = (r: AccessRequestEntity) => encodeCursor([r.createdAt.toISOString(), r.id]);

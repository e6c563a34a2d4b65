import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../kernel/clock';
import { notFound } from '../kernel/domain-error';
import { checkPageSize, decodeCursor, encodeCursor, Page } from '../kernel/paging';
import { isUuid } from './access-ids';
import { AccessActor } from './domain/access-vocabulary';
import { AccessRequestEntity, ApprovalSlotEntity } from './persistence/access-request.entity';
import { AccessRequestFilter, accessRequestStore, RequestCursor, RequestRows } from './persistence/access-request.store';

export type { AccessRequestFilter } from './persistence/access-request.store';

/** Reads of requests: filtered keyset pages, the caller's pending approvals, batches for DataLoaders. */
@Injectable()
export class AccessQueryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async findVisible(actor: AccessActor, id: string): Promise<AccessRequestEntity> {
    if (!isUuid(id)) throw notFound('Access request', id);
    const row = await accessRequestStore.requestVisibleTo(this.dataSource.manager, actor, id, this.clock.now());
    if (!row) throw notFound('Access request', id);
    return row;
  }

  list(actor: AccessActor, filter: AccessRequestFilter, first: number, after?: string): Promise<Page<AccessRequestEntity>> {
    return this.page(first, after, (cursor, limit) =>
      accessRequestStore.requestsPage(this.dataSource.manager, actor, filter, this.clock.now(), cursor, limit),
    );
  }

  /** Requests where the caller may fill an open slot now: not their own, no slot of theirs yet. */
  pendingApprovals(actor: AccessActor, first: number, after?: string): Promise<Page<AccessRequestEntity>> {
    return this.page(first, after, (cursor, limit) =>
      accessRequestStore.pendingApprovalsPage(this.dataSource.manager, actor, this.clock.now(), cursor, limit),
    );
  }

  /** Slots of many requests in one statement, for the per-request DataLoader. */
  async slotsOf(requestIds: readonly string[]): Promise<ApprovalSlotEntity[][]> {
    const rows = await accessRequestStore.slotsOfRequests(this.dataSource.manager, requestIds);
    return requestIds.map((id) => rows.filter((s) => s.requestId === id));
  }

  /** Newest first; the cursor is the (created_at, id) of the last row, so pages never overlap. */
  private async page(
    first: number,
    after: string | undefined,
    read: (cursor: RequestCursor | undefined, limit: number) => Promise<RequestRows>,
  ): Promise<Page<AccessRequestEntity>> {
    checkPageSize(first);
    const cursor = after ? decodeCursor(after, ['timestamp', 'uuid']) : undefined;
    // One row past the page tells whether another page follows.
    const { rows, totalCount } = await read(cursor && { createdAt: new Date(cursor[0]), id: cursor[1] }, first + 1);
    const items = rows.slice(0, first);
    const last = items[items.length - 1];
    return { items, totalCount, hasNextPage: rows.length > first, endCursor: last ? cursorOf(last) : undefined };
  }
}

export const cursorOf = (r: AccessRequestEntity) => encodeCursor([r.createdAt.toISOString(), r.id]);

import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../kernel/clock';
import { checkPageSize, decodeCursor, encodeCursor, Page, PageRequest } from '../kernel/paging';
import { chainHash, ChainBreak, findBreak, GENESIS_HASH } from './audit-chain';
import { AuditEntryEntity } from './audit-entry.entity';

export interface AuditEvent {
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  details: Record<string, unknown>;
}

export interface AuditFilter {
  targetType?: string;
  targetId?: string;
  actor?: string;
  from?: Date;
  to?: Date;
}

export interface ChainVerification {
  valid: boolean;
  checked: number;
  firstBreak?: ChainBreak;
}

// Appends take this transaction-scoped lock so that replicas chain one after another.
const AUDIT_LOCK_KEY = 7_316_001;
const VERIFY_BATCH = 1_000;

@Injectable()
export class AuditService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Must be called inside the transaction that makes the change, so both commit or neither. */
  async append(manager: EntityManager, event: AuditEvent): Promise<AuditEntryEntity> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('AuditService.append must run inside the transaction of the change it records');
    }
    await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK_KEY]);
    const last: Array<{ hash: string }> = await manager.query(
      'SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1',
    );
    const prevHash = last[0]?.hash ?? GENESIS_HASH;
    const occurredAt = this.clock.now();
    const fields = { ...event, occurredAt };
    const entry = manager.create(AuditEntryEntity, { ...fields, prevHash, hash: chainHash(prevHash, fields) });
    return manager.save(entry);
  }

  async list(filter: AuditFilter, page: PageRequest): Promise<Page<AuditEntryEntity>> {
    const first = checkPageSize(page.first);
    const query = this.dataSource.getRepository(AuditEntryEntity).createQueryBuilder('a');
    if (filter.targetType) query.andWhere('a.target_type = :targetType', { targetType: filter.targetType });
    if (filter.targetId) query.andWhere('a.target_id = :targetId', { targetId: filter.targetId });
    if (filter.actor) query.andWhere('a.actor = :actor', { actor: filter.actor });
    if (filter.from) query.andWhere('a.occurred_at >= :from', { from: filter.from });
    if (filter.to) query.andWhere('a.occurred_at < :to', { to: filter.to });
    const totalCount = await query.getCount();
    if (page.after) {
      const [seq] = decodeCursor(page.after, ['int']);
      query.andWhere('a.seq < :seq', { seq: String(seq) });
    }
    const rows = await query.orderBy('a.seq', 'DESC').limit(first + 1).getMany();
    const items = rows.slice(0, first);
    const last = items[items.length - 1];
    return {
      items,
      totalCount,
      hasNextPage: rows.length > first,
      endCursor: last ? encodeCursor([last.seq]) : undefined,
    };
  }

  /** Recomputes every hash in order and reports the first row that does not chain. */
  async verify(): Promise<ChainVerification> {
    const repo = this.dataSource.getRepository(AuditEntryEntity);
    let prev = GENESIS_HASH;
    let afterSeq = '0';
    let checked = 0;
    for (;;) {
      const rows = await repo
        .createQueryBuilder('a')
        .where('a.seq > :afterSeq', { afterSeq })
        .orderBy('a.seq', 'ASC')
        .limit(VERIFY_BATCH)
        .getMany();
      if (rows.length === 0) return { valid: true, checked };
      const result = findBreak(rows, prev);
      if (result.break) {
        const index = rows.findIndex((r) => r.seq === result.break!.seq);
        return { valid: false, checked: checked + index, firstBreak: result.break };
      }
      checked += rows.length;
      prev = result.lastHash;
      afterSeq = rows[rows.length - 1].seq;
    }
  }
}

import { EntityManager } from 'typeorm';
import { AuditEntryEntity, SealedAuditEntry } from './audit-entry.entity';

export interface AuditFilter {
  targetType?: string;
  targetId?: string;
  actor?: string;
  from?: Date;
  to?: Date;
}

/** An entry as its writer records it; the sealer chains it later (see audit-sealer.ts). */
export interface NewAuditEntry {
  occurredAt: Date;
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  details: Record<string, unknown>;
}

/** The audit log's reads and its one write; the chaining itself is the sealer's. */
export const auditStore = {
  /** Inserts the entry unchained, taking no lock; answers its `seq`. */
  async insert(em: EntityManager, entry: NewAuditEntry): Promise<string> {
    const rows: Array<{ seq: string }> = await em.query(
      `INSERT INTO audit_log (occurred_at, actor, action, target_type, target_id, details)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb) RETURNING seq`,
      [entry.occurredAt, entry.actor, entry.action, entry.targetType, entry.targetId, JSON.stringify(entry.details)],
    );
    return String(rows[0].seq);
  },

  /**
   * Sealed entries matching `filter`, newest first, up to `limit` of those before `beforeSeq`; the
   * count is of every match, whatever the page.
   */
  async page(
    em: EntityManager,
    filter: AuditFilter,
    beforeSeq: string | undefined,
    limit: number,
  ): Promise<{ rows: SealedAuditEntry[]; totalCount: number }> {
    const query = em.createQueryBuilder(AuditEntryEntity, 'a').where('a.chain_pos IS NOT NULL');
    if (filter.targetType) query.andWhere('a.target_type = :targetType', { targetType: filter.targetType });
    if (filter.targetId) query.andWhere('a.target_id = :targetId', { targetId: filter.targetId });
    if (filter.actor) query.andWhere('a.actor = :actor', { actor: filter.actor });
    if (filter.from) query.andWhere('a.occurred_at >= :from', { from: filter.from });
    if (filter.to) query.andWhere('a.occurred_at < :to', { to: filter.to });
    const totalCount = await query.getCount();
    if (beforeSeq !== undefined) query.andWhere('a.seq < :seq', { seq: beforeSeq });
    const rows = (await query.orderBy('a.seq', 'DESC').limit(limit).getMany()) as SealedAuditEntry[];
    return { rows, totalCount };
  },

  /** Up to `limit` chained entries after position `afterPos`, in chain order. */
  async chainedAfter(em: EntityManager, afterPos: bigint, limit: number): Promise<SealedAuditEntry[]> {
    return (await em
      .createQueryBuilder(AuditEntryEntity, 'a')
      .where('a.chain_pos > :afterPos', { afterPos: afterPos.toString() })
      .orderBy('a.chain_pos', 'ASC')
      .limit(limit)
      .getMany()) as SealedAuditEntry[];
  },
};

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

/** An unsealed entry's hashed columns, exactly as the database holds them. */
export interface UnsealedAuditRow {
  seq: string;
  occurred_at: Date;
  actor: string;
  action: string;
  target_type: string;
  target_id: string;
  details: Record<string, unknown>;
}

/** The links a sealing pass gives its entries, one array element per entry, in chain order. */
export interface AuditLinks {
  seqs: string[];
  positions: string[];
  prevs: string[];
  hashes: string[];
}

// One sealer at a time chains, across replicas (see audit-sealer.ts).
const SEAL_LOCK_KEY = 7_316_004;

/** The audit log's reads, its one write and the sealer's statements; the chaining itself is the sealer's. */
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

  // The sealer's statements, each inside its pass's transaction.

  /** Until the transaction ends, the one sealer; queues behind a running one. */
  async lockSealing(em: EntityManager): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock($1)', [SEAL_LOCK_KEY]);
  },

  /** Until the transaction ends, the one sealer; false at once when another sealer holds the lock. */
  async tryLockSealing(em: EntityManager): Promise<boolean> {
    const [{ locked }]: Array<{ locked: boolean }> = await em.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [SEAL_LOCK_KEY]);
    return locked;
  },

  /** One cheap statement: whether any entry is unsealed. */
  async hasUnsealed(em: EntityManager): Promise<boolean> {
    const rows: unknown[] = await em.query('SELECT 1 FROM audit_log WHERE chain_pos IS NULL LIMIT 1');
    return rows.length > 0;
  },

  async countUnsealed(em: EntityManager): Promise<number> {
    const rows: Array<{ n: number }> = await em.query('SELECT count(*)::int AS n FROM audit_log WHERE chain_pos IS NULL');
    return Number(rows[0]?.n ?? 0);
  },

  /** Up to `limit` unsealed entries the transaction can see, by `seq`. */
  unsealed(em: EntityManager, limit: number): Promise<UnsealedAuditRow[]> {
    return em.query(
      `SELECT seq, occurred_at, actor, action, target_type, target_id, details FROM audit_log
     WHERE chain_pos IS NULL ORDER BY seq LIMIT $1`,
      [limit],
    );
  },

  /** The last sealed entry's position and hash; undefined while nothing is sealed. */
  async sealedTail(em: EntityManager): Promise<{ chain_pos: string; hash: string } | undefined> {
    const tail: Array<{ chain_pos: string; hash: string }> = await em.query(
      'SELECT chain_pos, hash FROM audit_log WHERE chain_pos IS NOT NULL ORDER BY chain_pos DESC LIMIT 1',
    );
    return tail[0];
  },

  /** Writes the links of still unsealed entries in one statement; answers how many it wrote. */
  async seal(em: EntityManager, links: AuditLinks): Promise<number> {
    // An UPDATE answers [rows, affected count] through TypeORM.
    const [, updated]: [unknown[], number] = await em.query(
      `UPDATE audit_log a SET chain_pos = v.pos, prev_hash = v.prev, hash = v.hash
     FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS v(seq, pos, prev, hash)
     WHERE a.seq = v.seq AND a.chain_pos IS NULL`,
      [links.seqs, links.positions, links.prevs, links.hashes],
    );
    return updated;
  },
};

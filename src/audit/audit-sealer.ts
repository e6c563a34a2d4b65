import { DataSource, EntityManager } from 'typeorm';
import { chainHash, GENESIS_HASH } from './audit-chain';

/**
 * Chains committed audit entries. Writers insert entries without a link, so that audited writes
 * never queue behind one lock held to commit; a sealer then gives each entry the next position,
 * the previous entry's hash and its own hash.
 *
 * Why no entry is skipped or reordered: a pass takes every unsealed entry it can see, whatever its
 * `seq`. An entry whose transaction commits after a pass began (even one holding a lower `seq`,
 * allocated earlier) is still unsealed at the next pass and is chained there, after the entries
 * already sealed: the chain follows the order in which entries became visible, never `seq`
 * allocation. Positions come from the sealed tail, so they run 1..N without gaps; the trigger lets
 * a link be written once and never changed; and one transaction-scoped advisory lock lets one
 * sealer at a time chain, across replicas. A sealer killed mid-pass loses its transaction and its
 * lock together, leaving the entries for the next pass.
 */
const SEAL_LOCK_KEY = 7_316_004;
export const SEAL_BATCH = 1_000;

export interface SealRun {
  sealed: number;
  /** Another sealer held the lock: entries committed before this call may still be unsealed. */
  busy: boolean;
}

interface PendingRow {
  seq: string;
  occurred_at: Date;
  actor: string;
  action: string;
  target_type: string;
  target_id: string;
  details: Record<string, unknown>;
}

/** Seals everything visible now; `wait` queues for a running sealer instead of leaving it the work. */
export async function sealPending(dataSource: DataSource, options: { wait: boolean }): Promise<SealRun> {
  let sealed = 0;
  for (;;) {
    const n = await dataSource.transaction((em) => sealBatch(em, options.wait));
    if (n === undefined) return { sealed, busy: true };
    sealed += n;
    if (n < SEAL_BATCH) return { sealed, busy: false };
  }
}

/** One cheap statement: whether a pass would find anything. */
export async function hasUnsealed(dataSource: DataSource): Promise<boolean> {
  const rows: unknown[] = await dataSource.query('SELECT 1 FROM audit_log WHERE chain_pos IS NULL LIMIT 1');
  return rows.length > 0;
}

export async function countUnsealed(dataSource: DataSource): Promise<number> {
  const rows: Array<{ n: number }> = await dataSource.query('SELECT count(*)::int AS n FROM audit_log WHERE chain_pos IS NULL');
  return Number(rows[0]?.n ?? 0);
}

async function sealBatch(em: EntityManager, wait: boolean): Promise<number | undefined> {
  if (wait) {
    await em.query('SELECT pg_advisory_xact_lock($1)', [SEAL_LOCK_KEY]);
  } else {
    const [{ locked }]: Array<{ locked: boolean }> = await em.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [SEAL_LOCK_KEY]);
    if (!locked) return undefined;
  }
  const pending: PendingRow[] = await em.query(
    `SELECT seq, occurred_at, actor, action, target_type, target_id, details FROM audit_log
     WHERE chain_pos IS NULL ORDER BY seq LIMIT $1`,
    [SEAL_BATCH],
  );
  if (pending.length === 0) return 0;
  const tail: Array<{ chain_pos: string; hash: string }> = await em.query(
    'SELECT chain_pos, hash FROM audit_log WHERE chain_pos IS NOT NULL ORDER BY chain_pos DESC LIMIT 1',
  );
  let position = BigInt(tail[0]?.chain_pos ?? 0);
  let prev = tail[0]?.hash ?? GENESIS_HASH;
  const seqs: string[] = [];
  const positions: string[] = [];
  const prevs: string[] = [];
  const hashes: string[] = [];
  for (const row of pending) {
    // Hashed from what the database holds, exactly as the verifier will read it back.
    const hash = chainHash(prev, {
      occurredAt: new Date(row.occurred_at),
      actor: row.actor,
      action: row.action,
      targetType: row.target_type,
      targetId: row.target_id,
      details: row.details,
    });
    position += 1n;
    seqs.push(String(row.seq));
    positions.push(position.toString());
    prevs.push(prev);
    hashes.push(hash);
    prev = hash;
  }
  // An UPDATE answers [rows, affected count] through TypeORM.
  const [, updated]: [unknown[], number] = await em.query(
    `UPDATE audit_log a SET chain_pos = v.pos, prev_hash = v.prev, hash = v.hash
     FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS v(seq, pos, prev, hash)
     WHERE a.seq = v.seq AND a.chain_pos IS NULL`,
    [seqs, positions, prevs, hashes],
  );
  if (updated !== pending.length) throw new Error(`audit sealing: ${updated} of ${pending.length} entries sealed; nothing kept`);
  return pending.length;
}

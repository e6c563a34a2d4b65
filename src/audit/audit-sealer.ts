import { DataSource, EntityManager } from 'typeorm';
import { chainHash, GENESIS_HASH } from './audit-chain';
import { AuditLinks, auditStore } from './audit.store';

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
export const SEAL_BATCH = 1_000;

export interface SealRun {
  sealed: number;
  /** Another sealer held the lock: entries committed before this call may still be unsealed. */
  busy: boolean;
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
export function hasUnsealed(dataSource: DataSource): Promise<boolean> {
  return auditStore.hasUnsealed(dataSource.manager);
}

export function countUnsealed(dataSource: DataSource): Promise<number> {
  return auditStore.countUnsealed(dataSource.manager);
}

async function sealBatch(em: EntityManager, wait: boolean): Promise<number | undefined> {
  if (wait) await auditStore.lockSealing(em);
  else if (!(await auditStore.tryLockSealing(em))) return undefined;
  const pending = await auditStore.unsealed(em, SEAL_BATCH);
  if (pending.length === 0) return 0;
  const tail = await auditStore.sealedTail(em);
  let position = BigInt(tail?.chain_pos ?? 0);
  let prev = tail?.hash ?? GENESIS_HASH;
  const links: AuditLinks = { seqs: [], positions: [], prevs: [], hashes: [] };
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
    links.seqs.push(String(row.seq));
    links.positions.push(position.toString());
    links.prevs.push(prev);
    links.hashes.push(hash);
    prev = hash;
  }
  const updated = await auditStore.seal(em, links);
  if (updated !== pending.length) throw new Error(`audit sealing: ${updated} of ${pending.length} entries sealed; nothing kept`);
  return pending.length;
}

import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** The hash the first entry of the log chains to. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedFields {
  occurredAt: Date;
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  details: Record<string, unknown>;
}

/**
 * SHA-256 over the previous hash and the entry in RFC 8785 canonical JSON. Canonical form matters:
 * PostgreSQL's jsonb re-orders keys, and the verifier recomputes the hash from what it reads back.
 */
export function chainHash(prevHash: string, entry: ChainedFields): string {
  const body = canonicalize({
    prev: prevHash,
    at: entry.occurredAt.toISOString(),
    actor: entry.actor,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    details: entry.details,
  });
  return createHash('sha256')
    .update(body ?? '')
    .digest('hex');
}

export interface ChainRow extends ChainedFields {
  seq: string;
  prevHash: string;
  hash: string;
}

export interface ChainBreak {
  seq: string;
  reason: 'HASH_MISMATCH' | 'PREVIOUS_HASH_MISMATCH';
}

/** Checks one stretch of the chain; `expectedPrev` is the hash of the row before the first one. */
export function findBreak(rows: ChainRow[], expectedPrev: string): { break?: ChainBreak; lastHash: string } {
  let prev = expectedPrev;
  for (const row of rows) {
    if (row.prevHash !== prev) return { break: { seq: row.seq, reason: 'PREVIOUS_HASH_MISMATCH' }, lastHash: prev };
    if (chainHash(row.prevHash, row) !== row.hash) return { break: { seq: row.seq, reason: 'HASH_MISMATCH' }, lastHash: prev };
    prev = row.hash;
  }
  return { lastHash: prev };
}

import { EntityManager } from 'typeorm';
import { notifyOnCommit } from '../database/notify-on-commit';

/** The PostgreSQL notification channel on which changes to credentials and memberships are announced. */
export const AUTH_CHANNEL = 'charter_auth';

/**
 * What changed: one token (by the hash of its secret), the memberships of one user, or anything
 * (a team renamed, data restored) after which every cached principal must be rebuilt.
 */
export type AuthChange = { kind: 'token'; hash: string } | { kind: 'member'; username: string } | { kind: 'all' };

export function formatAuthChange(change: AuthChange): string {
  switch (change.kind) {
    case 'token':
      return `token:${change.hash}`;
    case 'member':
      return `member:${change.username}`;
    default:
      return 'all';
  }
}

/** Unknown or malformed payloads (from a newer replica, say) are read as "anything changed". */
export function parseAuthChange(payload: string): AuthChange {
  const colon = payload.indexOf(':');
  const kind = colon < 0 ? payload : payload.slice(0, colon);
  const value = colon < 0 ? '' : payload.slice(colon + 1);
  if (kind === 'token' && /^[0-9a-f]{64}$/.test(value)) return { kind: 'token', hash: value };
  if (kind === 'member' && value !== '') return { kind: 'member', username: value };
  return { kind: 'all' };
}

/**
 * Announces a change from inside the transaction that makes it: PostgreSQL delivers the
 * notification to every listening replica when, and only if, that transaction commits. The change
 * is also noted on the transaction, so that this replica applies it the moment it commits, before
 * it answers the request that made it (the notification comes back a little later).
 */
export async function announceAuthChange(em: EntityManager, change: AuthChange): Promise<void> {
  await notifyOnCommit(em, AUTH_CHANNEL, formatAuthChange(change));
  if (em.queryRunner) pendingAuthChanges(em.queryRunner.data).push(change);
}

/** The changes announced in a transaction, kept on its query runner until it ends. */
export function pendingAuthChanges(data: object): AuthChange[] {
  const holder = data as { authChanges?: AuthChange[] };
  return (holder.authChanges ??= []);
}

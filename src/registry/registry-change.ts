import { EntityManager } from 'typeorm';

/**
 * The PostgreSQL notification channel on which changes to subject versions are announced. A
 * statement trigger on `registry_subject_version` sends it (migration 40), so every writer is
 * heard: this app, another replica, the CLI, a restore.
 */
export const REGISTRY_CHANNEL = 'charter_registry';

/**
 * Notes on the writer's transaction that it changed subject versions, so that this replica drops
 * what it cached the moment the transaction commits, before it answers the request that made the
 * change (the notification comes back a little later). A write outside a transaction has nothing
 * to note it on, and is heard through the notification alone.
 */
export function noteRegistryChange(em: EntityManager): void {
  if (em.queryRunner?.isTransactionActive) registryChangePending(em.queryRunner.data, true);
}

/** Whether the transaction changed subject versions; `set` records that it did, `false` forgets it. */
export function registryChangePending(data: object, set?: boolean): boolean {
  const holder = data as { registryChanged?: boolean };
  if (set !== undefined) holder.registryChanged = set;
  return holder.registryChanged === true;
}

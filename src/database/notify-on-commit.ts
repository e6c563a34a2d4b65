import { EntityManager } from 'typeorm';

/** Queues `payload` on `channel`; PostgreSQL delivers it when, and only if, `em`'s transaction commits. */
export async function notifyOnCommit(em: EntityManager, channel: string, payload: string): Promise<void> {
  await em.query('SELECT pg_notify($1, $2)', [channel, payload]);
}

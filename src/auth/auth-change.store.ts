import { EntityManager } from 'typeorm';

/** The notification channel on which credential and membership changes reach every replica. */
export const authChangeStore = {
  /** Queues `payload` on `channel`; PostgreSQL delivers it when, and only if, the transaction commits. */
  async notify(em: EntityManager, channel: string, payload: string): Promise<void> {
    await em.query('SELECT pg_notify($1, $2)', [channel, payload]);
  },
};

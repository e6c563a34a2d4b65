import { EntityManager } from 'typeorm';

/** What the database says about the deployment it serves. */
export const instanceInfoStore = {
  /** Stable per database: its cluster's system identifier and its name, hashed into a uuid. */
  async databaseId(em: EntityManager): Promise<string> {
    const rows: Array<{ id: string }> = await em.query(
      `SELECT md5(system_identifier::text || '/' || current_database())::uuid::text AS id FROM pg_control_system()`,
    );
    return rows[0].id;
  },
};

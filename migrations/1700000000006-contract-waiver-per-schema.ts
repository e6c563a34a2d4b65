import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A waiver bound to one schema fingerprint must not stop the owners from asking again for the
 * same version once they change the schema: the one-open-waiver rule now counts the fingerprint.
 */
export class ContractWaiverPerSchema1700000000006 implements MigrationInterface {
  name = 'ContractWaiverPerSchema1700000000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX contract_waiver_open_unique;
      CREATE UNIQUE INDEX contract_waiver_open_unique
        ON contract_waiver (subject, schema_version, rule, coalesce(path, ''), coalesce(schema_fingerprint, ''))
        WHERE state IN ('REQUESTED', 'GRANTED');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX contract_waiver_open_unique;
      CREATE UNIQUE INDEX contract_waiver_open_unique ON contract_waiver (subject, schema_version, rule, coalesce(path, ''))
        WHERE state IN ('REQUESTED', 'GRANTED');
    `);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A schema's data-contract rules (Confluent's `ruleSet`: domain, migration and encoding rules) are
 * part of its content, like its metadata: stored on the content-addressed row, as sent, and part
 * of the identity hash, so the same schema text with other rules is other content with its own id.
 */
export class SchemaRuleSets1700000000036 implements MigrationInterface {
  name = 'SchemaRuleSets1700000000036';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE registry_schema ADD COLUMN rule_set jsonb;
      ALTER TABLE registry_schema ADD CONSTRAINT registry_schema_rule_set_object CHECK (rule_set IS NULL OR jsonb_typeof(rule_set) = 'object');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE registry_schema DROP COLUMN rule_set`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Data contracts. A schema's data-contract rules (Confluent's `ruleSet`: domain, migration and encoding rules) are
 * part of its content, like its metadata: stored on the content-addressed row, as sent, and part
 * of the identity hash, so the same schema text with other rules is other content with its own id.
 * Stewards' contract limits gain the settings of the `personal-data-unencrypted` rule: which tags
 * besides PII are personal, and how the rule answers on CONFIDENTIAL and RESTRICTED topics.
 */
export class SchemaRuleSets1700000000036 implements MigrationInterface {
  name = 'SchemaRuleSets1700000000036';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE registry_schema ADD COLUMN rule_set jsonb;
      ALTER TABLE registry_schema ADD CONSTRAINT registry_schema_rule_set_object CHECK (rule_set IS NULL OR jsonb_typeof(rule_set) = 'object');

      ALTER TABLE contract_limits ADD COLUMN personal_tags jsonb NOT NULL DEFAULT '[]';
      ALTER TABLE contract_limits ADD COLUMN unencrypted_personal_data jsonb NOT NULL
        DEFAULT '{"CONFIDENTIAL": "WARN", "RESTRICTED": "BLOCK"}';
      ALTER TABLE contract_limits ADD CONSTRAINT contract_limits_personal_tags_array CHECK (jsonb_typeof(personal_tags) = 'array');
      ALTER TABLE contract_limits ADD CONSTRAINT contract_limits_unencrypted_policy_object
        CHECK (jsonb_typeof(unencrypted_personal_data) = 'object');

      -- personal-data-unencrypted is waivable like the other blocking rules.
      ALTER TABLE contract_waiver DROP CONSTRAINT contract_waiver_rule_known;
      ALTER TABLE contract_waiver ADD CONSTRAINT contract_waiver_rule_known CHECK (rule IN (
        'field-budget', 'growth-per-version', 'growth-total', 'max-depth', 'tag-not-allowed',
        'credential-field', 'required-field-missing', 'entity-replica', 'personal-data-unencrypted'
      ));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE contract_waiver DROP CONSTRAINT contract_waiver_rule_known;
      ALTER TABLE contract_waiver ADD CONSTRAINT contract_waiver_rule_known CHECK (rule IN (
        'field-budget', 'growth-per-version', 'growth-total', 'max-depth', 'tag-not-allowed',
        'credential-field', 'required-field-missing', 'entity-replica'
      ));
      ALTER TABLE contract_limits DROP COLUMN unencrypted_personal_data;
      ALTER TABLE contract_limits DROP COLUMN personal_tags;
      ALTER TABLE registry_schema DROP COLUMN rule_set;
    `);
  }
}

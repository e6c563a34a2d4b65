import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payload contracts (the replica guard): steward ceilings per intent, each topic's own contract,
 * system-of-record entities, waivers that a steward decides, and what the guard found on each
 * registered version (with the field statistics the growth report charts).
 */
export class PayloadContracts1700000000005 implements MigrationInterface {
  name = 'PayloadContracts1700000000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE contract_limits (
        intent text NOT NULL,
        max_leaf_fields integer NOT NULL,
        max_fields_added_per_version integer NOT NULL,
        max_fields_added_total integer NOT NULL,
        max_depth integer NOT NULL,
        max_entity_overlap_threshold double precision NOT NULL,
        allowed_tags jsonb NOT NULL,
        allow_warn_enforcement boolean NOT NULL,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT contract_limits_pk PRIMARY KEY (intent),
        CONSTRAINT contract_limits_intent_known CHECK (intent IN ('EVENT', 'STATE', 'COMMAND')),
        CONSTRAINT contract_limits_counts_valid CHECK (
          max_leaf_fields >= 1 AND max_depth >= 1 AND max_fields_added_per_version >= 0
          AND max_fields_added_per_version <= max_fields_added_total
        ),
        CONSTRAINT contract_limits_threshold_share CHECK (max_entity_overlap_threshold > 0 AND max_entity_overlap_threshold <= 1)
      );

      CREATE TABLE topic_contract (
        topic_id uuid NOT NULL,
        max_leaf_fields integer NOT NULL,
        max_fields_added_per_version integer NOT NULL,
        max_fields_added_total integer NOT NULL,
        max_depth integer NOT NULL,
        allowed_tags jsonb NOT NULL,
        required_fields jsonb NOT NULL,
        entity_overlap_threshold double precision NOT NULL,
        enforcement text NOT NULL,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT topic_contract_pk PRIMARY KEY (topic_id),
        CONSTRAINT topic_contract_topic_fk FOREIGN KEY (topic_id) REFERENCES topic (id) ON DELETE CASCADE,
        CONSTRAINT topic_contract_counts_valid CHECK (
          max_leaf_fields >= 1 AND max_depth >= 1 AND max_fields_added_per_version >= 0
          AND max_fields_added_per_version <= max_fields_added_total
        ),
        CONSTRAINT topic_contract_threshold_share CHECK (entity_overlap_threshold > 0 AND entity_overlap_threshold <= 1),
        CONSTRAINT topic_contract_enforcement_known CHECK (enforcement IN ('BLOCK', 'WARN'))
      );

      CREATE TABLE catalogue_entity (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL,
        owner_team_id uuid NOT NULL,
        source_system text NOT NULL,
        description text NOT NULL DEFAULT '',
        attributes text[] NOT NULL,
        schema_type text,
        schema text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT catalogue_entity_pk PRIMARY KEY (id),
        CONSTRAINT catalogue_entity_owner_team_fk FOREIGN KEY (owner_team_id) REFERENCES team (id),
        CONSTRAINT catalogue_entity_name_length CHECK (char_length(name) BETWEEN 1 AND 200),
        CONSTRAINT catalogue_entity_has_attributes CHECK (cardinality(attributes) BETWEEN 1 AND 1000),
        CONSTRAINT catalogue_entity_schema_type_known CHECK (schema_type IS NULL OR schema_type IN ('AVRO', 'PROTOBUF', 'JSON')),
        CONSTRAINT catalogue_entity_schema_with_type CHECK ((schema IS NULL) = (schema_type IS NULL))
      );
      CREATE UNIQUE INDEX catalogue_entity_name_unique ON catalogue_entity (lower(name));
      CREATE INDEX catalogue_entity_owner_team_idx ON catalogue_entity (owner_team_id);

      CREATE TABLE contract_waiver (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        subject text NOT NULL,
        schema_version integer NOT NULL,
        schema_fingerprint text,
        rule text NOT NULL,
        path text,
        justification text NOT NULL,
        state text NOT NULL DEFAULT 'REQUESTED',
        requested_by text NOT NULL,
        requested_at timestamptz NOT NULL DEFAULT now(),
        decided_by text,
        decided_at timestamptz,
        decision_note text,
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT contract_waiver_pk PRIMARY KEY (id),
        CONSTRAINT contract_waiver_state_known CHECK (state IN ('REQUESTED', 'GRANTED', 'REJECTED')),
        CONSTRAINT contract_waiver_rule_known CHECK (rule IN (
          'field-budget', 'growth-per-version', 'growth-total', 'max-depth', 'tag-not-allowed',
          'credential-field', 'required-field-missing', 'entity-replica'
        )),
        CONSTRAINT contract_waiver_version_positive CHECK (schema_version > 0),
        CONSTRAINT contract_waiver_justified CHECK (char_length(justification) BETWEEN 10 AND 2000),
        -- A decision names its decider and time, and nobody decides their own request.
        CONSTRAINT contract_waiver_decided CHECK ((state = 'REQUESTED') = (decided_by IS NULL AND decided_at IS NULL)),
        CONSTRAINT contract_waiver_four_eyes CHECK (decided_by IS NULL OR decided_by <> requested_by)
      );
      -- One open (requested or granted) waiver per finding a version can have.
      CREATE UNIQUE INDEX contract_waiver_open_unique ON contract_waiver (subject, schema_version, rule, coalesce(path, ''))
        WHERE state IN ('REQUESTED', 'GRANTED');
      CREATE INDEX contract_waiver_state_idx ON contract_waiver (state, requested_at);

      CREATE TABLE contract_check (
        subject text NOT NULL,
        schema_version integer NOT NULL,
        topic_id uuid,
        leaf_fields integer NOT NULL,
        tagged_leaf_fields integer NOT NULL,
        max_depth integer NOT NULL,
        findings jsonb NOT NULL DEFAULT '[]',
        checked_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT contract_check_pk PRIMARY KEY (subject, schema_version),
        -- Written just before the version row in the same transaction, hence deferred.
        CONSTRAINT contract_check_version_fk FOREIGN KEY (subject, schema_version)
          REFERENCES registry_subject_version (subject, version) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
        CONSTRAINT contract_check_topic_fk FOREIGN KEY (topic_id) REFERENCES topic (id) ON DELETE SET NULL,
        CONSTRAINT contract_check_counts_valid CHECK (leaf_fields >= 0 AND tagged_leaf_fields BETWEEN 0 AND leaf_fields AND max_depth >= 0)
      );
      CREATE INDEX contract_check_topic_idx ON contract_check (topic_id, subject, schema_version DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE contract_check;
      DROP TABLE contract_waiver;
      DROP TABLE catalogue_entity;
      DROP TABLE topic_contract;
      DROP TABLE contract_limits;
    `);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Schema exporters (Confluent schema linking, governed).
 *
 * - `registry_change`: the registry's change log, written by triggers so that no write path can
 *   forget it. Exporters keep an offset into it. Sequence order is not commit order, so readers
 *   only go up to a point below which every writer has finished (see ChangeLog). A restore brings
 *   the log of its backup, so the triggers stand aside while `charter.restoring` is on.
 * - `exporter`: the exporter's Confluent settings, its governance (destination jurisdiction, legal
 *   basis, approval), its state and offset, and the lease that lets one replica run it at a time.
 * - `exporter_topic_approval`: a steward let one RESTRICTED or CONFIDENTIAL topic leave.
 * - `exporter_skip`: subjects skipped for policy, with the rule, for the status.
 */
export class Exporters1700000000035 implements MigrationInterface {
  name = 'Exporters1700000000035';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE registry_change (
        seq bigint GENERATED ALWAYS AS IDENTITY,
        kind text NOT NULL,
        subject text NOT NULL,
        version integer,
        schema_id integer,
        at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT registry_change_pk PRIMARY KEY (seq),
        CONSTRAINT registry_change_kind_ck CHECK (kind IN ('VERSION', 'SOFT_DELETE', 'HARD_DELETE', 'CONFIG'))
      );
      CREATE INDEX registry_change_subject_ix ON registry_change (subject, seq);

      CREATE FUNCTION registry_change_of_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('charter.restoring', true) = 'on' THEN RETURN NULL; END IF;
        IF TG_OP = 'INSERT' THEN
          INSERT INTO registry_change (kind, subject, version, schema_id) VALUES ('VERSION', NEW.subject, NEW.version, NEW.schema_id);
        ELSIF TG_OP = 'UPDATE' THEN
          IF NEW.deleted AND NOT OLD.deleted THEN
            INSERT INTO registry_change (kind, subject, version, schema_id) VALUES ('SOFT_DELETE', NEW.subject, NEW.version, NEW.schema_id);
          END IF;
        ELSE
          INSERT INTO registry_change (kind, subject, version, schema_id) VALUES ('HARD_DELETE', OLD.subject, OLD.version, OLD.schema_id);
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER registry_subject_version_change AFTER INSERT OR UPDATE OR DELETE ON registry_subject_version
        FOR EACH ROW EXECUTE FUNCTION registry_change_of_version();

      CREATE FUNCTION registry_change_of_config() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('charter.restoring', true) = 'on' THEN RETURN NULL; END IF;
        INSERT INTO registry_change (kind, subject) VALUES ('CONFIG', CASE WHEN TG_OP = 'DELETE' THEN OLD.subject ELSE NEW.subject END);
        RETURN NULL;
      END $$;
      CREATE TRIGGER registry_config_change AFTER INSERT OR UPDATE OR DELETE ON registry_config
        FOR EACH ROW EXECUTE FUNCTION registry_change_of_config();

      -- What was registered before the log existed, oldest first (referenced versions came first).
      INSERT INTO registry_change (kind, subject, version, schema_id, at)
        SELECT 'VERSION', subject, version, schema_id, created_at FROM registry_subject_version ORDER BY created_at, schema_id, subject, version;
      INSERT INTO registry_change (kind, subject, version, schema_id, at)
        SELECT 'SOFT_DELETE', subject, version, schema_id, created_at FROM registry_subject_version WHERE deleted ORDER BY created_at, subject, version;
      INSERT INTO registry_change (kind, subject, at) SELECT 'CONFIG', subject, updated_at FROM registry_config ORDER BY updated_at, subject;

      CREATE TABLE exporter (
        name text NOT NULL,
        context_type text NOT NULL,
        context text,
        subjects text[] NOT NULL,
        subject_rename_format text NOT NULL,
        config jsonb NOT NULL DEFAULT '{}',
        credentials text,
        destination_url text NOT NULL,
        destination_jurisdiction text,
        destination_region text,
        destination_source text NOT NULL,
        cross_border boolean NOT NULL,
        legal_basis_mechanism text,
        legal_basis_reference text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        approved_by text,
        approved_at timestamptz,
        approved_jurisdiction text,
        state text NOT NULL,
        paused_reason text,
        trace text,
        "offset" bigint NOT NULL DEFAULT 0,
        offset_at timestamptz,
        last_success_at timestamptz,
        lease_holder text,
        lease_until timestamptz,
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT exporter_pk PRIMARY KEY (name),
        CONSTRAINT exporter_context_type_ck CHECK (context_type IN ('AUTO', 'CUSTOM', 'NONE')),
        CONSTRAINT exporter_state_ck CHECK (state IN ('STARTING', 'RUNNING', 'PAUSED', 'ERROR')),
        CONSTRAINT exporter_destination_source_ck CHECK (destination_source IN ('DESTINATION', 'CONFIG', 'UNKNOWN')),
        CONSTRAINT exporter_legal_basis_ck CHECK ((legal_basis_mechanism IS NULL) = (legal_basis_reference IS NULL)),
        CONSTRAINT exporter_approver_not_creator_ck CHECK (approved_by IS NULL OR approved_by <> created_by)
      );
      CREATE INDEX exporter_runnable_ix ON exporter (lease_until) WHERE state IN ('STARTING', 'RUNNING');

      CREATE TABLE exporter_topic_approval (
        exporter_name text NOT NULL,
        topic text NOT NULL,
        approved_by text NOT NULL,
        approved_at timestamptz NOT NULL DEFAULT now(),
        replayed boolean NOT NULL DEFAULT false,
        CONSTRAINT exporter_topic_approval_pk PRIMARY KEY (exporter_name, topic),
        CONSTRAINT exporter_topic_approval_exporter_fk FOREIGN KEY (exporter_name) REFERENCES exporter (name) ON DELETE CASCADE
      );

      CREATE TABLE exporter_skip (
        exporter_name text NOT NULL,
        subject text NOT NULL,
        topic text,
        rule text NOT NULL,
        message text NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT exporter_skip_pk PRIMARY KEY (exporter_name, subject),
        CONSTRAINT exporter_skip_exporter_fk FOREIGN KEY (exporter_name) REFERENCES exporter (name) ON DELETE CASCADE
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE exporter_skip;
      DROP TABLE exporter_topic_approval;
      DROP TABLE exporter;
      DROP TRIGGER registry_config_change ON registry_config;
      DROP TRIGGER registry_subject_version_change ON registry_subject_version;
      DROP FUNCTION registry_change_of_config();
      DROP FUNCTION registry_change_of_version();
      DROP TABLE registry_change;
    `);
  }
}

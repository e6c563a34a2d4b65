import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Confluent-compatible schema registry: content-addressed schemas with global ids, subjects
 * with numbered versions, references between them, and per-subject or global config and mode.
 * Races between replicas are settled here: one id per content (identity hash), one row per
 * subject version, and no version that another schema refers to can vanish under it.
 */
export class SchemaRegistry1700000000002 implements MigrationInterface {
  name = 'SchemaRegistry1700000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE registry_schema (
        id integer NOT NULL,
        schema_type text NOT NULL,
        canonical text NOT NULL,
        original text NOT NULL,
        "references" jsonb NOT NULL DEFAULT '[]',
        metadata jsonb,
        identity_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT registry_schema_pk PRIMARY KEY (id),
        CONSTRAINT registry_schema_identity_unique UNIQUE (identity_hash),
        CONSTRAINT registry_schema_id_positive CHECK (id > 0),
        CONSTRAINT registry_schema_type_known CHECK (schema_type IN ('AVRO', 'PROTOBUF', 'JSON'))
      );

      CREATE TABLE registry_subject_version (
        subject text NOT NULL,
        version integer NOT NULL,
        schema_id integer NOT NULL,
        deleted boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT registry_subject_version_pk PRIMARY KEY (subject, version),
        CONSTRAINT registry_subject_version_schema_fk FOREIGN KEY (schema_id) REFERENCES registry_schema (id),
        CONSTRAINT registry_subject_version_positive CHECK (version > 0)
      );
      CREATE INDEX registry_subject_version_schema_idx ON registry_subject_version (schema_id);

      -- Which stored version each schema refers to. Rows stay with the (immutable) schema; whether
      -- a referrer still counts is decided by it having versions, so no FK to the version row.
      CREATE TABLE registry_reference (
        schema_id integer NOT NULL,
        position integer NOT NULL,
        name text NOT NULL,
        subject text NOT NULL,
        version integer NOT NULL,
        CONSTRAINT registry_reference_pk PRIMARY KEY (schema_id, position),
        CONSTRAINT registry_reference_schema_fk FOREIGN KEY (schema_id) REFERENCES registry_schema (id)
      );
      CREATE INDEX registry_reference_target_idx ON registry_reference (subject, version);

      -- subject '__GLOBAL' (never a valid subject name) holds the global row.
      CREATE TABLE registry_config (
        subject text NOT NULL,
        compatibility_level text,
        normalize boolean,
        options jsonb NOT NULL DEFAULT '{}',
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT registry_config_pk PRIMARY KEY (subject),
        CONSTRAINT registry_config_level_known CHECK (compatibility_level IN
          ('NONE', 'BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE'))
      );

      CREATE TABLE registry_mode (
        subject text NOT NULL,
        mode text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT registry_mode_pk PRIMARY KEY (subject),
        CONSTRAINT registry_mode_known CHECK (mode IN ('READWRITE', 'READONLY', 'READONLY_OVERRIDE', 'IMPORT', 'FORWARD'))
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE registry_mode;
      DROP TABLE registry_config;
      DROP TABLE registry_reference;
      DROP TABLE registry_subject_version;
      DROP TABLE registry_schema;
    `);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Confluent's contexts (docs/reference/contexts.md): every schema id belongs to a context, and each
 * context has its own id space, so schemas imported into `:.eu:` with their source's ids cannot
 * collide with local ones. Subjects keep their qualified name (`:.eu:orders-value`; default-context
 * names are unchanged); a version's context is computed from it, so it can never disagree. Existing
 * rows all land in the default context `.` with their ids, and the id sequence keeps serving it.
 */
export class RegistryContexts1700000000033 implements MigrationInterface {
  name = 'RegistryContexts1700000000033';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE registry_subject_version DROP CONSTRAINT registry_subject_version_schema_fk;
      ALTER TABLE registry_reference DROP CONSTRAINT registry_reference_schema_fk;
      ALTER TABLE registry_reference DROP CONSTRAINT registry_reference_pk;

      ALTER TABLE registry_schema ADD COLUMN context text NOT NULL DEFAULT '.';
      ALTER TABLE registry_schema DROP CONSTRAINT registry_schema_pk;
      ALTER TABLE registry_schema DROP CONSTRAINT registry_schema_identity_unique;
      ALTER TABLE registry_schema ADD CONSTRAINT registry_schema_pk PRIMARY KEY (context, id);
      ALTER TABLE registry_schema ADD CONSTRAINT registry_schema_identity_unique UNIQUE (context, identity_hash);
      ALTER TABLE registry_schema ADD CONSTRAINT registry_schema_context_form
        CHECK (context = '.' OR (left(context, 1) = '.' AND length(context) > 1 AND strpos(context, ':') = 0));

      -- ':.eu:orders-value' is in '.eu'; anything else (':.:x' is stored as 'x') in '.'.
      ALTER TABLE registry_subject_version ADD COLUMN context text GENERATED ALWAYS AS (
        CASE WHEN left(subject, 2) = ':.' AND strpos(substr(subject, 3), ':') > 0
          THEN substr(subject, 2, strpos(substr(subject, 3), ':'))
          ELSE '.' END) STORED;

      -- A subject written ':.x:...' before contexts existed holds default-context ids: its
      -- schemas are copied into its context under the same ids, so every version keeps its schema.
      INSERT INTO registry_schema (context, id, schema_type, canonical, original, "references", metadata, identity_hash, created_at)
      SELECT DISTINCT ON (v.context, s.id) v.context, s.id, s.schema_type, s.canonical, s.original, s."references", s.metadata,
             s.identity_hash, s.created_at
      FROM registry_subject_version v JOIN registry_schema s ON s.context = '.' AND s.id = v.schema_id
      WHERE v.context <> '.'
      ON CONFLICT DO NOTHING;

      ALTER TABLE registry_reference ADD COLUMN context text NOT NULL DEFAULT '.';
      INSERT INTO registry_reference (context, schema_id, position, name, subject, version)
      SELECT DISTINCT s.context, r.schema_id, r.position, r.name, r.subject, r.version
      FROM registry_reference r JOIN registry_schema s ON s.id = r.schema_id AND s.context <> '.'
      WHERE r.context = '.';

      ALTER TABLE registry_reference ADD CONSTRAINT registry_reference_pk PRIMARY KEY (context, schema_id, position);
      ALTER TABLE registry_reference ADD CONSTRAINT registry_reference_schema_fk
        FOREIGN KEY (context, schema_id) REFERENCES registry_schema (context, id);
      ALTER TABLE registry_subject_version ADD CONSTRAINT registry_subject_version_schema_fk
        FOREIGN KEY (context, schema_id) REFERENCES registry_schema (context, id);

      DROP INDEX registry_subject_version_schema_idx;
      CREATE INDEX registry_subject_version_schema_idx ON registry_subject_version (context, schema_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX registry_subject_version_schema_idx;
      ALTER TABLE registry_subject_version DROP CONSTRAINT registry_subject_version_schema_fk;
      ALTER TABLE registry_reference DROP CONSTRAINT registry_reference_schema_fk;
      ALTER TABLE registry_reference DROP CONSTRAINT registry_reference_pk;
      DELETE FROM registry_reference WHERE context <> '.';
      ALTER TABLE registry_reference DROP COLUMN context;
      ALTER TABLE registry_reference ADD CONSTRAINT registry_reference_pk PRIMARY KEY (schema_id, position);
      DELETE FROM registry_subject_version WHERE context <> '.';
      ALTER TABLE registry_subject_version DROP COLUMN context;
      DELETE FROM registry_schema WHERE context <> '.';
      ALTER TABLE registry_schema DROP CONSTRAINT registry_schema_context_form;
      ALTER TABLE registry_schema DROP CONSTRAINT registry_schema_identity_unique;
      ALTER TABLE registry_schema DROP CONSTRAINT registry_schema_pk;
      ALTER TABLE registry_schema DROP COLUMN context;
      ALTER TABLE registry_schema ADD CONSTRAINT registry_schema_pk PRIMARY KEY (id);
      ALTER TABLE registry_schema ADD CONSTRAINT registry_schema_identity_unique UNIQUE (identity_hash);
      ALTER TABLE registry_reference ADD CONSTRAINT registry_reference_schema_fk FOREIGN KEY (schema_id) REFERENCES registry_schema (id);
      ALTER TABLE registry_subject_version ADD CONSTRAINT registry_subject_version_schema_fk
        FOREIGN KEY (schema_id) REFERENCES registry_schema (id);
      CREATE INDEX registry_subject_version_schema_idx ON registry_subject_version (schema_id);
    `);
  }
}

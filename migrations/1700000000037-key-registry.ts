import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The key registry (`/dek-registry/v1`): key encryption keys, the wrapped data keys under them,
 * and a count of data key reads per principal. Only wrapped key material is ever stored: there is
 * no column for a plain key, and a KEK can never be `shared` (the registry calling the KMS itself).
 */
export class KeyRegistry1700000000037 implements MigrationInterface {
  name = 'KeyRegistry1700000000037';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE kek (
        name text NOT NULL,
        kms_type text NOT NULL,
        kms_key_id text NOT NULL,
        kms_props jsonb NOT NULL DEFAULT '{}'::jsonb,
        doc text,
        shared boolean NOT NULL DEFAULT false,
        jurisdiction text NOT NULL,
        deleted boolean NOT NULL DEFAULT false,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT kek_pk PRIMARY KEY (name),
        CONSTRAINT kek_name_length CHECK (char_length(name) BETWEEN 1 AND 256),
        CONSTRAINT kek_never_shared CHECK (shared = false),
        CONSTRAINT kek_props_object CHECK (jsonb_typeof(kms_props) = 'object')
      );

      CREATE TABLE dek (
        kek_name text NOT NULL,
        subject text NOT NULL,
        algorithm text NOT NULL,
        version integer NOT NULL,
        encrypted_key_material text NOT NULL,
        deleted boolean NOT NULL DEFAULT false,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT dek_pk PRIMARY KEY (kek_name, subject, algorithm, version),
        CONSTRAINT dek_kek_fk FOREIGN KEY (kek_name) REFERENCES kek (name) ON DELETE RESTRICT,
        CONSTRAINT dek_algorithm_known CHECK (algorithm IN ('AES128_GCM', 'AES256_GCM', 'AES256_SIV')),
        CONSTRAINT dek_version_positive CHECK (version >= 1),
        CONSTRAINT dek_material_present CHECK (char_length(encrypted_key_material) > 0)
      );
      -- Topic.encryptionKeys and the list of KEKs by subject prefix look DEKs up by subject.
      CREATE INDEX dek_subject_idx ON dek (subject, kek_name);

      -- Successful DEK reads, counted per principal instead of one audit entry each.
      CREATE TABLE dek_read_count (
        principal text NOT NULL,
        kek_name text NOT NULL,
        subject text NOT NULL,
        reads bigint NOT NULL DEFAULT 0,
        first_read_at timestamptz NOT NULL DEFAULT now(),
        last_read_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT dek_read_count_pk PRIMARY KEY (principal, kek_name, subject),
        CONSTRAINT dek_read_count_positive CHECK (reads >= 0)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE dek_read_count; DROP TABLE dek; DROP TABLE kek;`);
  }
}

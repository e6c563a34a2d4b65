import { MigrationInterface, QueryRunner } from 'typeorm';

/** Catalogued topics: owner, intent, classification, jurisdiction, policy, lifecycle, search. */
export class CatalogueTopics1700000000003 implements MigrationInterface {
  name = 'CatalogueTopics1700000000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE topic (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL,
        display_name text NOT NULL,
        description text NOT NULL DEFAULT '',
        owner_team_id uuid NOT NULL,
        intent text NOT NULL,
        classification text NOT NULL,
        jurisdiction text NOT NULL,
        residency text[] NOT NULL DEFAULT '{}',
        access_policy text NOT NULL,
        max_grant_days integer,
        lifecycle text NOT NULL DEFAULT 'DRAFT',
        sunset_at timestamptz,
        replacement_topic_id uuid,
        tags text[] NOT NULL DEFAULT '{}',
        contacts jsonb NOT NULL DEFAULT '[]',
        retention_ms bigint,
        partitions integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        search_document tsvector GENERATED ALWAYS AS (
          to_tsvector('simple', name || ' ' || regexp_replace(name, '[._-]', ' ', 'g') || ' ' || display_name || ' ' || description)
        ) STORED,
        CONSTRAINT topic_pk PRIMARY KEY (id),
        CONSTRAINT topic_name_unique UNIQUE (name),
        CONSTRAINT topic_name_format CHECK (name ~ '^[a-zA-Z0-9._-]{1,249}$' AND name NOT IN ('.', '..')),
        CONSTRAINT topic_owner_team_fk FOREIGN KEY (owner_team_id) REFERENCES team (id),
        CONSTRAINT topic_replacement_fk FOREIGN KEY (replacement_topic_id) REFERENCES topic (id),
        CONSTRAINT topic_intent_known CHECK (intent IN ('EVENT', 'STATE', 'COMMAND')),
        CONSTRAINT topic_classification_known CHECK (classification IN ('PUBLIC', 'INTERNAL', 'CONFIDENTIAL', 'RESTRICTED')),
        CONSTRAINT topic_access_policy_known CHECK (access_policy IN ('OPEN', 'OWNER_APPROVAL', 'OWNER_AND_STEWARD_APPROVAL')),
        CONSTRAINT topic_lifecycle_known CHECK (lifecycle IN ('DRAFT', 'ACTIVE', 'DEPRECATED', 'RETIRED')),
        CONSTRAINT topic_restricted_not_open CHECK (NOT (classification = 'RESTRICTED' AND access_policy = 'OPEN')),
        CONSTRAINT topic_max_grant_positive CHECK (max_grant_days IS NULL OR max_grant_days > 0),
        CONSTRAINT topic_partitions_positive CHECK (partitions IS NULL OR partitions > 0),
        CONSTRAINT topic_retention_valid CHECK (retention_ms IS NULL OR retention_ms >= -1)
      );
      CREATE INDEX topic_owner_team_idx ON topic (owner_team_id);
      CREATE INDEX topic_updated_idx ON topic (updated_at DESC, name);
      CREATE INDEX topic_search_idx ON topic USING gin (search_document);
      CREATE INDEX topic_tags_idx ON topic USING gin (tags);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE topic`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who reads which schema: registry reads counted per (subject, schema id, day, principal, client
 * identity), written by each replica as upserts that add to the count; and the shadow-consumer
 * findings, one row per (topic, principal), so each is raised exactly once across replicas.
 */
export class SchemaUsage1700000000038 implements MigrationInterface {
  name = 'SchemaUsage1700000000038';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE schema_usage (
        subject text NOT NULL,
        schema_id integer NOT NULL,
        day date NOT NULL,
        principal text NOT NULL,
        user_agent text NOT NULL,
        client_id text NOT NULL,
        authenticated boolean NOT NULL,
        principal_teams text[] NOT NULL DEFAULT '{}',
        reads bigint NOT NULL,
        first_read_at timestamptz NOT NULL,
        last_read_at timestamptz NOT NULL,
        CONSTRAINT schema_usage_pk PRIMARY KEY (subject, schema_id, day, principal, user_agent, client_id),
        CONSTRAINT schema_usage_reads_positive CHECK (reads > 0),
        CONSTRAINT schema_usage_user_agent_length CHECK (char_length(user_agent) <= 200),
        CONSTRAINT schema_usage_client_id_length CHECK (char_length(client_id) <= 100)
      );
      CREATE INDEX schema_usage_day_ix ON schema_usage (day);
      CREATE INDEX schema_usage_principal_ix ON schema_usage (principal, day);

      CREATE TABLE usage_shadow_finding (
        topic_id uuid NOT NULL,
        principal text NOT NULL,
        classification text NOT NULL,
        first_read_at timestamptz NOT NULL,
        raised_at timestamptz NOT NULL,
        CONSTRAINT usage_shadow_finding_pk PRIMARY KEY (topic_id, principal),
        CONSTRAINT usage_shadow_finding_topic_fk FOREIGN KEY (topic_id) REFERENCES topic (id) ON DELETE CASCADE
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE usage_shadow_finding; DROP TABLE schema_usage;`);
  }
}

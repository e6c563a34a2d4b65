import { MigrationInterface, QueryRunner } from 'typeorm';

/** Teams, members, API tokens and the append-only, hash-chained audit log. */
export class Foundation1700000000001 implements MigrationInterface {
  name = 'Foundation1700000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE team (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        slug text NOT NULL,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT team_pk PRIMARY KEY (id),
        CONSTRAINT team_slug_unique UNIQUE (slug),
        CONSTRAINT team_slug_format CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
        CONSTRAINT team_name_length CHECK (char_length(name) BETWEEN 1 AND 200)
      );

      CREATE TABLE team_member (
        team_id uuid NOT NULL,
        username text NOT NULL,
        added_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT team_member_pk PRIMARY KEY (team_id, username),
        CONSTRAINT team_member_team_fk FOREIGN KEY (team_id) REFERENCES team (id) ON DELETE CASCADE
      );
      CREATE INDEX team_member_username_idx ON team_member (username);

      CREATE TABLE api_token (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        token_hash text NOT NULL,
        token_prefix text NOT NULL,
        username text NOT NULL,
        teams text[] NOT NULL DEFAULT '{}',
        roles text[] NOT NULL DEFAULT '{}',
        description text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        revoked_at timestamptz,
        revoked_by text,
        CONSTRAINT api_token_pk PRIMARY KEY (id),
        CONSTRAINT api_token_hash_unique UNIQUE (token_hash),
        CONSTRAINT api_token_roles_known CHECK (roles <@ ARRAY['admin', 'steward']::text[])
      );
      CREATE INDEX api_token_username_idx ON api_token (username);

      CREATE TABLE audit_log (
        seq bigint GENERATED ALWAYS AS IDENTITY,
        occurred_at timestamptz NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        target_type text NOT NULL,
        target_id text NOT NULL,
        details jsonb NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        CONSTRAINT audit_log_pk PRIMARY KEY (seq),
        CONSTRAINT audit_log_hash_unique UNIQUE (hash)
      );
      CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id, seq);
      CREATE INDEX audit_log_actor_idx ON audit_log (actor, seq);
      CREATE INDEX audit_log_time_idx ON audit_log (occurred_at);

      -- The log is evidence: rows are only ever appended. The trigger holds for every role that
      -- does not own the table's triggers, including the application's own connection.
      CREATE FUNCTION audit_log_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END;
      $$;
      CREATE TRIGGER audit_log_append_only
        BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_reject_change();
      CREATE TRIGGER audit_log_no_truncate
        BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_reject_change();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE audit_log;
      DROP FUNCTION audit_log_reject_change();
      DROP TABLE api_token;
      DROP TABLE team_member;
      DROP TABLE team;
    `);
  }
}

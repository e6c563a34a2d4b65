import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Continuity: one row per scheduled run of a periodic job (the lease that lets exactly one replica
 * take a slot, and lets another take it over once a killed holder's lease has run out), the
 * backups written, and the restore drills run.
 */
export class Continuity1700000000032 implements MigrationInterface {
  name = 'Continuity1700000000032';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE continuity_job_run (
        job text NOT NULL,
        slot timestamptz NOT NULL,
        holder text NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        lease_until timestamptz NOT NULL,
        finished_at timestamptz,
        outcome text,
        CONSTRAINT continuity_job_run_pk PRIMARY KEY (job, slot),
        CONSTRAINT continuity_job_run_outcome_ck CHECK (outcome IS NULL OR outcome IN ('ok', 'failed'))
      );
      CREATE TABLE continuity_backup (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        file_name text NOT NULL,
        created_at timestamptz NOT NULL,
        size_bytes bigint NOT NULL,
        sha256 char(64) NOT NULL,
        jurisdiction text NOT NULL,
        encrypted boolean NOT NULL,
        verified_at timestamptz,
        deleted_at timestamptz,
        CONSTRAINT continuity_backup_pk PRIMARY KEY (id),
        CONSTRAINT continuity_backup_file_name_uq UNIQUE (file_name)
      );
      CREATE INDEX continuity_backup_created_at_ix ON continuity_backup (created_at DESC);
      CREATE TABLE continuity_drill (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        started_at timestamptz NOT NULL,
        finished_at timestamptz NOT NULL,
        backup_file text NOT NULL,
        backup_created_at timestamptz,
        outcome text NOT NULL,
        reason text,
        rto_ms integer NOT NULL,
        tables integer NOT NULL,
        rows bigint NOT NULL,
        CONSTRAINT continuity_drill_pk PRIMARY KEY (id),
        CONSTRAINT continuity_drill_outcome_ck CHECK (outcome IN ('ok', 'failed'))
      );
      CREATE INDEX continuity_drill_started_at_ix ON continuity_drill (started_at DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE continuity_drill; DROP TABLE continuity_backup; DROP TABLE continuity_job_run;`);
  }
}

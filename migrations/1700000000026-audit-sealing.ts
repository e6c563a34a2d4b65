import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log is chained after commit instead of inside each writer's transaction. Writers insert
 * an entry without `chain_pos`, `prev_hash` and `hash`; one sealer at a time later fills in those
 * three columns, once, in the order the entries became visible. The trigger allows exactly that
 * one write to a row and nothing else: the entry itself is never edited, and a sealed link never
 * changes. Existing entries were chained in `seq` order, which their positions keep.
 */
export class AuditSealing1700000000026 implements MigrationInterface {
  name = 'AuditSealing1700000000026';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE audit_log
        ADD COLUMN chain_pos bigint,
        ALTER COLUMN prev_hash DROP NOT NULL,
        ALTER COLUMN hash DROP NOT NULL;

      -- Replaced below by one that lets the sealer fill in a link once; gone meanwhile so that the
      -- existing entries can take their positions.
      DROP TRIGGER audit_log_append_only ON audit_log;
      UPDATE audit_log a SET chain_pos = o.pos
        FROM (SELECT seq, row_number() OVER (ORDER BY seq) AS pos FROM audit_log) o
        WHERE a.seq = o.seq;

      ALTER TABLE audit_log
        ADD CONSTRAINT audit_log_chain_pos_unique UNIQUE (chain_pos),
        ADD CONSTRAINT audit_log_chain_pos_positive CHECK (chain_pos > 0),
        ADD CONSTRAINT audit_log_sealed_whole CHECK (
          (chain_pos IS NULL AND prev_hash IS NULL AND hash IS NULL)
          OR (chain_pos IS NOT NULL AND prev_hash IS NOT NULL AND hash IS NOT NULL));
      -- What the sealer looks for: small, since entries stay in it for well under a second.
      CREATE INDEX audit_log_unsealed_idx ON audit_log (seq) WHERE chain_pos IS NULL;

      CREATE FUNCTION audit_log_seal_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.chain_pos IS NULL AND NEW.chain_pos IS NOT NULL
           AND (to_jsonb(NEW) - 'chain_pos' - 'prev_hash' - 'hash') = (to_jsonb(OLD) - 'chain_pos' - 'prev_hash' - 'hash') THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END;
      $$;
      CREATE TRIGGER audit_log_append_only
        BEFORE DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_reject_change();
      CREATE TRIGGER audit_log_seal_once
        BEFORE UPDATE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_seal_once();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER audit_log_seal_once ON audit_log;
      DROP FUNCTION audit_log_seal_once();
      DROP TRIGGER audit_log_append_only ON audit_log;
      CREATE TRIGGER audit_log_append_only
        BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_reject_change();
      DROP INDEX audit_log_unsealed_idx;
      ALTER TABLE audit_log
        DROP CONSTRAINT audit_log_sealed_whole,
        DROP CONSTRAINT audit_log_chain_pos_positive,
        DROP CONSTRAINT audit_log_chain_pos_unique,
        DROP COLUMN chain_pos;
    `);
  }
}

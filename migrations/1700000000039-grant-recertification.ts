import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Grant recertification: a steward's campaign over a scope of grants, and one item per grant that
 * the topic's owners confirm or revoke before the deadline. A grant is under at most one open item
 * (a second campaign over it skips it), and an item leaves OPEN exactly once: every move is a
 * conditional UPDATE ... WHERE state = 'OPEN'.
 */
export class GrantRecertification1700000000039 implements MigrationInterface {
  name = 'GrantRecertification1700000000039';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE recertification_campaign (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        scope_kind text NOT NULL,
        scope_value text NOT NULL,
        deadline_days integer NOT NULL,
        note text,
        state text NOT NULL DEFAULT 'OPEN',
        started_by text NOT NULL,
        started_at timestamptz NOT NULL,
        deadline timestamptz NOT NULL,
        closed_at timestamptz,
        CONSTRAINT recertification_campaign_pk PRIMARY KEY (id),
        CONSTRAINT recertification_campaign_scope_known CHECK (scope_kind IN ('TEAM', 'TOPIC', 'CLASSIFICATION')),
        CONSTRAINT recertification_campaign_deadline_days_range CHECK (deadline_days BETWEEN 1 AND 365),
        CONSTRAINT recertification_campaign_deadline_after_start CHECK (deadline > started_at),
        CONSTRAINT recertification_campaign_state_known CHECK (state IN ('OPEN', 'CLOSED')),
        CONSTRAINT recertification_campaign_closed_when CHECK ((state = 'CLOSED') = (closed_at IS NOT NULL)),
        CONSTRAINT recertification_campaign_note_length CHECK (char_length(note) <= 2000)
      );
      CREATE INDEX recertification_campaign_started_idx ON recertification_campaign (started_at DESC);

      CREATE TABLE recertification_item (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        campaign_id uuid NOT NULL,
        grant_id uuid NOT NULL,
        deadline timestamptz NOT NULL,
        state text NOT NULL DEFAULT 'OPEN',
        decided_by text,
        decided_at timestamptz,
        reason text,
        CONSTRAINT recertification_item_pk PRIMARY KEY (id),
        CONSTRAINT recertification_item_campaign_fk FOREIGN KEY (campaign_id) REFERENCES recertification_campaign (id),
        CONSTRAINT recertification_item_grant_fk FOREIGN KEY (grant_id) REFERENCES access_request (id),
        CONSTRAINT recertification_item_once_per_campaign UNIQUE (campaign_id, grant_id),
        CONSTRAINT recertification_item_state_known CHECK (state IN ('OPEN', 'CONFIRMED', 'REVOKED', 'SUSPENDED', 'LAPSED')),
        CONSTRAINT recertification_item_decided_when_closed CHECK ((state = 'OPEN') = (decided_at IS NULL) AND (decided_at IS NULL) = (decided_by IS NULL)),
        CONSTRAINT recertification_item_reason_length CHECK (char_length(reason) <= 2000)
      );
      CREATE UNIQUE INDEX recertification_item_one_open_per_grant ON recertification_item (grant_id) WHERE state = 'OPEN';
      CREATE INDEX recertification_item_open_deadline_idx ON recertification_item (deadline) WHERE state = 'OPEN';
      CREATE INDEX recertification_item_campaign_idx ON recertification_item (campaign_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE recertification_item;
      DROP TABLE recertification_campaign;
    `);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Kafka clusters, the cluster each topic lives on, and governed mirror requests between clusters.
 *
 * Existing topics move to a cluster named `default`, created here. A migration cannot read the
 * configuration, so its jurisdiction is the one most existing topics have (ties: alphabetical),
 * or EU on an empty catalogue; its region is `default` and its bootstrap address `localhost:9092`
 * until an admin corrects them with `updateCluster`. New topics that name no cluster land on it.
 *
 * Mirror requests share the access workflow's states, slots and grant window, and the same
 * per-row rules are constraints here.
 */
export class ClustersAndMirrors1700000000034 implements MigrationInterface {
  name = 'ClustersAndMirrors1700000000034';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE kafka_cluster (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL,
        region text NOT NULL,
        jurisdiction text NOT NULL,
        availability_zones text[] NOT NULL DEFAULT '{}',
        bootstrap_servers text NOT NULL,
        is_default boolean NOT NULL DEFAULT false,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT kafka_cluster_pk PRIMARY KEY (id),
        CONSTRAINT kafka_cluster_name_unique UNIQUE (name),
        CONSTRAINT kafka_cluster_name_format CHECK (name ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
        CONSTRAINT kafka_cluster_region_format CHECK (region ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$'),
        CONSTRAINT kafka_cluster_jurisdiction_format CHECK (jurisdiction ~ '^[A-Z][A-Z0-9_]{0,31}$'),
        CONSTRAINT kafka_cluster_zones_count CHECK (cardinality(availability_zones) <= 20),
        CONSTRAINT kafka_cluster_bootstrap_length CHECK (char_length(bootstrap_servers) BETWEEN 1 AND 2000)
      );
      CREATE UNIQUE INDEX kafka_cluster_one_default ON kafka_cluster (is_default) WHERE is_default;

      INSERT INTO kafka_cluster (name, region, jurisdiction, bootstrap_servers, is_default, created_by)
      SELECT 'default', 'default',
        COALESCE((SELECT jurisdiction FROM topic GROUP BY jurisdiction ORDER BY count(*) DESC, jurisdiction ASC LIMIT 1), 'EU'),
        'localhost:9092', true, 'charter-system';

      -- Rows written without a cluster (older code paths, bulk loads) land on the default cluster.
      CREATE FUNCTION kafka_cluster_default_id() RETURNS uuid LANGUAGE sql STABLE
        AS $$ SELECT id FROM kafka_cluster WHERE is_default $$;
      ALTER TABLE topic ADD COLUMN cluster_id uuid;
      UPDATE topic SET cluster_id = kafka_cluster_default_id();
      ALTER TABLE topic ALTER COLUMN cluster_id SET NOT NULL;
      ALTER TABLE topic ALTER COLUMN cluster_id SET DEFAULT kafka_cluster_default_id();
      ALTER TABLE topic ADD CONSTRAINT topic_cluster_fk FOREIGN KEY (cluster_id) REFERENCES kafka_cluster (id);
      CREATE INDEX topic_cluster_idx ON topic (cluster_id);

      CREATE TABLE mirror_request (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        topic_id uuid NOT NULL,
        source_cluster_id uuid NOT NULL,
        target_cluster_id uuid NOT NULL,
        requesting_team_id uuid NOT NULL,
        purpose text NOT NULL,
        purpose_category text NOT NULL,
        source_jurisdiction text NOT NULL,
        target_jurisdiction text NOT NULL,
        cross_border boolean NOT NULL,
        legal_basis_mechanism text,
        legal_basis_reference text,
        duration_days integer NOT NULL,
        state text NOT NULL,
        approval_reasons text[] NOT NULL DEFAULT '{}',
        requested_by text NOT NULL,
        state_reason text,
        state_changed_by text,
        state_changed_at timestamptz,
        grant_start timestamptz,
        grant_end timestamptz,
        flagged_at timestamptz,
        flag_reasons text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT mirror_request_pk PRIMARY KEY (id),
        CONSTRAINT mirror_request_requester_unique UNIQUE (id, requested_by),
        CONSTRAINT mirror_request_topic_fk FOREIGN KEY (topic_id) REFERENCES topic (id),
        CONSTRAINT mirror_request_source_fk FOREIGN KEY (source_cluster_id) REFERENCES kafka_cluster (id),
        CONSTRAINT mirror_request_target_fk FOREIGN KEY (target_cluster_id) REFERENCES kafka_cluster (id),
        CONSTRAINT mirror_request_team_fk FOREIGN KEY (requesting_team_id) REFERENCES team (id),
        CONSTRAINT mirror_request_other_cluster CHECK (source_cluster_id <> target_cluster_id),
        CONSTRAINT mirror_request_purpose_length CHECK (char_length(btrim(purpose)) BETWEEN 1 AND 2000),
        CONSTRAINT mirror_request_purpose_category_known CHECK (purpose_category IN (
          'SERVICE_DELIVERY', 'FRAUD_PREVENTION', 'SECURITY', 'ANALYTICS', 'REPORTING',
          'CUSTOMER_SUPPORT', 'MARKETING', 'LEGAL_COMPLIANCE', 'TESTING', 'OTHER')),
        CONSTRAINT mirror_request_legal_basis_known CHECK (legal_basis_mechanism IS NULL OR legal_basis_mechanism IN (
          'ADEQUACY_DECISION', 'STANDARD_CONTRACTUAL_CLAUSES', 'BINDING_CORPORATE_RULES', 'DEROGATION')),
        CONSTRAINT mirror_request_legal_basis_complete CHECK ((legal_basis_mechanism IS NULL) = (legal_basis_reference IS NULL)),
        CONSTRAINT mirror_request_legal_basis_reference_length CHECK (char_length(legal_basis_reference) BETWEEN 1 AND 500),
        CONSTRAINT mirror_request_cross_border_needs_basis CHECK (NOT cross_border OR legal_basis_mechanism IS NOT NULL),
        CONSTRAINT mirror_request_duration_positive CHECK (duration_days > 0),
        CONSTRAINT mirror_request_state_known CHECK (state IN ('PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN', 'REVOKED', 'EXPIRED', 'SUSPENDED')),
        CONSTRAINT mirror_request_reason_given CHECK (state NOT IN ('REJECTED', 'REVOKED', 'SUSPENDED') OR state_reason IS NOT NULL),
        CONSTRAINT mirror_request_reason_length CHECK (char_length(state_reason) <= 2000),
        CONSTRAINT mirror_request_grant_complete CHECK ((grant_start IS NULL) = (grant_end IS NULL)),
        CONSTRAINT mirror_request_grant_when_granted CHECK ((state IN ('APPROVED', 'SUSPENDED', 'REVOKED', 'EXPIRED')) = (grant_start IS NOT NULL)),
        CONSTRAINT mirror_request_grant_order CHECK (grant_end > grant_start),
        CONSTRAINT mirror_request_flag_complete CHECK ((flagged_at IS NULL) = (cardinality(flag_reasons) = 0))
      );
      -- One open request per topic and target: a double submit cannot make two.
      CREATE UNIQUE INDEX mirror_request_one_pending ON mirror_request (topic_id, target_cluster_id) WHERE state = 'PENDING';
      CREATE INDEX mirror_request_topic_idx ON mirror_request (topic_id, state);
      CREATE INDEX mirror_request_pair_idx ON mirror_request (source_cluster_id, target_cluster_id, state);
      CREATE INDEX mirror_request_created_idx ON mirror_request (created_at DESC, id DESC);

      CREATE TABLE mirror_approval_slot (
        request_id uuid NOT NULL,
        kind text NOT NULL,
        requested_by text NOT NULL,
        decision text,
        decided_by text,
        decided_at timestamptz,
        CONSTRAINT mirror_approval_slot_pk PRIMARY KEY (request_id, kind),
        CONSTRAINT mirror_approval_slot_request_fk FOREIGN KEY (request_id, requested_by)
          REFERENCES mirror_request (id, requested_by) ON DELETE CASCADE,
        CONSTRAINT mirror_approval_slot_kind_known CHECK (kind IN ('OWNER', 'STEWARD')),
        CONSTRAINT mirror_approval_slot_decision_known CHECK (decision IS NULL OR decision IN ('APPROVED', 'REJECTED')),
        CONSTRAINT mirror_approval_slot_filled_complete CHECK (
          (decision IS NULL) = (decided_by IS NULL) AND (decision IS NULL) = (decided_at IS NULL)),
        CONSTRAINT mirror_approval_slot_not_self CHECK (decided_by <> requested_by),
        CONSTRAINT mirror_approval_slot_one_per_person UNIQUE (request_id, decided_by)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE mirror_approval_slot;
      DROP TABLE mirror_request;
      ALTER TABLE topic DROP COLUMN cluster_id;
      DROP FUNCTION kafka_cluster_default_id();
      DROP TABLE kafka_cluster;
    `);
  }
}

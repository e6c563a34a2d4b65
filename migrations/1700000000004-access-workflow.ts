import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Access requests with their approval slots and grant windows, team webhooks and the outbox
 * that delivers them. The rules that can be stated per row are constraints here, so no code path
 * (or replica race) can write a request the workflow would not produce.
 */
export class AccessWorkflow1700000000004 implements MigrationInterface {
  name = 'AccessWorkflow1700000000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE access_request (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        topic_id uuid NOT NULL,
        requesting_team_id uuid NOT NULL,
        operation text NOT NULL,
        application_name text NOT NULL,
        kafka_principal text NOT NULL,
        purpose text NOT NULL,
        purpose_category text NOT NULL,
        consumer_jurisdiction text NOT NULL,
        topic_jurisdiction text NOT NULL,
        cross_border boolean NOT NULL,
        legal_basis_mechanism text,
        legal_basis_reference text,
        duration_days integer NOT NULL,
        state text NOT NULL,
        approval_reasons text[] NOT NULL DEFAULT '{}',
        requested_by text NOT NULL,
        renewal_of uuid,
        state_reason text,
        state_changed_by text,
        state_changed_at timestamptz,
        grant_start timestamptz,
        grant_end timestamptz,
        expiry_warned_at timestamptz,
        flagged_at timestamptz,
        flag_reasons text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT access_request_pk PRIMARY KEY (id),
        CONSTRAINT access_request_requester_unique UNIQUE (id, requested_by),
        CONSTRAINT access_request_topic_fk FOREIGN KEY (topic_id) REFERENCES topic (id),
        CONSTRAINT access_request_team_fk FOREIGN KEY (requesting_team_id) REFERENCES team (id),
        CONSTRAINT access_request_renewal_fk FOREIGN KEY (renewal_of) REFERENCES access_request (id),
        CONSTRAINT access_request_renewal_not_self CHECK (renewal_of <> id),
        CONSTRAINT access_request_operation_known CHECK (operation IN ('READ', 'WRITE')),
        CONSTRAINT access_request_application_format CHECK (application_name ~ '^[a-zA-Z0-9._-]{1,200}$'),
        CONSTRAINT access_request_principal_format CHECK (kafka_principal ~ '^User:[^[:space:][:cntrl:]]([^[:cntrl:]]{0,253}[^[:space:][:cntrl:]])?$'),
        CONSTRAINT access_request_purpose_length CHECK (char_length(btrim(purpose)) BETWEEN 1 AND 2000),
        CONSTRAINT access_request_purpose_category_known CHECK (purpose_category IN (
          'SERVICE_DELIVERY', 'FRAUD_PREVENTION', 'SECURITY', 'ANALYTICS', 'REPORTING',
          'CUSTOMER_SUPPORT', 'MARKETING', 'LEGAL_COMPLIANCE', 'TESTING', 'OTHER')),
        CONSTRAINT access_request_legal_basis_known CHECK (legal_basis_mechanism IS NULL OR legal_basis_mechanism IN (
          'ADEQUACY_DECISION', 'STANDARD_CONTRACTUAL_CLAUSES', 'BINDING_CORPORATE_RULES', 'DEROGATION')),
        CONSTRAINT access_request_legal_basis_complete CHECK ((legal_basis_mechanism IS NULL) = (legal_basis_reference IS NULL)),
        CONSTRAINT access_request_legal_basis_reference_length CHECK (char_length(legal_basis_reference) BETWEEN 1 AND 500),
        CONSTRAINT access_request_cross_border_needs_basis CHECK (NOT cross_border OR legal_basis_mechanism IS NOT NULL),
        CONSTRAINT access_request_duration_positive CHECK (duration_days > 0),
        CONSTRAINT access_request_state_known CHECK (state IN ('PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN', 'REVOKED', 'EXPIRED', 'SUSPENDED')),
        CONSTRAINT access_request_reason_given CHECK (state NOT IN ('REJECTED', 'REVOKED', 'SUSPENDED') OR state_reason IS NOT NULL),
        CONSTRAINT access_request_reason_length CHECK (char_length(state_reason) <= 2000),
        CONSTRAINT access_request_grant_complete CHECK ((grant_start IS NULL) = (grant_end IS NULL)),
        CONSTRAINT access_request_grant_when_granted CHECK ((state IN ('APPROVED', 'SUSPENDED', 'REVOKED', 'EXPIRED')) = (grant_start IS NOT NULL)),
        CONSTRAINT access_request_grant_order CHECK (grant_end > grant_start),
        CONSTRAINT access_request_flag_complete CHECK ((flagged_at IS NULL) = (cardinality(flag_reasons) = 0))
      );
      -- One open request per team, topic, operation and principal: a double submit cannot make two.
      CREATE UNIQUE INDEX access_request_one_pending ON access_request (topic_id, requesting_team_id, operation, kafka_principal)
        WHERE state = 'PENDING';
      CREATE INDEX access_request_topic_idx ON access_request (topic_id, state);
      CREATE INDEX access_request_team_idx ON access_request (requesting_team_id, state);
      CREATE INDEX access_request_created_idx ON access_request (created_at DESC, id DESC);
      CREATE INDEX access_request_grant_end_idx ON access_request (grant_end) WHERE state IN ('APPROVED', 'SUSPENDED');

      CREATE TABLE access_approval_slot (
        request_id uuid NOT NULL,
        kind text NOT NULL,
        requested_by text NOT NULL,
        decision text,
        decided_by text,
        decided_at timestamptz,
        CONSTRAINT access_approval_slot_pk PRIMARY KEY (request_id, kind),
        CONSTRAINT access_approval_slot_request_fk FOREIGN KEY (request_id, requested_by)
          REFERENCES access_request (id, requested_by) ON DELETE CASCADE,
        CONSTRAINT access_approval_slot_kind_known CHECK (kind IN ('OWNER', 'STEWARD')),
        CONSTRAINT access_approval_slot_decision_known CHECK (decision IS NULL OR decision IN ('APPROVED', 'REJECTED')),
        CONSTRAINT access_approval_slot_filled_complete CHECK (
          (decision IS NULL) = (decided_by IS NULL) AND (decision IS NULL) = (decided_at IS NULL)),
        -- Nobody decides their own request, and one person fills at most one slot of a request.
        CONSTRAINT access_approval_slot_not_self CHECK (decided_by <> requested_by),
        CONSTRAINT access_approval_slot_one_per_person UNIQUE (request_id, decided_by)
      );

      CREATE TABLE webhook_subscription (
        team_id uuid NOT NULL,
        url text NOT NULL,
        secret text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT webhook_subscription_pk PRIMARY KEY (team_id),
        CONSTRAINT webhook_subscription_team_fk FOREIGN KEY (team_id) REFERENCES team (id) ON DELETE CASCADE,
        CONSTRAINT webhook_subscription_url_format CHECK (url ~ '^https?://' AND char_length(url) <= 2000),
        CONSTRAINT webhook_subscription_secret_length CHECK (char_length(secret) BETWEEN 32 AND 200)
      );

      CREATE TABLE webhook_outbox (
        id bigint GENERATED ALWAYS AS IDENTITY,
        delivery_id uuid NOT NULL DEFAULT gen_random_uuid(),
        team_id uuid NOT NULL,
        event_type text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        leased_until timestamptz,
        delivered_at timestamptz,
        failed_at timestamptz,
        last_status integer,
        last_error text,
        CONSTRAINT webhook_outbox_pk PRIMARY KEY (id),
        CONSTRAINT webhook_outbox_delivery_unique UNIQUE (delivery_id),
        CONSTRAINT webhook_outbox_team_fk FOREIGN KEY (team_id) REFERENCES team (id) ON DELETE CASCADE,
        CONSTRAINT webhook_outbox_event_type_format CHECK (event_type ~ '^[a-z]+(\\.[a-z-]+)+$'),
        CONSTRAINT webhook_outbox_attempts_positive CHECK (attempts >= 0),
        CONSTRAINT webhook_outbox_one_outcome CHECK (delivered_at IS NULL OR failed_at IS NULL),
        CONSTRAINT webhook_outbox_error_length CHECK (char_length(last_error) <= 1000)
      );
      CREATE INDEX webhook_outbox_due_idx ON webhook_outbox (next_attempt_at, id) WHERE delivered_at IS NULL AND failed_at IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE webhook_outbox;
      DROP TABLE webhook_subscription;
      DROP TABLE access_approval_slot;
      DROP TABLE access_request;
    `);
  }
}

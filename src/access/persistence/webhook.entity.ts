import { Column, Entity, PrimaryColumn } from 'typeorm';
import { VersionedRow } from '../../database/versioned-row';

/**
 * A team's webhook. The secret is kept as given because signing needs it in clear; it is never
 * logged, audited or returned after it is first shown.
 */
@Entity({ name: 'webhook_subscription' })
export class WebhookSubscriptionEntity extends VersionedRow {
  @PrimaryColumn({ name: 'team_id', type: 'uuid' })
  teamId: string;

  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'text' })
  secret: string;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;
}

@Entity({ name: 'webhook_outbox' })
export class WebhookOutboxEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'identity' })
  id: string;

  @Column({ name: 'delivery_id', type: 'uuid', insert: false, update: false })
  deliveryId: string;

  @Column({ name: 'team_id', type: 'uuid' })
  teamId: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt: Date;

  @Column({ type: 'integer', insert: false })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', insert: false })
  nextAttemptAt: Date;

  @Column({ name: 'leased_until', type: 'timestamptz', nullable: true })
  leasedUntil: Date | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @Column({ name: 'failed_at', type: 'timestamptz', nullable: true })
  failedAt: Date | null;

  @Column({ name: 'last_status', type: 'integer', nullable: true })
  lastStatus: number | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;
}

import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { VersionedRow } from '../../database/versioned-row';
import { AccessPolicy, Classification, Lifecycle, TopicIntent } from './domain/topic-vocabulary';

export interface TopicContact {
  kind: string;
  value: string;
}

@Entity({ name: 'topic' })
export class TopicEntity extends VersionedRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ name: 'owner_team_id', type: 'uuid' })
  ownerTeamId: string;

  /** The Kafka cluster the topic lives on. */
  @Column({ name: 'cluster_id', type: 'uuid' })
  clusterId: string;

  @Column({ type: 'text' })
  intent: TopicIntent;

  @Column({ type: 'text' })
  classification: Classification;

  @Column({ type: 'text' })
  jurisdiction: string;

  @Column({ type: 'text', array: true })
  residency: string[];

  @Column({ name: 'access_policy', type: 'text' })
  accessPolicy: AccessPolicy;

  @Column({ name: 'max_grant_days', type: 'integer', nullable: true })
  maxGrantDays: number | null;

  @Column({ type: 'text' })
  lifecycle: Lifecycle;

  @Column({ name: 'sunset_at', type: 'timestamptz', nullable: true })
  sunsetAt: Date | null;

  @Column({ name: 'replacement_topic_id', type: 'uuid', nullable: true })
  replacementTopicId: string | null;

  @Column({ type: 'text', array: true })
  tags: string[];

  @Column({ type: 'jsonb' })
  contacts: TopicContact[];

  /** bigint arrives as a string from pg; kept as a string to avoid losing precision. */
  @Column({ name: 'retention_ms', type: 'bigint', nullable: true })
  retentionMs: string | null;

  @Column({ type: 'integer', nullable: true })
  partitions: number | null;
}

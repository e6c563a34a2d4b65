import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { CampaignState, ItemState, RecertificationScopeKind } from '../domain/recertification';

@Entity({ name: 'recertification_campaign' })
export class RecertificationCampaignEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'scope_kind', type: 'text' })
  scopeKind: RecertificationScopeKind;

  @Column({ name: 'scope_value', type: 'text' })
  scopeValue: string;

  @Column({ name: 'deadline_days', type: 'integer' })
  deadlineDays: number;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'text' })
  state: CampaignState;

  @Column({ name: 'started_by', type: 'text' })
  startedBy: string;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ type: 'timestamptz' })
  deadline: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;
}

@Entity({ name: 'recertification_item' })
export class RecertificationItemEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @Column({ name: 'grant_id', type: 'uuid' })
  grantId: string;

  @Column({ type: 'timestamptz' })
  deadline: Date;

  @Column({ type: 'text' })
  state: ItemState;

  @Column({ name: 'decided_by', type: 'text', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;
}

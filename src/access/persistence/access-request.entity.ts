import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { AccessOperation, AccessState, LegalBasisMechanism, PurposeCategory, SlotDecision, SlotKind } from '../domain/access-vocabulary';

@Entity({ name: 'access_request' })
export class AccessRequestEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'topic_id', type: 'uuid' })
  topicId: string;

  @Column({ name: 'requesting_team_id', type: 'uuid' })
  requestingTeamId: string;

  @Column({ type: 'text' })
  operation: AccessOperation;

  @Column({ name: 'application_name', type: 'text' })
  applicationName: string;

  @Column({ name: 'kafka_principal', type: 'text' })
  kafkaPrincipal: string;

  @Column({ type: 'text' })
  purpose: string;

  @Column({ name: 'purpose_category', type: 'text' })
  purposeCategory: PurposeCategory;

  @Column({ name: 'consumer_jurisdiction', type: 'text' })
  consumerJurisdiction: string;

  /** The topic's jurisdiction when the request was made (the topic may move later). */
  @Column({ name: 'topic_jurisdiction', type: 'text' })
  topicJurisdiction: string;

  @Column({ name: 'cross_border', type: 'boolean' })
  crossBorder: boolean;

  @Column({ name: 'legal_basis_mechanism', type: 'text', nullable: true })
  legalBasisMechanism: LegalBasisMechanism | null;

  @Column({ name: 'legal_basis_reference', type: 'text', nullable: true })
  legalBasisReference: string | null;

  @Column({ name: 'duration_days', type: 'integer' })
  durationDays: number;

  @Column({ type: 'text' })
  state: AccessState;

  @Column({ name: 'approval_reasons', type: 'text', array: true })
  approvalReasons: string[];

  @Column({ name: 'requested_by', type: 'text' })
  requestedBy: string;

  @Column({ name: 'renewal_of', type: 'uuid', nullable: true })
  renewalOf: string | null;

  @Column({ name: 'state_reason', type: 'text', nullable: true })
  stateReason: string | null;

  @Column({ name: 'state_changed_by', type: 'text', nullable: true })
  stateChangedBy: string | null;

  @Column({ name: 'state_changed_at', type: 'timestamptz', nullable: true })
  stateChangedAt: Date | null;

  @Column({ name: 'grant_start', type: 'timestamptz', nullable: true })
  grantStart: Date | null;

  @Column({ name: 'grant_end', type: 'timestamptz', nullable: true })
  grantEnd: Date | null;

  @Column({ name: 'expiry_warned_at', type: 'timestamptz', nullable: true })
  expiryWarnedAt: Date | null;

  @Column({ name: 'flagged_at', type: 'timestamptz', nullable: true })
  flaggedAt: Date | null;

  @Column({ name: 'flag_reasons', type: 'text', array: true })
  flagReasons: string[];

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}

@Entity({ name: 'access_approval_slot' })
export class ApprovalSlotEntity {
  @PrimaryColumn({ name: 'request_id', type: 'uuid' })
  requestId: string;

  @PrimaryColumn({ type: 'text' })
  kind: SlotKind;

  @Column({ name: 'requested_by', type: 'text' })
  requestedBy: string;

  @Column({ type: 'text', nullable: true })
  decision: SlotDecision | null;

  @Column({ name: 'decided_by', type: 'text', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;
}

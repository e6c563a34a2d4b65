import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { AccessState, LegalBasisMechanism, PurposeCategory, SlotDecision, SlotKind } from '../../../access/domain/access-vocabulary';

/** A request to replicate a topic to another cluster and, once approved, the time-bound mirror. */
@Entity({ name: 'mirror_request' })
export class MirrorRequestEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'topic_id', type: 'uuid' })
  topicId: string;

  @Column({ name: 'source_cluster_id', type: 'uuid' })
  sourceClusterId: string;

  @Column({ name: 'target_cluster_id', type: 'uuid' })
  targetClusterId: string;

  @Column({ name: 'requesting_team_id', type: 'uuid' })
  requestingTeamId: string;

  @Column({ type: 'text' })
  purpose: string;

  @Column({ name: 'purpose_category', type: 'text' })
  purposeCategory: PurposeCategory;

  /** The source cluster's jurisdiction when the request was made. */
  @Column({ name: 'source_jurisdiction', type: 'text' })
  sourceJurisdiction: string;

  /** The target cluster's jurisdiction when the request was made. */
  @Column({ name: 'target_jurisdiction', type: 'text' })
  targetJurisdiction: string;

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

@Entity({ name: 'mirror_approval_slot' })
export class MirrorApprovalSlotEntity {
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

/** The mirrors' tables, for whoever opens the database. */
export const MIRROR_ENTITIES = [MirrorRequestEntity, MirrorApprovalSlotEntity];

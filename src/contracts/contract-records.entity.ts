import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import type { ContractRule, Finding } from './domain/finding';
import type { WaiverState } from './domain/waiver-decision';

/** An owner's request to let one version through despite a blocking finding, decided by a steward. */
@Entity({ name: 'contract_waiver' })
export class ContractWaiverEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  subject: string;

  @Column({ name: 'schema_version', type: 'integer' })
  schemaVersion: number;

  /** sha256 of the schema's canonical text, when the waiver is for that content only. */
  @Column({ name: 'schema_fingerprint', type: 'text', nullable: true })
  schemaFingerprint: string | null;

  @Column({ type: 'text' })
  rule: ContractRule;

  /** null: every finding of the rule on that version. */
  @Column({ type: 'text', nullable: true })
  path: string | null;

  @Column({ type: 'text' })
  justification: string;

  @Column({ type: 'text' })
  state: WaiverState;

  @Column({ name: 'requested_by', type: 'text' })
  requestedBy: string;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt: Date;

  @Column({ name: 'decided_by', type: 'text', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'decision_note', type: 'text', nullable: true })
  decisionNote: string | null;

  @VersionColumn()
  version: number;
}

/** A finding as stored with its version: which granted waiver let it through, if it blocked. */
export interface StoredFinding extends Finding {
  waiverId?: string;
}

/** What the replica guard found on one registered version, and the field figures of that version. */
@Entity({ name: 'contract_check' })
export class ContractCheckEntity {
  @PrimaryColumn({ type: 'text' })
  subject: string;

  @PrimaryColumn({ name: 'schema_version', type: 'integer' })
  schemaVersion: number;

  @Column({ name: 'topic_id', type: 'uuid', nullable: true })
  topicId: string | null;

  @Column({ name: 'leaf_fields', type: 'integer' })
  leafFields: number;

  @Column({ name: 'tagged_leaf_fields', type: 'integer' })
  taggedLeafFields: number;

  @Column({ name: 'max_depth', type: 'integer' })
  maxDepth: number;

  @Column({ type: 'jsonb' })
  findings: StoredFinding[];

  @Column({ name: 'checked_at', type: 'timestamptz' })
  checkedAt: Date;
}

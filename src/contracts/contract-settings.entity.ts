import { Column, Entity, PrimaryColumn, VersionColumn } from 'typeorm';
import type { AllowedTags, Enforcement, RequiredField, UnencryptedPersonalDataPolicy } from './domain/payload-contract';
import type { TopicIntent } from '../catalogue/topics/domain/topic-vocabulary';

/** Ceilings a steward sets for every topic of one intent. */
@Entity({ name: 'contract_limits' })
export class ContractLimitsEntity {
  @PrimaryColumn({ type: 'text' })
  intent: TopicIntent;

  @Column({ name: 'max_leaf_fields', type: 'integer' })
  maxLeafFields: number;

  @Column({ name: 'max_fields_added_per_version', type: 'integer' })
  maxFieldsAddedPerVersion: number;

  @Column({ name: 'max_fields_added_total', type: 'integer' })
  maxFieldsAddedTotal: number;

  @Column({ name: 'max_depth', type: 'integer' })
  maxDepth: number;

  @Column({ name: 'max_entity_overlap_threshold', type: 'double precision' })
  maxEntityOverlapThreshold: number;

  @Column({ name: 'allowed_tags', type: 'jsonb' })
  allowedTags: AllowedTags;

  @Column({ name: 'allow_warn_enforcement', type: 'boolean' })
  allowWarnEnforcement: boolean;

  @Column({ name: 'personal_tags', type: 'jsonb' })
  personalTags: string[];

  @Column({ name: 'unencrypted_personal_data', type: 'jsonb' })
  unencryptedPersonalData: UnencryptedPersonalDataPolicy;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}

/** A topic's own payload contract; topics without a row follow the defaults of their intent. */
@Entity({ name: 'topic_contract' })
export class TopicContractEntity {
  @PrimaryColumn({ name: 'topic_id', type: 'uuid' })
  topicId: string;

  @Column({ name: 'max_leaf_fields', type: 'integer' })
  maxLeafFields: number;

  @Column({ name: 'max_fields_added_per_version', type: 'integer' })
  maxFieldsAddedPerVersion: number;

  @Column({ name: 'max_fields_added_total', type: 'integer' })
  maxFieldsAddedTotal: number;

  @Column({ name: 'max_depth', type: 'integer' })
  maxDepth: number;

  @Column({ name: 'allowed_tags', type: 'jsonb' })
  allowedTags: AllowedTags;

  @Column({ name: 'required_fields', type: 'jsonb' })
  requiredFields: RequiredField[];

  @Column({ name: 'entity_overlap_threshold', type: 'double precision' })
  entityOverlapThreshold: number;

  @Column({ type: 'text' })
  enforcement: Enforcement;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}

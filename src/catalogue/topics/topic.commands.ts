import { AccessPolicy, Classification, Lifecycle, TopicIntent } from './domain/topic-vocabulary';

/*
 * What the topic services are asked to do, as plain data. The GraphQL inputs implement these
 * (and validate the shape on the way in); other callers build them directly.
 */

export interface TopicContact {
  kind: string;
  value: string;
}

/** Fields a topic's owners may set when registering or updating it. */
export interface TopicDetails {
  displayName?: string;
  description?: string;
  residency?: string[];
  accessPolicy?: AccessPolicy;
  maxGrantDays?: number;
  tags?: string[];
  contacts?: TopicContact[];
  /** Milliseconds as a decimal string (-1 for unlimited): the value can exceed 2^53. */
  retentionMs?: string;
  partitions?: number;
}

export interface RegisterTopicCommand extends TopicDetails {
  name: string;
  ownerTeam: string;
  intent: TopicIntent;
  classification: Classification;
  jurisdiction: string;
  lifecycle?: Lifecycle;
  /** The Kafka cluster it lives on; the default cluster when left out. */
  cluster?: string;
}

/** Only the fields given change; `expectedVersion` guards against lost updates. */
export interface UpdateTopicCommand extends TopicDetails {
  name: string;
  expectedVersion?: number;
  intent?: TopicIntent;
  classification?: Classification;
  jurisdiction?: string;
  lifecycle?: Lifecycle;
}

export interface TransferTopicCommand {
  name: string;
  toTeam: string;
  expectedVersion?: number;
}

export interface DeprecateTopicCommand {
  name: string;
  sunsetAt: Date;
  replacementTopic?: string;
  expectedVersion?: number;
}

export interface RetireTopicCommand {
  name: string;
  expectedVersion?: number;
  /** Retire even though consumers still read it (checked by whoever listens to topic changes). */
  force?: boolean;
  /** Why, when forced; audited. */
  reason?: string;
}

export enum TopicOrder {
  NAME = 'NAME',
  UPDATED_AT = 'UPDATED_AT',
}

/** Which topics to list; all conditions given must hold. */
export interface TopicListFilter {
  ownerTeam?: string;
  classification?: Classification[];
  classificationAtLeast?: Classification;
  jurisdiction?: string[];
  intent?: TopicIntent[];
  lifecycle?: Lifecycle[];
  tag?: string;
  text?: string;
}

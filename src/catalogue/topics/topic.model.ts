import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType } from '../../graphql/connection';
import { ACCESS_POLICIES, CLASSIFICATIONS, LIFECYCLES, TOPIC_INTENTS } from './domain/topic-vocabulary';
import { enumOf } from '../../graphql/enum-of';

export const TopicIntentEnum = enumOf(TOPIC_INTENTS);
export const ClassificationEnum = enumOf(CLASSIFICATIONS);
export const AccessPolicyEnum = enumOf(ACCESS_POLICIES);
export const LifecycleEnum = enumOf(LIFECYCLES);

registerEnumType(TopicIntentEnum, {
  name: 'TopicIntent',
  description: 'What a topic carries.',
  valuesMap: {
    EVENT: { description: 'Notifications or deltas of a state change: the event says that something changed, not the whole record.' },
    STATE: { description: 'Deliberate state transfer: each message carries the state of an entity.' },
    COMMAND: { description: 'Requests for another system to act.' },
  },
});
registerEnumType(ClassificationEnum, {
  name: 'Classification',
  description: 'How sensitive the data is, from least to most: PUBLIC < INTERNAL < CONFIDENTIAL < RESTRICTED.',
});
registerEnumType(AccessPolicyEnum, {
  name: 'AccessPolicy',
  description: 'Who must approve a request to read or write the topic.',
  valuesMap: {
    OPEN: { description: 'Read access is granted without review (never for RESTRICTED topics).' },
    OWNER_APPROVAL: { description: 'A member of the owning team approves.' },
    OWNER_AND_STEWARD_APPROVAL: { description: 'A member of the owning team and a data steward approve, as two different people.' },
  },
});
registerEnumType(LifecycleEnum, {
  name: 'Lifecycle',
  description: 'Where a topic is in its life; it only moves forward (DRAFT → ACTIVE → DEPRECATED → RETIRED).',
});

@ObjectType({ description: 'A way to reach the people behind a topic.' })
export class TopicContact {
  @Field({ description: 'Kind of contact, e.g. `email`, `slack`, `oncall`, `url`.' })
  kind: string;

  @Field({ description: 'The address, channel or link.' })
  value: string;
}

@ObjectType({ description: 'A catalogued Kafka topic: who owns it, how sensitive it is, where its data may live and how to get access.' })
export class Topic {
  @Field(() => ID, { description: 'Stable identifier.' })
  id: string;

  @Field({ description: 'Kafka topic name.' })
  name: string;

  @Field({ description: 'Human-friendly name.' })
  displayName: string;

  @Field({ description: 'Markdown description.' })
  description: string;

  /** Resolved to the owning Team by a field resolver. */
  ownerTeamId: string;

  /** Resolved to its Cluster by a field resolver. */
  clusterId: string;

  @Field(() => TopicIntentEnum, { description: 'What the topic carries.' })
  intent: string;

  @Field(() => ClassificationEnum, { description: 'How sensitive the data is.' })
  classification: string;

  @Field({ description: 'Legal regime of the data (a configured jurisdiction code such as EU, UK, US).' })
  jurisdiction: string;

  @Field(() => [String], { description: 'Regions where the data may be stored or mirrored.' })
  residency: string[];

  @Field(() => AccessPolicyEnum, { description: 'Who must approve access requests.' })
  accessPolicy: string;

  @Field(() => Int, { nullable: true, description: 'Longest grant an access request may ask for, in days; null for no limit.' })
  maxGrantDays: number | null;

  @Field(() => LifecycleEnum, { description: 'Lifecycle state.' })
  lifecycle: string;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When a deprecated topic stops being produced.' })
  sunsetAt: Date | null;

  /** Resolved to the replacement Topic by a field resolver. */
  replacementTopicId: string | null;

  @Field(() => [String], { description: 'Free-form tags for search and grouping.' })
  tags: string[];

  @Field(() => [TopicContact], { description: 'Contacts of the owners.' })
  contacts: TopicContact[];

  @Field(() => String, {
    nullable: true,
    description: 'Informative: the topic retention in milliseconds (-1 for unlimited), as a string to keep 64-bit precision.',
  })
  retentionMs: string | null;

  @Field(() => Int, { nullable: true, description: 'Informative: number of partitions.' })
  partitions: number | null;

  @Field(() => GraphQLISODateTime, { description: 'When the topic was catalogued.' })
  createdAt: Date;

  @Field(() => GraphQLISODateTime, { description: 'When the topic was last changed.' })
  updatedAt: Date;

  @Field(() => Int, { description: 'Optimistic version; increases with every change.' })
  version: number;
}

@ObjectType({ description: 'A page of topics.' })
export class TopicConnection extends ConnectionType(Topic, 'Topic') {}

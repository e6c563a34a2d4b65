import { Field, InputType, Int, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsDate,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { TEAM_SLUG, TEAM_SLUG_RULE } from '../../kernel/identifiers';
import { CLUSTER_NAME, CLUSTER_NAME_RULE } from '../clusters/domain/cluster-rules';
import { ACCESS_POLICIES, CLASSIFICATIONS, LIFECYCLES, TOPIC_INTENTS, TOPIC_NAME, TOPIC_NAME_RULE } from './domain/topic-vocabulary';
import {
  DeprecateTopicCommand,
  RegisterTopicCommand,
  RetireTopicCommand,
  TopicContact,
  TopicDetails,
  TopicListFilter,
  TopicOrder,
  TransferTopicCommand,
  UpdateTopicCommand,
} from './topic.commands';
import { AccessPolicyEnum, ClassificationEnum, LifecycleEnum, TopicIntentEnum } from './topic.model';

const TAG = /^[a-z0-9][a-z0-9._:-]{0,62}$/;
const TAG_RULE = 'each tag must be 1-63 lower-case letters, digits or . _ : -, starting with a letter or digit';
const REGION = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const REGION_RULE = 'each region must be 1-64 letters, digits, _ or -, e.g. eu-west-1';
const MAX_GRANT_DAYS = 3650;

@InputType('TopicContactInput', { description: 'A way to reach the people behind a topic.' })
class ContactInput implements TopicContact {
  @Field({ description: 'Kind of contact, e.g. `email`, `slack`, `oncall`, `url` (1-40 characters).' })
  @Length(1, 40)
  kind: string;

  @Field({ description: 'The address, channel or link (1-500 characters).' })
  @Length(1, 500)
  value: string;
}

/** Fields a topic's owners may set when registering or updating it. */
@InputType({ isAbstract: true })
abstract class TopicDetailsInput implements TopicDetails {
  @Field({ nullable: true, description: 'Human-friendly name (1-200 characters).' })
  @IsOptional()
  @Length(1, 200)
  displayName?: string;

  @Field({ nullable: true, description: 'Markdown description (at most 20,000 characters).' })
  @IsOptional()
  @MaxLength(20_000)
  description?: string;

  @Field(() => [String], { nullable: true, description: 'Regions where the data may be stored or mirrored (at most 50).' })
  @IsOptional()
  @ArrayMaxSize(50)
  @Matches(REGION, { each: true, message: REGION_RULE })
  residency?: string[];

  @Field(() => AccessPolicyEnum, { nullable: true, description: 'Who must approve access requests.' })
  @IsOptional()
  @IsIn(ACCESS_POLICIES)
  accessPolicy?: (typeof ACCESS_POLICIES)[number];

  @Field(() => Int, { nullable: true, description: `Longest grant in days (1-${MAX_GRANT_DAYS}).` })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_GRANT_DAYS)
  maxGrantDays?: number;

  @Field(() => [String], { nullable: true, description: 'Free-form tags (at most 30).' })
  @IsOptional()
  @ArrayMaxSize(30)
  @Matches(TAG, { each: true, message: TAG_RULE })
  tags?: string[];

  @Field(() => [ContactInput], { nullable: true, description: 'Contacts of the owners (at most 20).' })
  @IsOptional()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ContactInput)
  contacts?: ContactInput[];

  @Field(() => String, { nullable: true, description: 'Informative retention in milliseconds (-1 for unlimited).' })
  @IsOptional()
  @Matches(/^(-1|\d{1,18})$/, { message: 'must be -1 or a whole number of milliseconds' })
  retentionMs?: string;

  @Field(() => Int, { nullable: true, description: 'Informative number of partitions (1-100,000).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  partitions?: number;
}

@InputType({ description: 'A topic to add to the catalogue.' })
export class RegisterTopicInput extends TopicDetailsInput implements RegisterTopicCommand {
  @Field({ description: `Kafka topic name: ${TOPIC_NAME_RULE}.` })
  @Matches(TOPIC_NAME, { message: TOPIC_NAME_RULE })
  name: string;

  @Field({ description: 'Slug of the owning team.' })
  @Matches(TEAM_SLUG, { message: TEAM_SLUG_RULE })
  ownerTeam: string;

  @Field(() => TopicIntentEnum, { description: 'What the topic carries.' })
  @IsIn(TOPIC_INTENTS)
  intent: (typeof TOPIC_INTENTS)[number];

  @Field(() => ClassificationEnum, { description: 'How sensitive the data is.' })
  @IsIn(CLASSIFICATIONS)
  classification: (typeof CLASSIFICATIONS)[number];

  @Field({ description: 'Legal regime of the data: one of the configured jurisdiction codes.' })
  @Length(1, 10)
  jurisdiction: string;

  @Field({ nullable: true, description: 'The catalogued Kafka cluster it lives on; the default cluster when left out.' })
  @IsOptional()
  @Matches(CLUSTER_NAME, { message: CLUSTER_NAME_RULE })
  cluster?: string;

  @Field(() => LifecycleEnum, { nullable: true, description: 'DRAFT (default) or ACTIVE.' })
  @IsOptional()
  @IsIn(['DRAFT', 'ACTIVE'], { message: 'a new topic starts as DRAFT or ACTIVE' })
  lifecycle?: (typeof LIFECYCLES)[number];
}

@InputType({ description: 'Changes to a topic; only the fields given change.' })
export class UpdateTopicInput extends TopicDetailsInput implements UpdateTopicCommand {
  @Field({ description: 'The topic to change.' })
  @Matches(TOPIC_NAME, { message: TOPIC_NAME_RULE })
  name: string;

  @Field(() => Int, { nullable: true, description: 'The version the caller last saw; the update fails if the topic changed since.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;

  @Field(() => TopicIntentEnum, { nullable: true, description: 'What the topic carries.' })
  @IsOptional()
  @IsIn(TOPIC_INTENTS)
  intent?: (typeof TOPIC_INTENTS)[number];

  @Field(() => ClassificationEnum, { nullable: true, description: "Raising it is the owners' call; lowering it needs a steward." })
  @IsOptional()
  @IsIn(CLASSIFICATIONS)
  classification?: (typeof CLASSIFICATIONS)[number];

  @Field({ nullable: true, description: 'Changing the jurisdiction needs a steward.' })
  @IsOptional()
  @Length(1, 10)
  jurisdiction?: string;

  @Field(() => LifecycleEnum, {
    nullable: true,
    description: 'Only ACTIVE (from DRAFT); use deprecateTopic and retireTopic for the later stages.',
  })
  @IsOptional()
  @IsIn(['ACTIVE'], { message: 'only ACTIVE can be set here; use deprecateTopic or retireTopic' })
  lifecycle?: (typeof LIFECYCLES)[number];
}

@InputType({ description: 'A topic moving to another owning team.' })
export class TransferTopicInput implements TransferTopicCommand {
  @Field({ description: 'The topic to transfer.' })
  @Matches(TOPIC_NAME, { message: TOPIC_NAME_RULE })
  name: string;

  @Field({ description: 'Slug of the new owning team.' })
  @Matches(TEAM_SLUG, { message: TEAM_SLUG_RULE })
  toTeam: string;

  @Field(() => Int, { nullable: true, description: 'The version the caller last saw.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

@InputType({ description: 'A topic being deprecated.' })
export class DeprecateTopicInput implements DeprecateTopicCommand {
  @Field({ description: 'The topic to deprecate.' })
  @Matches(TOPIC_NAME, { message: TOPIC_NAME_RULE })
  name: string;

  @Field(() => Date, { description: 'When producers stop; must be in the future.' })
  @Type(() => Date)
  @IsDate()
  sunsetAt: Date;

  @Field({ nullable: true, description: 'The topic consumers should move to.' })
  @IsOptional()
  @Matches(TOPIC_NAME, { message: TOPIC_NAME_RULE })
  replacementTopic?: string;

  @Field(() => Int, { nullable: true, description: 'The version the caller last saw.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

@InputType({ description: 'A topic being retired for good.' })
export class RetireTopicInput implements RetireTopicCommand {
  @Field({ description: 'The topic to retire.' })
  @Matches(TOPIC_NAME, { message: TOPIC_NAME_RULE })
  name: string;

  @Field({
    nullable: true,
    defaultValue: false,
    description: 'Retire even though its schemas were read in the last 7 days; needs a reason.',
  })
  @IsOptional()
  @IsBoolean()
  force?: boolean;

  @Field({ nullable: true, description: 'Why the topic is retired although still read; audited. Required with force.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000, { message: "'reason' must be at most 2000 characters" })
  reason?: string;

  @Field(() => Int, { nullable: true, description: 'The version the caller last saw.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

registerEnumType(TopicOrder, {
  name: 'TopicOrder',
  description: 'Sort order of a topic list.',
  valuesMap: { NAME: { description: 'By name, A to Z.' }, UPDATED_AT: { description: 'Most recently changed first.' } },
});

@InputType({ description: 'Which topics to list; all conditions must hold.' })
export class TopicFilter implements TopicListFilter {
  @Field({ nullable: true, description: 'Owned by this team (slug).' })
  @IsOptional()
  @Matches(TEAM_SLUG, { message: TEAM_SLUG_RULE })
  ownerTeam?: string;

  @Field(() => [ClassificationEnum], { nullable: true, description: 'Classification is one of these.' })
  @IsOptional()
  @IsIn(CLASSIFICATIONS, { each: true })
  classification?: Array<(typeof CLASSIFICATIONS)[number]>;

  @Field(() => ClassificationEnum, { nullable: true, description: 'Classification is at least this sensitive.' })
  @IsOptional()
  @IsIn(CLASSIFICATIONS)
  classificationAtLeast?: (typeof CLASSIFICATIONS)[number];

  @Field(() => [String], { nullable: true, description: 'Jurisdiction is one of these.' })
  @IsOptional()
  @ArrayMaxSize(50)
  jurisdiction?: string[];

  @Field(() => [TopicIntentEnum], { nullable: true, description: 'Intent is one of these.' })
  @IsOptional()
  @IsIn(TOPIC_INTENTS, { each: true })
  intent?: Array<(typeof TOPIC_INTENTS)[number]>;

  @Field(() => [LifecycleEnum], { nullable: true, description: 'Lifecycle is one of these.' })
  @IsOptional()
  @IsIn(LIFECYCLES, { each: true })
  lifecycle?: Array<(typeof LIFECYCLES)[number]>;

  @Field({ nullable: true, description: 'Carries this tag.' })
  @IsOptional()
  @Matches(TAG, { message: TAG_RULE })
  tag?: string;

  @Field({ nullable: true, description: 'Words in the name, display name or description (prefix match, all words must occur).' })
  @IsOptional()
  @Length(1, 200)
  text?: string;
}

import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CONTRACT_RULES } from './domain/finding';
import { ENCRYPTION_SEVERITIES, ENFORCEMENTS } from './domain/payload-contract';
import { WAIVER_STATES } from './domain/waiver-decision';
import { CLASSIFICATIONS, TOPIC_INTENTS } from '../catalogue/topics/domain/topic-vocabulary';
import { ClassificationEnum, TopicIntentEnum } from '../catalogue/topics/topic.model';
import { EncryptionSeverityEnum, EnforcementEnum, WaiverStateEnum } from './contract.model';
import { PageSizeField } from '../graphql/input-args';

const WAIVABLE = CONTRACT_RULES.filter((r) => r !== 'untagged-personal-field');
const TAG = /^[A-Za-z][A-Za-z0-9_:-]{0,62}$/;

@InputType({ description: 'Governed tags allowed on topics of one classification.' })
export class TagAllowanceInput {
  @Field(() => ClassificationEnum, { description: 'The classification.' })
  @IsIn(CLASSIFICATIONS)
  classification: (typeof CLASSIFICATIONS)[number];

  @Field(() => [String], { description: 'Tag names (letters first, then letters, digits, _ : -; at most 20).' })
  @ArrayMaxSize(20)
  @Matches(TAG, { each: true, message: 'each tag must start with a letter and hold at most 63 letters, digits, _, : or -' })
  tags: string[];
}

@InputType({ description: 'A field every schema must have, under any of several names.' })
export class RequiredFieldInput {
  @Field({ description: 'What it is for, e.g. `event id` (1-100 characters).' })
  @Length(1, 100)
  label: string;

  @Field(() => [String], { description: 'Accepted names (1-20), compared without case and separators; `*` matches any characters.' })
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  names: string[];
}

/** Contract fields an owner or a steward may set; every one optional in a change. */
@InputType({ isAbstract: true })
abstract class ContractSizesInput {
  @Field(() => Int, { nullable: true, description: 'Most leaf fields a version may have.' })
  @IsOptional()
  @IsInt()
  maxLeafFields?: number;

  @Field(() => Int, { nullable: true, description: 'Most leaf fields one version may add.' })
  @IsOptional()
  @IsInt()
  maxFieldsAddedPerVersion?: number;

  @Field(() => Int, { nullable: true, description: 'Most leaf fields added since the first version.' })
  @IsOptional()
  @IsInt()
  maxFieldsAddedTotal?: number;

  @Field(() => Int, { nullable: true, description: 'Deepest nesting allowed.' })
  @IsOptional()
  @IsInt()
  maxDepth?: number;

  @Field(() => [TagAllowanceInput], {
    nullable: true,
    description: 'Allowed governed tags, per classification (classifications left out allow none).',
  })
  @IsOptional()
  @ArrayMaxSize(4)
  @ValidateNested({ each: true })
  @Type(() => TagAllowanceInput)
  allowedTags?: TagAllowanceInput[];
}

@InputType({ description: "A change to a topic's payload contract; fields left out keep their value." })
export class UpdateTopicContractInput extends ContractSizesInput {
  @Field({ description: 'The topic.' })
  @Length(1, 249)
  topic: string;

  @Field(() => Int, { nullable: true, description: 'The contract version the caller last saw (0 for the defaults).' })
  @IsOptional()
  @IsInt()
  @Min(0)
  expectedVersion?: number;

  @Field(() => [RequiredFieldInput], { nullable: true, description: 'Fields every version must have (at most 20).' })
  @IsOptional()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => RequiredFieldInput)
  requiredFields?: RequiredFieldInput[];

  @Field(() => Float, { nullable: true, description: "Share of an entity's attributes (0-1] above which an EVENT schema is a replica." })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  entityOverlapThreshold?: number;

  @Field(() => EnforcementEnum, { nullable: true, description: 'BLOCK or WARN.' })
  @IsOptional()
  @IsIn(ENFORCEMENTS)
  enforcement?: (typeof ENFORCEMENTS)[number];
}

@InputType({ description: 'The severity of `personal-data-unencrypted` per classification; a classification left out keeps its value.' })
export class UnencryptedPersonalDataInput {
  @Field(() => EncryptionSeverityEnum, { nullable: true, description: 'On CONFIDENTIAL topics.' })
  @IsOptional()
  @IsIn(ENCRYPTION_SEVERITIES)
  confidential?: (typeof ENCRYPTION_SEVERITIES)[number];

  @Field(() => EncryptionSeverityEnum, { nullable: true, description: 'On RESTRICTED topics.' })
  @IsOptional()
  @IsIn(ENCRYPTION_SEVERITIES)
  restricted?: (typeof ENCRYPTION_SEVERITIES)[number];
}

@InputType({ description: 'New ceilings for the contracts of one intent; fields left out keep their value.' })
export class SetContractLimitsInput extends ContractSizesInput {
  @Field(() => TopicIntentEnum, { description: 'The intent.' })
  @IsIn(TOPIC_INTENTS)
  intent: (typeof TOPIC_INTENTS)[number];

  @Field(() => Int, { nullable: true, description: 'The limits version the caller last saw (0 for the defaults).' })
  @IsOptional()
  @IsInt()
  @Min(0)
  expectedVersion?: number;

  @Field(() => Float, { nullable: true, description: 'Highest entity overlap threshold a contract may set (0-1].' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  maxEntityOverlapThreshold?: number;

  @Field({ nullable: true, description: 'Whether owners may make their contract warn only.' })
  @IsOptional()
  allowWarnEnforcement?: boolean;

  @Field(() => [String], { nullable: true, description: 'Tags besides PII that mark personal data (at most 20).' })
  @IsOptional()
  @ArrayMaxSize(20)
  @Matches(TAG, { each: true, message: 'each tag must start with a letter and hold at most 63 letters, digits, _, : or -' })
  personalTags?: string[];

  @Field(() => UnencryptedPersonalDataInput, { nullable: true, description: 'How `personal-data-unencrypted` answers per classification.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => UnencryptedPersonalDataInput)
  unencryptedPersonalData?: UnencryptedPersonalDataInput;
}

@InputType({ description: 'A registered schema another schema refers to.' })
export class SchemaReferenceInput {
  @Field({ description: 'The name the schema uses for it (Avro full name, .proto import path, $ref URL).' })
  @Length(1, 500)
  name: string;

  @Field({ description: 'The registry subject holding it.' })
  @Length(1, 500)
  subject: string;

  @Field(() => Int, { nullable: true, defaultValue: -1, description: 'Its version; -1 (default) for the latest.' })
  @IsInt()
  @Min(-1)
  version: number;
}

@InputType({ description: "A schema to check against a topic's payload contract without registering it." })
export class CheckSchemaInput {
  @Field({ nullable: true, description: 'The topic (its value subject is checked); give this or `subject`.' })
  @IsOptional()
  @Length(1, 249)
  topic?: string;

  @Field({ nullable: true, description: 'The subject; give this or `topic`.' })
  @IsOptional()
  @Length(1, 500)
  subject?: string;

  @Field(() => String, { nullable: true, defaultValue: 'AVRO', description: 'AVRO (default), PROTOBUF or JSON.' })
  @IsIn(['AVRO', 'PROTOBUF', 'JSON'])
  schemaType: 'AVRO' | 'PROTOBUF' | 'JSON';

  @Field({ description: 'The schema text.' })
  @Length(1, 4 * 1024 * 1024)
  schema: string;

  @Field(() => [SchemaReferenceInput], { nullable: true, description: 'Registered schemas it refers to.' })
  @IsOptional()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => SchemaReferenceInput)
  references?: SchemaReferenceInput[];
}

@InputType({ description: 'A request to register one version despite a blocking finding.' })
export class RequestContractWaiverInput {
  @Field({ description: "The topic's value subject." })
  @Length(1, 500)
  subject: string;

  @Field(() => Int, { description: 'The version still to be registered that the waiver is for.' })
  @IsInt()
  @Min(1)
  schemaVersion: number;

  @Field(() => String, { description: `The rule to waive: ${WAIVABLE.join(', ')}.` })
  @IsIn(WAIVABLE)
  rule: (typeof WAIVABLE)[number];

  @Field({
    nullable: true,
    description: "Only the finding at this field path ('' for findings about the whole schema); every finding of the rule when left out.",
  })
  @IsOptional()
  @MaxLength(1000)
  path?: string;

  @Field({ nullable: true, description: 'Only for the schema with this fingerprint (from `checkSchema`).' })
  @IsOptional()
  @Matches(/^[0-9a-f]{64}$/, { message: 'must be the 64-character hex fingerprint `checkSchema` returns' })
  schemaFingerprint?: string;

  @Field({ description: 'Why it is needed (10-2000 characters).' })
  @Length(10, 2000)
  justification: string;
}

@InputType({ description: "A steward's decision on a waiver request." })
export class DecideContractWaiverInput {
  @Field(() => ID, { description: 'The waiver.' })
  @IsUUID()
  id: string;

  @Field(() => Int, { nullable: true, description: 'The waiver version the steward last saw.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;

  @Field({ nullable: true, description: 'A note for the requester (at most 2000 characters).' })
  @IsOptional()
  @MaxLength(2000)
  note?: string;
}

@InputType({ description: 'Which waivers to list.' })
export class ContractWaiverFilter {
  @Field({ nullable: true, description: 'Only waivers of this subject.' })
  @IsOptional()
  @Length(1, 500)
  subject?: string;

  @Field(() => WaiverStateEnum, { nullable: true, description: 'Only waivers in this state.' })
  @IsOptional()
  @IsIn(WAIVER_STATES)
  state?: (typeof WAIVER_STATES)[number];

  @PageSizeField(50, 'At most this many, newest first (1-200).')
  first?: number;
}

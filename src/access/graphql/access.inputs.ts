import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { TOPIC_NAME, TOPIC_NAME_RULE } from '../../catalogue/topics/domain/topic-vocabulary';
import { TEAM_SLUG, TEAM_SLUG_RULE } from '../../kernel/identifiers';
import {
  ACCESS_STATES,
  AccessOperation,
  AccessState,
  LEGAL_BASIS_MECHANISMS,
  LegalBasisMechanism,
  MAX_PURPOSE_LENGTH,
  MAX_REASON_LENGTH,
  MAX_REFERENCE_LENGTH,
  OPERATIONS,
  PURPOSE_CATEGORIES,
  PurposeCategory,
  SLOT_KINDS,
  SlotKind,
} from '../domain/access-vocabulary';
import { APPLICATION_NAME, APPLICATION_NAME_RULE, PRINCIPAL_FORMAT, PRINCIPAL_RULE } from '../domain/kafka-principal';
import { AccessOperationEnum, AccessStateEnum, ApprovalSlotKindEnum, LegalBasisMechanismEnum, PurposeCategoryEnum } from './access.enums';

@InputType({ description: 'The legal basis for processing data outside its jurisdiction.' })
export class LegalBasisInput {
  @Field(() => LegalBasisMechanismEnum, { description: 'The mechanism.' })
  @IsIn(LEGAL_BASIS_MECHANISMS)
  mechanism: LegalBasisMechanism;

  @Field({ description: `A document id or URL an auditor can follow (1-${MAX_REFERENCE_LENGTH} characters).` })
  @Length(1, MAX_REFERENCE_LENGTH)
  reference: string;
}

@InputType({ description: 'A request for access to a topic.' })
export class RequestAccessInput {
  @Field({ description: 'The Kafka topic name.' })
  @Matches(TOPIC_NAME, { message: TOPIC_NAME_RULE })
  topic: string;

  @Field({ description: 'The team asking (the caller must belong to it).' })
  @Matches(TEAM_SLUG, { message: TEAM_SLUG_RULE })
  requestingTeam: string;

  @Field(() => AccessOperationEnum, { description: 'READ (consume) or WRITE (produce).' })
  @IsIn(OPERATIONS)
  operation: AccessOperation;

  @Field({ description: 'The application that will consume or produce; its consumer groups start with this name.' })
  @Matches(APPLICATION_NAME, { message: APPLICATION_NAME_RULE })
  applicationName: string;

  @Field({
    description:
      'The Kafka principal to grant, e.g. `User:svc-fraud`. A wildcard (`User:*`) reaches every Kafka user: admins only, with `wildcardReason`.',
  })
  @Matches(PRINCIPAL_FORMAT, { message: PRINCIPAL_RULE })
  kafkaPrincipal: string;

  @Field({ description: `Why the data is needed (1-${MAX_PURPOSE_LENGTH} characters); owners, stewards and privacy officers read it.` })
  @Length(1, MAX_PURPOSE_LENGTH)
  purpose: string;

  @Field(() => PurposeCategoryEnum, { description: 'The purpose in broad terms.' })
  @IsIn(PURPOSE_CATEGORIES)
  purposeCategory: PurposeCategory;

  @Field({ description: 'Where the consumer processes the data (a configured jurisdiction code).' })
  @Length(1, 32)
  consumerJurisdiction: string;

  @Field(() => Int, { description: "Length of the grant in days, at most the topic's maximum." })
  @IsInt()
  @Min(1)
  @Max(3650)
  durationDays: number;

  @Field(() => LegalBasisInput, {
    nullable: true,
    description: 'Required when the data would leave its jurisdiction without an allowed-transfer rule.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => LegalBasisInput)
  legalBasis?: LegalBasisInput;

  @Field({ nullable: true, description: `Why an admin asks for a wildcard principal (1-${MAX_REASON_LENGTH} characters); audited.` })
  @IsOptional()
  @Length(1, MAX_REASON_LENGTH)
  wildcardReason?: string;

  @Field(() => ID, { nullable: true, description: 'The grant this request renews (same team, topic, operation and principal).' })
  @IsOptional()
  @IsUUID()
  renewalOf?: string;
}

@InputType({ description: 'A decision on an access request that needs no reason (approve, withdraw).' })
export class AccessDecisionInput {
  @Field(() => ID, { description: 'The access request.' })
  @IsUUID()
  id: string;

  @Field({ nullable: true, description: `An optional note (at most ${MAX_REASON_LENGTH} characters).` })
  @IsOptional()
  @Length(0, MAX_REASON_LENGTH)
  reason?: string;

  @Field(() => ApprovalSlotKindEnum, { nullable: true, description: 'The slot to fill, for someone who could fill either.' })
  @IsOptional()
  @IsIn(SLOT_KINDS)
  slot?: SlotKind;

  @Field(() => Int, { nullable: true, description: 'The version the caller saw; the decision fails if the request changed since.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

@InputType({ description: 'A decision that needs a reason the requester will see (reject, revoke, suspend, reinstate).' })
export class AccessReasonInput {
  @Field(() => ID, { description: 'The access request or grant.' })
  @IsUUID()
  id: string;

  @Field({ description: `The reason (1-${MAX_REASON_LENGTH} characters).` })
  @Length(1, MAX_REASON_LENGTH)
  reason: string;

  @Field(() => Int, { nullable: true, description: 'The version the caller saw; the decision fails if the request changed since.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

@InputType({ description: 'Which access requests to list.' })
export class AccessRequestFilterInput {
  @Field(() => [AccessStateEnum], { nullable: true, description: 'Only these states (a grant past its end counts as EXPIRED).' })
  @IsOptional()
  @IsIn(ACCESS_STATES, { each: true })
  states?: AccessState[];

  @Field({ nullable: true, description: 'Only requests for this topic.' })
  @IsOptional()
  @Matches(TOPIC_NAME, { message: TOPIC_NAME_RULE })
  topic?: string;

  @Field({ nullable: true, description: 'Only requests of this team.' })
  @IsOptional()
  @Matches(TEAM_SLUG, { message: TEAM_SLUG_RULE })
  requestingTeam?: string;

  @Field({ nullable: true, description: "Only requests for this team's topics." })
  @IsOptional()
  @Matches(TEAM_SLUG, { message: TEAM_SLUG_RULE })
  ownerTeam?: string;

  @Field({ nullable: true, description: 'Only requests this user submitted.' })
  @IsOptional()
  @Length(1, 200)
  requestedBy?: string;
}

@InputType({ description: "A team's webhook for access events." })
export class SetTeamWebhookInput {
  @Field({ description: 'The team (the caller must belong to it, or be an admin).' })
  @Matches(TEAM_SLUG, { message: TEAM_SLUG_RULE })
  team: string;

  @Field({ description: 'An absolute http(s) URL; Charter posts JSON events to it.' })
  @Length(1, 2000)
  url: string;

  @Field({ nullable: true, description: 'The signing secret (32-200 characters); left out, Charter generates one.' })
  @IsOptional()
  @Length(32, 200)
  secret?: string;
}

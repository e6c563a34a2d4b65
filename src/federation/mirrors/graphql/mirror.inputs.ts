import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import {
  ACCESS_STATES,
  AccessState,
  MAX_PURPOSE_LENGTH,
  MAX_REASON_LENGTH,
  PURPOSE_CATEGORIES,
  PurposeCategory,
  SLOT_KINDS,
  SlotKind,
} from '../../../access/domain/access-vocabulary';
import { AccessStateEnum, ApprovalSlotKindEnum, PurposeCategoryEnum } from '../../../access/graphql/access.enums';
import { LegalBasisInput } from '../../../access/graphql/access.inputs';
import { CLUSTER_NAME, CLUSTER_NAME_RULE } from '../../../catalogue/clusters/domain/cluster-rules';
import { TOPIC_NAME, TOPIC_NAME_RULE } from '../../../catalogue/topics/domain/topic-vocabulary';
import { TEAM_SLUG, TEAM_SLUG_RULE } from '../../../kernel/identifiers';
import { MirrorRequestDraft } from '../mirror-submission.service';

@InputType({ description: 'A request to replicate a topic from its cluster to another cluster.' })
export class RequestMirrorInput implements MirrorRequestDraft {
  @Field({ description: 'The Kafka topic name (it is mirrored from the cluster it lives on).' })
  @Matches(TOPIC_NAME, { message: TOPIC_NAME_RULE })
  topic: string;

  @Field({ description: 'The catalogued cluster to copy it to (not its own).' })
  @Matches(CLUSTER_NAME, { message: CLUSTER_NAME_RULE })
  targetCluster: string;

  @Field({ description: 'The team asking (the caller must belong to it).' })
  @Matches(TEAM_SLUG, { message: TEAM_SLUG_RULE })
  requestingTeam: string;

  @Field({ description: `Why the copy is needed (1-${MAX_PURPOSE_LENGTH} characters).` })
  @Length(1, MAX_PURPOSE_LENGTH)
  purpose: string;

  @Field(() => PurposeCategoryEnum, { description: 'The purpose in broad terms.' })
  @IsIn(PURPOSE_CATEGORIES)
  purposeCategory: PurposeCategory;

  @Field(() => Int, { description: "Length of the mirror in days, at most the topic's maximum grant." })
  @IsInt()
  @Min(1)
  @Max(3650)
  durationDays: number;

  @Field(() => LegalBasisInput, {
    nullable: true,
    description: "Required when the target cluster's jurisdiction differs from the source cluster's or the topic's.",
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => LegalBasisInput)
  legalBasis?: LegalBasisInput;
}

@InputType({ description: 'A decision on a mirror request that needs no reason (approve, withdraw).' })
export class MirrorDecisionInput {
  @Field(() => ID, { description: 'The mirror request.' })
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

@InputType({ description: 'A decision on a mirror that needs a reason (reject, revoke, suspend, reinstate).' })
export class MirrorReasonInput {
  @Field(() => ID, { description: 'The mirror request.' })
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

@InputType({ description: 'Which mirror requests to list.' })
export class MirrorRequestFilterInput {
  @Field(() => [AccessStateEnum], { nullable: true, description: 'Only these states (a mirror past its end counts as EXPIRED).' })
  @IsOptional()
  @IsIn(ACCESS_STATES, { each: true })
  states?: AccessState[];

  @Field({ nullable: true, description: 'Only mirrors of this topic.' })
  @IsOptional()
  @Matches(TOPIC_NAME, { message: TOPIC_NAME_RULE })
  topic?: string;

  @Field({ nullable: true, description: 'Only mirrors from this cluster.' })
  @IsOptional()
  @Matches(CLUSTER_NAME, { message: CLUSTER_NAME_RULE })
  sourceCluster?: string;

  @Field({ nullable: true, description: 'Only mirrors to this cluster.' })
  @IsOptional()
  @Matches(CLUSTER_NAME, { message: CLUSTER_NAME_RULE })
  targetCluster?: string;

  @Field({ nullable: true, description: 'Only requests of this team.' })
  @IsOptional()
  @Matches(TEAM_SLUG, { message: TEAM_SLUG_RULE })
  requestingTeam?: string;
}

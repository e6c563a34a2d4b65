import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { Classification, CLASSIFICATIONS, TOPIC_NAME, TOPIC_NAME_RULE } from '../../catalogue/topics/domain/topic-vocabulary';
import { ClassificationEnum } from '../../catalogue/topics/topic.model';
import { TEAM_SLUG, TEAM_SLUG_RULE } from '../../kernel/identifiers';
import { MAX_REASON_LENGTH } from '../domain/access-vocabulary';
import {
  MAX_DEADLINE_DAYS,
  MAX_NOTE_LENGTH,
  MIN_DEADLINE_DAYS,
  RECERTIFICATION_DECISIONS,
  RecertificationDecision,
} from '../domain/recertification';
import { RecertificationDecisionEnum } from './recertification.model';

@InputType({ description: 'Exactly one of: a team (the grants it holds), a topic, or a classification.' })
export class RecertificationScopeInput {
  @Field({ nullable: true, description: 'A team slug: the grants this team holds.' })
  @IsOptional()
  @Matches(TEAM_SLUG, { message: TEAM_SLUG_RULE })
  team?: string;

  @Field({ nullable: true, description: 'A topic name: the grants on this topic.' })
  @IsOptional()
  @Matches(TOPIC_NAME, { message: TOPIC_NAME_RULE })
  topic?: string;

  @Field(() => ClassificationEnum, { nullable: true, description: 'The grants on every topic of exactly this classification.' })
  @IsOptional()
  @IsIn(CLASSIFICATIONS)
  classification?: Classification;
}

@InputType({ description: 'A recertification campaign to start.' })
export class StartRecertificationInput {
  @Field(() => RecertificationScopeInput, { description: 'Which approved grants to recertify.' })
  @ValidateNested()
  @Type(() => RecertificationScopeInput)
  scope: RecertificationScopeInput;

  @Field(() => Int, {
    description: `Days the owners have to answer (${MIN_DEADLINE_DAYS}-${MAX_DEADLINE_DAYS}); unanswered grants are suspended then.`,
  })
  @IsInt()
  deadlineDays: number;

  @Field({ nullable: true, description: `Why, for the owners (at most ${MAX_NOTE_LENGTH} characters).` })
  @IsOptional()
  @Length(0, MAX_NOTE_LENGTH)
  note?: string;
}

@InputType({ description: "An owner's answer for one grant of a campaign." })
export class AnswerRecertificationInput {
  @Field(() => ID, { description: 'The recertification item.' })
  @IsUUID()
  itemId: string;

  @Field(() => RecertificationDecisionEnum, { description: 'CONFIRM keeps the grant; REVOKE ends it.' })
  @IsIn(RECERTIFICATION_DECISIONS)
  decision: RecertificationDecision;

  @Field({ nullable: true, description: `Required to revoke; the requesting team sees it (at most ${MAX_REASON_LENGTH} characters).` })
  @IsOptional()
  @Length(0, MAX_REASON_LENGTH)
  reason?: string;
}

import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { AccessState, PurposeCategory } from '../../../access/domain/access-vocabulary';
import { effectiveState } from '../../../access/domain/decide';
import { AccessStateEnum, PurposeCategoryEnum } from '../../../access/graphql/access.enums';
import { LegalBasis } from '../../../access/graphql/access.model';
import { ConnectionType } from '../../../graphql/connection';
import { MirrorRequestEntity } from '../persistence/mirror-request.entity';

@ObjectType({
  description:
    'A request to replicate a topic from its cluster to another one and, once approved, the time-bound mirror it becomes. ' +
    'It moves through the same states, approval slots and rules as an access request.',
})
export class MirrorRequest {
  @Field(() => ID, { description: 'Stable identifier.' })
  id: string;

  /** Resolved to the Topic, the Clusters and the requesting Team by field resolvers. */
  topicId: string;
  sourceClusterId: string;
  targetClusterId: string;
  requestingTeamId: string;

  @Field({ description: 'Why the copy is needed.' })
  purpose: string;

  @Field(() => PurposeCategoryEnum, { description: 'The purpose in broad terms.' })
  purposeCategory: PurposeCategory;

  @Field({ description: "The source cluster's jurisdiction when the request was made." })
  sourceJurisdiction: string;

  @Field({ description: "The target cluster's jurisdiction when the request was made." })
  targetJurisdiction: string;

  @Field({ description: "Whether the copy leaves the data's jurisdiction (a legal basis is then recorded)." })
  crossBorder: boolean;

  @Field(() => LegalBasis, { nullable: true, description: 'The legal basis for a cross-border copy.' })
  legalBasis: LegalBasis | null;

  @Field(() => Int, { description: 'Requested length of the mirror, in days.' })
  durationDays: number;

  @Field(() => AccessStateEnum, { description: 'Current state; a mirror whose end has passed is EXPIRED.' })
  state: AccessState;

  @Field({ description: 'Whether the mirror is active now (approved, not suspended, not ended): it is in the MirrorMaker 2 export.' })
  active: boolean;

  @Field(() => [String], { description: 'Why each approval slot is needed.' })
  approvalReasons: string[];

  @Field({ description: 'Who submitted the request.' })
  requestedBy: string;

  @Field(() => String, { nullable: true, description: 'The reason given with the last change of state.' })
  reason: string | null;

  @Field(() => String, { nullable: true, description: 'Who made the last change of state.' })
  stateChangedBy: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the state last changed.' })
  stateChangedAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the mirror was approved.' })
  grantStart: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the mirror ends.' })
  grantEnd: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When a topic change flagged this mirror as no longer allowed.' })
  flaggedAt: Date | null;

  @Field(() => [String], { description: 'Why the mirror was flagged.' })
  flagReasons: string[];

  @Field(() => GraphQLISODateTime, { description: 'When the request was submitted.' })
  createdAt: Date;

  @Field(() => GraphQLISODateTime, { description: 'When the request last changed.' })
  updatedAt: Date;

  @Field(() => Int, { description: 'Optimistic version; pass it as `expectedVersion` to decide on exactly what you saw.' })
  version: number;
}

@ObjectType({ description: 'A page of mirror requests, newest first.' })
export class MirrorRequestConnection extends ConnectionType(MirrorRequest, 'MirrorRequest') {}

export function toMirrorRequest(e: MirrorRequestEntity, now: Date): MirrorRequest {
  const grant = e.grantStart && e.grantEnd ? { start: e.grantStart, end: e.grantEnd } : null;
  const state = effectiveState({ state: e.state, grant }, now);
  return {
    id: e.id,
    topicId: e.topicId,
    sourceClusterId: e.sourceClusterId,
    targetClusterId: e.targetClusterId,
    requestingTeamId: e.requestingTeamId,
    purpose: e.purpose,
    purposeCategory: e.purposeCategory,
    sourceJurisdiction: e.sourceJurisdiction,
    targetJurisdiction: e.targetJurisdiction,
    crossBorder: e.crossBorder,
    legalBasis:
      e.legalBasisMechanism && e.legalBasisReference ? { mechanism: e.legalBasisMechanism, reference: e.legalBasisReference } : null,
    durationDays: e.durationDays,
    state,
    active: state === 'APPROVED',
    approvalReasons: e.approvalReasons,
    requestedBy: e.requestedBy,
    reason: e.stateReason,
    stateChangedBy: e.stateChangedBy,
    stateChangedAt: e.stateChangedAt,
    grantStart: e.grantStart,
    grantEnd: e.grantEnd,
    flaggedAt: e.flaggedAt,
    flagReasons: e.flagReasons,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
    version: e.version,
  };
}

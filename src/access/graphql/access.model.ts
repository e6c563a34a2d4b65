import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '../../graphql/connection';
import { AccessOperation, AccessState, LegalBasisMechanism, PurposeCategory, SlotDecision, SlotKind } from '../domain/access-vocabulary';
import { effectiveState } from '../domain/decide';
import { AccessRequestEntity } from '../persistence/access-request.entity';
import {
  AccessOperationEnum,
  AccessStateEnum,
  ApprovalSlotKindEnum,
  LegalBasisMechanismEnum,
  PurposeCategoryEnum,
  SlotDecisionEnum,
} from './access.enums';

@ObjectType({ description: 'The legal basis recorded for processing data outside its jurisdiction.' })
export class LegalBasis {
  @Field(() => LegalBasisMechanismEnum, { description: 'The mechanism.' })
  mechanism: LegalBasisMechanism;

  @Field({ description: 'A document id or URL an auditor can follow.' })
  reference: string;
}

@ObjectType({ description: 'One approval a request needs, and who gave it.' })
export class ApprovalSlot {
  @Field(() => ApprovalSlotKindEnum, { description: 'Who may fill it.' })
  kind: SlotKind;

  @Field(() => SlotDecisionEnum, { nullable: true, description: 'The decision, once made.' })
  decision: SlotDecision | null;

  @Field(() => String, { nullable: true, description: 'Who decided.' })
  decidedBy: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When.' })
  decidedAt: Date | null;
}

@ObjectType({ description: 'A request for access to a topic and, once approved, the time-bound grant it becomes.' })
export class AccessRequest {
  @Field(() => ID, { description: 'Stable identifier.' })
  id: string;

  /** Resolved to the Topic and the requesting Team by field resolvers. */
  topicId: string;
  requestingTeamId: string;

  @Field(() => AccessOperationEnum, { description: 'READ (consume) or WRITE (produce).' })
  operation: AccessOperation;

  @Field({ description: 'The consuming or producing application; its consumer groups share this prefix.' })
  applicationName: string;

  @Field({ description: 'The Kafka principal the grant is for, e.g. `User:svc-fraud`.' })
  kafkaPrincipal: string;

  @Field({ description: 'Why the data is needed.' })
  purpose: string;

  @Field(() => PurposeCategoryEnum, { description: 'The purpose in broad terms.' })
  purposeCategory: PurposeCategory;

  @Field({ description: 'Where the consumer processes the data.' })
  consumerJurisdiction: string;

  @Field({ description: "The topic's jurisdiction when the request was made." })
  topicJurisdiction: string;

  @Field({ description: 'Whether the data leaves its jurisdiction without an allowed-transfer rule.' })
  crossBorder: boolean;

  @Field(() => LegalBasis, { nullable: true, description: 'The legal basis for a cross-border transfer.' })
  legalBasis: LegalBasis | null;

  @Field(() => Int, { description: 'Requested length of the grant, in days.' })
  durationDays: number;

  @Field(() => AccessStateEnum, { description: 'Current state; a grant whose end has passed is EXPIRED.' })
  state: AccessState;

  @Field({ description: 'Whether this is an active grant now (approved and not yet ended).' })
  active: boolean;

  @Field(() => [String], { description: 'Why each approval slot is needed.' })
  approvalReasons: string[];

  @Field({ description: 'Who submitted the request.' })
  requestedBy: string;

  @Field(() => ID, { nullable: true, description: 'The grant this request renews.' })
  renewalOf: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The reason given with the last change of state (rejection, revocation, suspension).',
  })
  reason: string | null;

  @Field(() => String, { nullable: true, description: 'Who made the last change of state.' })
  stateChangedBy: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the state last changed.' })
  stateChangedAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the grant started.' })
  grantStart: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the grant ends.' })
  grantEnd: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When a topic change flagged this grant as no longer allowed.' })
  flaggedAt: Date | null;

  @Field(() => [String], { description: 'Why the grant was flagged.' })
  flagReasons: string[];

  @Field(() => GraphQLISODateTime, { description: 'When the request was submitted.' })
  createdAt: Date;

  @Field(() => GraphQLISODateTime, { description: 'When the request last changed.' })
  updatedAt: Date;

  @Field(() => Int, { description: 'Optimistic version; pass it as `expectedVersion` to decide on exactly what you saw.' })
  version: number;
}

@ObjectType({ description: 'A page of access requests, newest first.' })
export class AccessRequestConnection extends ConnectionType(AccessRequest, 'AccessRequest') {}

export function toAccessRequest(e: AccessRequestEntity, now: Date): AccessRequest {
  const grant = e.grantStart && e.grantEnd ? { start: e.grantStart, end: e.grantEnd } : null;
  const state = effectiveState({ state: e.state, grant }, now);
  return {
    id: e.id,
    topicId: e.topicId,
    requestingTeamId: e.requestingTeamId,
    operation: e.operation,
    applicationName: e.applicationName,
    kafkaPrincipal: e.kafkaPrincipal,
    purpose: e.purpose,
    purposeCategory: e.purposeCategory,
    consumerJurisdiction: e.consumerJurisdiction,
    topicJurisdiction: e.topicJurisdiction,
    crossBorder: e.crossBorder,
    legalBasis:
      e.legalBasisMechanism && e.legalBasisReference ? { mechanism: e.legalBasisMechanism, reference: e.legalBasisReference } : null,
    durationDays: e.durationDays,
    state,
    active: state === 'APPROVED',
    approvalReasons: e.approvalReasons,
    requestedBy: e.requestedBy,
    renewalOf: e.renewalOf,
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

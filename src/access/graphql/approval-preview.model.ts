import { Field, ObjectType } from '@nestjs/graphql';
import { listOfAtMost } from '../../graphql/field-costs';
import { AccessOperation, SlotKind } from '../domain/access-vocabulary';
import { AccessOperationEnum, ApprovalSlotKindEnum } from './access.enums';

@ObjectType({ description: 'An approval a request would need, and why.' })
export class ApprovalPreviewSlot {
  @Field(() => ApprovalSlotKindEnum, { description: 'Who fills it: a member of the owning team, or a data steward.' })
  kind: SlotKind;

  @Field(() => String, { nullable: true, description: 'Slug of the team whose member approves; null for a steward (a role, not a team).' })
  team: string | null;

  @Field({ description: 'One sentence: who approves, and every rule that asks for them.' })
  reason: string;
}

@ObjectType({ description: 'Whether a request must carry a legal basis.' })
export class LegalBasisRequirement {
  @Field({ description: 'True when the data would leave its jurisdiction without an allowed-transfer rule.' })
  required: boolean;

  @Field(() => String, { nullable: true, description: 'Why it is required; the message submission refuses with when it is missing.' })
  reason: string | null;
}

@ObjectType({
  description: 'Who would have to approve an access request, and why, computed by the rules submission applies; nothing is written.',
})
export class AccessApprovalPreview {
  @Field({ description: 'The topic asked about.' })
  topic: string;

  @Field(() => AccessOperationEnum, { description: 'The operation asked about.' })
  operation: AccessOperation;

  @Field({ description: "Where the consumer would process the data (the topic's own jurisdiction when not given)." })
  consumerJurisdiction: string;

  @Field(() => String, { nullable: true, description: 'The principal asked about; null when none was given (a named one is assumed).' })
  kafkaPrincipal: string | null;

  @Field({ description: 'Whether the data would leave its jurisdiction without an allowed-transfer rule.' })
  crossBorder: boolean;

  @Field(() => [ApprovalPreviewSlot], {
    description: 'The approvals the request would need; empty when granted at once.',
    complexity: listOfAtMost(2),
  })
  slots: ApprovalPreviewSlot[];

  @Field(() => LegalBasisRequirement, { description: 'Whether a legal basis must be given, and why.' })
  legalBasis: LegalBasisRequirement;

  @Field({ description: 'True when nobody needs to approve: the grant would start on submission.' })
  autoGranted: boolean;

  @Field(() => [String], { description: 'The reasons the request would record (its approvalReasons).' })
  reasons: string[];
}

import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { enumOf } from '../../graphql/enum-of';
import {
  CAMPAIGN_STATES,
  CampaignState,
  ITEM_STATES,
  ItemState,
  RECERTIFICATION_DECISIONS,
  RECERTIFICATION_SCOPES,
  RecertificationScopeKind,
} from '../domain/recertification';
import { AccessRequest } from './access.model';
export const RecertificationScopeKindEnum = enumOf(RECERTIFICATION_SCOPES);
export const RecertificationCampaignStateEnum = enumOf(CAMPAIGN_STATES);
export const RecertificationItemStateEnum = enumOf(ITEM_STATES);
export const RecertificationDecisionEnum = enumOf(RECERTIFICATION_DECISIONS);

registerEnumType(RecertificationScopeKindEnum, {
  name: 'RecertificationScopeKind',
  description: 'Which grants a recertification campaign covers.',
  valuesMap: {
    TEAM: { description: 'The grants a team holds.' },
    TOPIC: { description: 'The grants on one topic.' },
    CLASSIFICATION: { description: 'The grants on every topic of one classification.' },
  },
});
registerEnumType(RecertificationCampaignStateEnum, {
  name: 'RecertificationCampaignState',
  description: 'Whether a campaign still waits for answers.',
  valuesMap: {
    OPEN: { description: 'Items may still be answered, or the deadline job has not closed it yet.' },
    CLOSED: { description: 'Past its deadline with every item closed.' },
  },
});
registerEnumType(RecertificationItemStateEnum, {
  name: 'RecertificationItemState',
  description: 'Where one grant of a campaign stands.',
  valuesMap: {
    OPEN: { description: 'Waiting for an owner to confirm or revoke it.' },
    CONFIRMED: { description: 'An owner confirmed the grant; it stays.' },
    REVOKED: { description: 'An owner revoked the grant.' },
    SUSPENDED: { description: 'Nobody answered by the deadline: the grant was suspended.' },
    LAPSED: { description: 'The grant ended another way (expired, revoked, suspended) before the deadline.' },
  },
});
registerEnumType(RecertificationDecisionEnum, {
  name: 'RecertificationDecision',
  description: "An owner's answer for a grant.",
  valuesMap: { CONFIRM: { description: 'Keep the grant.' }, REVOKE: { description: 'End the grant now (a reason is required).' } },
});

@ObjectType({ description: 'One grant under review in a campaign.' })
export class RecertificationItem {
  @Field(() => ID, { description: 'Stable identifier; answer with it.' })
  id: string;

  @Field(() => ID, { description: 'The campaign.' })
  campaignId: string;

  @Field(() => RecertificationItemStateEnum, { description: 'Where it stands.' })
  state: ItemState;

  @Field(() => GraphQLISODateTime, { description: 'When an unanswered grant is suspended.' })
  deadline: Date;

  @Field(() => String, { nullable: true, description: 'Who closed it (charter-system for the deadline).' })
  decidedBy: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When.' })
  decidedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'The reason given with the answer.' })
  reason: string | null;

  @Field(() => AccessRequest, { description: 'The grant under review, as it is now.' })
  grant: AccessRequest;
}

@ObjectType({ description: "A steward's request to the owners of a set of grants: confirm or revoke each before the deadline." })
export class RecertificationCampaign {
  @Field(() => ID, { description: 'Stable identifier.' })
  id: string;

  @Field(() => RecertificationScopeKindEnum, { description: 'What kind of scope.' })
  scopeKind: RecertificationScopeKind;

  @Field({ description: 'The team slug, topic name or classification.' })
  scopeValue: string;

  @Field(() => RecertificationCampaignStateEnum, { description: 'OPEN or CLOSED.' })
  state: CampaignState;

  @Field(() => Int, { description: 'Days the owners were given.' })
  deadlineDays: number;

  @Field(() => GraphQLISODateTime, { description: 'When unanswered grants are suspended.' })
  deadline: Date;

  @Field({ description: 'The steward (or admin) who started it.' })
  startedBy: string;

  @Field(() => GraphQLISODateTime, { description: 'When.' })
  startedAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the deadline job closed it.' })
  closedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Why, for the owners.' })
  note: string | null;
}

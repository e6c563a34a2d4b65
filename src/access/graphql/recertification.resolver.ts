import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Principal } from '../../auth/domain/principal';
import { Caller, Loaders } from '../../graphql/graphql-context';
import { UuidArg } from '../../graphql/input-args';
import { defineLoader, RequestLoaders } from '../../graphql/request-loaders';
import { Clock } from '../../kernel/clock';
import { CampaignState } from '../domain/recertification';
import { ItemWithGrant, RecertificationService } from '../recertification.service';
import { toAccessRequest } from './access.model';
import { AnswerRecertificationInput, StartRecertificationInput } from './recertification.inputs';
import { RecertificationCampaign, RecertificationCampaignStateEnum, RecertificationItem } from './recertification.model';

/** The items of campaigns, as the caller may see them, batched per request. */
const ITEMS_OF_CAMPAIGN = defineLoader((source: { service: RecertificationService; caller: Principal }, ids: readonly string[]) =>
  source.service.itemsOf(source.caller, ids),
);

@Resolver(() => RecertificationCampaign)
export class RecertificationResolver {
  constructor(
    private readonly service: RecertificationService,
    private readonly clock: Clock,
  ) {}

  @Query(() => [RecertificationCampaign], {
    description: 'Recertification campaigns, newest first: all for stewards and admins; for others those with a grant of their teams.',
  })
  recertificationCampaigns(
    @Caller() caller: Principal,
    @Args('state', { type: () => RecertificationCampaignStateEnum, nullable: true, description: 'Only campaigns in this state.' })
    state?: CampaignState,
  ): Promise<RecertificationCampaign[]> {
    return this.service.list(caller, state);
  }

  @Query(() => RecertificationCampaign, { description: 'One recertification campaign the caller may see.' })
  recertificationCampaign(@Caller() caller: Principal, @UuidArg('id', 'The campaign.') id: string): Promise<RecertificationCampaign> {
    return this.service.find(caller, id);
  }

  @Mutation(() => RecertificationCampaign, {
    description:
      "Starts a recertification campaign (stewards, admins): every approved grant in the scope gets an item its topic's owners must confirm or revoke within `deadlineDays`; unanswered grants are suspended at the deadline.",
  })
  startRecertification(@Caller() caller: Principal, @Args('input') input: StartRecertificationInput): Promise<RecertificationCampaign> {
    return this.service.start(caller, { scope: input.scope, deadlineDays: input.deadlineDays, note: input.note });
  }

  @Mutation(() => RecertificationItem, {
    description: "Confirms or revokes one grant of a campaign (members of the topic's owning team, admins); audited.",
  })
  async answerRecertification(@Caller() caller: Principal, @Args('input') input: AnswerRecertificationInput): Promise<RecertificationItem> {
    return this.item(await this.service.answer(caller, { itemId: input.itemId, decision: input.decision, reason: input.reason }));
  }

  @ResolveField(() => [RecertificationItem], { description: 'The grants under review that the caller may see.' })
  async items(
    @Parent() campaign: RecertificationCampaign,
    @Caller() caller: Principal,
    @Loaders() loaders: RequestLoaders,
  ): Promise<RecertificationItem[]> {
    const rows = await loaders.get(ITEMS_OF_CAMPAIGN, { service: this.service, caller }).load(campaign.id);
    return rows.map((row) => this.item(row));
  }

  private item({ item, grant }: ItemWithGrant): RecertificationItem {
    return {
      id: item.id,
      campaignId: item.campaignId,
      state: item.state,
      deadline: item.deadline,
      decidedBy: item.decidedBy,
      decidedAt: item.decidedAt,
      reason: item.reason,
      grant: toAccessRequest(grant, this.clock.now()),
    };
  }
}

import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Principal } from '../../auth/domain/principal';
import { Caller } from '../../graphql/graphql-context';
import { Clock } from '../../kernel/clock';
import { TEAM_SLUG, TEAM_SLUG_RULE } from '../../kernel/identifiers';
import { invalidInput } from '../../kernel/domain-error';
import { GrantQueryService } from '../grant-query.service';
import { groupByTopic } from '../records-of-processing';
import { WebhookSubscriptionService } from '../webhooks/webhook-subscription.service';
import { SetTeamWebhookInput } from './access.inputs';
import { AccessRequest, toAccessRequest } from './access.model';
import { AclBinding, TeamWebhookCreated, TopicProcessingRecord } from './export.model';
import { FIELD_COSTS } from '../../graphql/field-costs';

/** What leaves Charter: records of processing, Kafka ACLs, flagged grants, webhooks. */
@Resolver()
export class AccessExportResolver {
  constructor(
    private readonly grants: GrantQueryService,
    private readonly webhooks: WebhookSubscriptionService,
    private readonly clock: Clock,
  ) {}

  @Query(() => [TopicProcessingRecord], {
    complexity: FIELD_COSTS.catalogueScan,
    description:
      "Per topic, who receives its data under active grants, where and why (stewards and admins: every topic; others: their teams' topics).",
  })
  async recordsOfProcessing(
    @Caller() caller: Principal,
    @Args('topic', { nullable: true, description: 'Only this topic.' }) topic?: string,
  ): Promise<TopicProcessingRecord[]> {
    return groupByTopic(await this.grants.recordsOfProcessing(caller, topic));
  }

  @Query(() => [AclBinding], { description: "The Kafka ACL bindings a topic's active grants imply (its owners, stewards, admins)." })
  topicAcls(@Caller() caller: Principal, @Args('topic', { description: 'The topic name.' }) topic: string): Promise<AclBinding[]> {
    return this.grants.aclsOfTopic(caller, topic);
  }

  @Query(() => [AccessRequest], {
    complexity: FIELD_COSTS.catalogueScan,
    description: 'Live grants a topic change flagged as no longer allowed by the topic (stewards and admins: all; owners: their topics).',
  })
  async flaggedGrants(
    @Caller() caller: Principal,
    @Args('topic', { nullable: true, description: 'Only this topic.' }) topic?: string,
  ): Promise<AccessRequest[]> {
    const now = this.clock.now();
    return (await this.grants.flagged(caller, topic)).map((r) => toAccessRequest(r, now));
  }

  @Mutation(() => TeamWebhookCreated, {
    description: "Sets a team's webhook for access events (members, admins); returns the signing secret once.",
  })
  async setTeamWebhook(@Caller() caller: Principal, @Args('input') input: SetTeamWebhookInput): Promise<TeamWebhookCreated> {
    const { subscription, secret } = await this.webhooks.set(caller, input.team, input.url, input.secret);
    return { webhook: { url: subscription.url, createdBy: subscription.createdBy, updatedAt: subscription.updatedAt }, secret };
  }

  @Mutation(() => Boolean, { description: "Removes a team's webhook (members, admins); false when it had none." })
  removeTeamWebhook(@Caller() caller: Principal, @Args('team', { description: 'The team slug.' }) team: string): Promise<boolean> {
    if (!TEAM_SLUG.test(team)) throw invalidInput('team', 'matches', `'team' ${TEAM_SLUG_RULE}.`);
    return this.webhooks.remove(caller, team);
  }
}

import { defineLoader } from '../../graphql/request-loaders';
import { AccessQueryService } from '../access-query.service';
import { GrantQueryService } from '../grant-query.service';
import { WebhookSubscriptionService } from '../webhooks/webhook-subscription.service';

export const GRANTS_OF_TEAM = defineLoader((grants: GrantQueryService, teamIds: readonly string[]) => grants.activeByTeamIds(teamIds));
export const GRANTS_OF_TOPIC = defineLoader((grants: GrantQueryService, topicIds: readonly string[]) => grants.activeByTopicIds(topicIds));
export const ACL_GRANTS_OF_TOPIC = defineLoader((grants: GrantQueryService, topics: readonly { id: string; name: string }[]) =>
  grants.aclGrantsByTopicIds(topics),
);
export const WEBHOOK_OF_TEAM = defineLoader((webhooks: WebhookSubscriptionService, teamIds: readonly string[]) =>
  webhooks.ofTeams(teamIds),
);
export const APPROVAL_SLOTS = defineLoader((queries: AccessQueryService, requestIds: readonly string[]) => queries.slotsOf(requestIds));

import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Principal } from '../../auth/domain/principal';
import { Team } from '../../catalogue/teams/team.model';
import { TeamService } from '../../catalogue/teams/team.service';
import { Topic } from '../../catalogue/topics/topic.model';
import { Caller, Loaders } from '../../graphql/graphql-context';
import { RequestLoaders } from '../../graphql/request-loaders';
import { Clock } from '../../kernel/clock';
import { forbidden } from '../../kernel/domain-error';
import { seesEverything } from '../access-visibility';
import { aclBindings, GrantForAcl } from '../domain/acl-bindings';
import { GrantQueryService } from '../grant-query.service';
import { AccessRequestEntity } from '../persistence/access-request.entity';
import { WebhookSubscriptionEntity } from '../persistence/webhook.entity';
import { WebhookSubscriptionService } from '../webhooks/webhook-subscription.service';
import { AccessRequest, toAccessRequest } from './access.model';
import { AclBinding, TeamWebhook } from './export.model';

/** Access fields on the catalogue's Team type, kept here so the catalogue does not know about access. */
@Resolver(() => Team)
export class TeamGrantsResolver {
  constructor(
    private readonly grantQueries: GrantQueryService,
    private readonly webhooks: WebhookSubscriptionService,
    private readonly clock: Clock,
  ) {}

  @ResolveField(() => [AccessRequest], { description: 'Active grants the team holds; visible to its members, stewards and admins.' })
  async grants(@Parent() team: Team, @Caller() caller: Principal, @Loaders() loaders: RequestLoaders): Promise<AccessRequest[]> {
    if (!seesEverything(caller) && !caller.teams.includes(team.slug)) {
      throw forbidden(`Only admins, stewards and members of team '${team.slug}' can see its grants.`);
    }
    const rows = await loaders.get<string, AccessRequestEntity[]>('access.grantsByTeam', (ids) => this.grantQueries.activeByTeamIds(ids)).load(team.id);
    const now = this.clock.now();
    return rows.map((r) => toAccessRequest(r, now));
  }

  @ResolveField(() => TeamWebhook, { nullable: true, description: "The team's webhook, if set; visible to its members and admins." })
  async webhook(@Parent() team: Team, @Caller() caller: Principal, @Loaders() loaders: RequestLoaders): Promise<TeamWebhook | null> {
    if (!caller.roles.includes('admin') && !caller.teams.includes(team.slug)) {
      throw forbidden(`Only admins and members of team '${team.slug}' can see its webhook.`);
    }
    const sub = await loaders.get<string, WebhookSubscriptionEntity | null>('access.webhookByTeam', (ids) => this.webhooks.ofTeams(ids)).load(team.id);
    return sub && { url: sub.url, createdBy: sub.createdBy, updatedAt: sub.updatedAt };
  }
}

/** Access fields on the catalogue's Topic type. */
@Resolver(() => Topic)
export class TopicGrantsResolver {
  constructor(
    private readonly grantQueries: GrantQueryService,
    private readonly teams: TeamService,
    private readonly clock: Clock,
  ) {}

  @ResolveField(() => [AccessRequest], { description: 'Active grants on the topic; visible to its owners, stewards and admins.' })
  async grants(@Parent() topic: Topic, @Caller() caller: Principal, @Loaders() loaders: RequestLoaders): Promise<AccessRequest[]> {
    await this.assertOwnerView(topic, caller, loaders, 'grants');
    const rows = await this.activeGrants(topic, loaders);
    const now = this.clock.now();
    return rows.map((r) => toAccessRequest(r, now));
  }

  @ResolveField(() => [AclBinding], { description: 'The Kafka ACL bindings its active grants imply; visible to its owners, stewards and admins.' })
  async acls(@Parent() topic: Topic, @Caller() caller: Principal, @Loaders() loaders: RequestLoaders): Promise<AclBinding[]> {
    await this.assertOwnerView(topic, caller, loaders, 'ACLs');
    const grants = await loaders
      .get<{ id: string; name: string }, GrantForAcl[]>('access.aclGrantsByTopic', (topics) => this.grantQueries.aclGrantsByTopicIds(topics))
      .load({ id: topic.id, name: topic.name });
    return aclBindings(grants);
  }

  private activeGrants(topic: Topic, loaders: RequestLoaders): Promise<AccessRequestEntity[]> {
    return loaders.get<string, AccessRequestEntity[]>('access.grantsByTopic', (ids) => this.grantQueries.activeByTopicIds(ids)).load(topic.id);
  }

  private async assertOwnerView(topic: Topic, caller: Principal, loaders: RequestLoaders, what: string) {
    if (seesEverything(caller)) return;
    const owner = await loaders.get<string, Team>('team.byId', (ids) => this.teams.byIds(ids)).load(topic.ownerTeamId);
    if (!caller.teams.includes(owner.slug)) throw forbidden(`Only admins, stewards and members of team '${owner.slug}' can see the ${what} of topic '${topic.name}'.`);
  }
}

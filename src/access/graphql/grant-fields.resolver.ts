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
import { aclBindings } from '../domain/acl-bindings';
import { GrantQueryService } from '../grant-query.service';
import { AccessRequestEntity } from '../persistence/access-request.entity';
import { WebhookSubscriptionService } from '../webhooks/webhook-subscription.service';
import { AccessRequest, toAccessRequest } from './access.model';
import { AclBinding, TeamWebhook } from './export.model';
import { ACL_GRANTS_OF_TOPIC, GRANTS_OF_TEAM, GRANTS_OF_TOPIC, WEBHOOK_OF_TEAM } from './access.loaders';
import { TEAM_BY_ID } from '../../catalogue/teams/team.loaders';

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
    const rows = await loaders.get(GRANTS_OF_TEAM, this.grantQueries).load(team.id);
    const now = this.clock.now();
    return rows.map((r) => toAccessRequest(r, now));
  }

  @ResolveField(() => TeamWebhook, { nullable: true, description: "The team's webhook, if set; visible to its members and admins." })
  async webhook(@Parent() team: Team, @Caller() caller: Principal, @Loaders() loaders: RequestLoaders): Promise<TeamWebhook | null> {
    if (!caller.roles.includes('admin') && !caller.teams.includes(team.slug)) {
      throw forbidden(`Only admins and members of team '${team.slug}' can see its webhook.`);
    }
    const sub = await loaders.get(WEBHOOK_OF_TEAM, this.webhooks).load(team.id);
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

  @ResolveField(() => [AclBinding], {
    description: 'The Kafka ACL bindings its active grants imply; visible to its owners, stewards and admins.',
  })
  async acls(@Parent() topic: Topic, @Caller() caller: Principal, @Loaders() loaders: RequestLoaders): Promise<AclBinding[]> {
    await this.assertOwnerView(topic, caller, loaders, 'ACLs');
    const grants = await loaders.get(ACL_GRANTS_OF_TOPIC, this.grantQueries).load({ id: topic.id, name: topic.name });
    return aclBindings(grants);
  }

  private activeGrants(topic: Topic, loaders: RequestLoaders): Promise<AccessRequestEntity[]> {
    return loaders.get(GRANTS_OF_TOPIC, this.grantQueries).load(topic.id);
  }

  private async assertOwnerView(topic: Topic, caller: Principal, loaders: RequestLoaders, what: string) {
    if (seesEverything(caller)) return;
    const owner = await loaders.get(TEAM_BY_ID, this.teams).load(topic.ownerTeamId);
    if (!caller.teams.includes(owner.slug))
      throw forbidden(`Only admins, stewards and members of team '${owner.slug}' can see the ${what} of topic '${topic.name}'.`);
  }
}

import { Args, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AccessRequest, toAccessRequest } from '../../access/graphql/access.model';
import { ProcessingRecipient } from '../../access/graphql/export.model';
import { AccessRequestEntity } from '../../access/persistence/access-request.entity';
import { Principal } from '../../auth/domain/principal';
import { TeamService } from '../../catalogue/teams/team.service';
import { TEAM_BY_ID } from '../../catalogue/teams/team.loaders';
import { Topic } from '../../catalogue/topics/topic.model';
import { FIELD_COSTS } from '../../graphql/field-costs';
import { Caller, Loaders } from '../../graphql/graphql-context';
import { RequestLoaders } from '../../graphql/request-loaders';
import { Clock } from '../../kernel/clock';
import { invalidInput } from '../../kernel/domain-error';
import { UsageQueryService } from '../usage-query.service';
import { CONSUMERS_OF_TOPIC, READINESS_OF_TOPIC, READS_OF_GRANT } from './usage.loaders';
import { RecipientReads, ShadowConsumer, TopicConsumer, VersionReadiness } from './usage.model';

/** A window in days: 1 to 3650 (the retention bounds what is there anyway). */
export function windowDays(value: number | null | undefined, field: string): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1 || value > 3650) throw invalidInput(field, 'day-window', `'${field}' must be 1 to 3650 days.`);
  return value;
}

/** Usage fields on the catalogue's Topic type: who reads it, and what each version's readers are. */
@Resolver(() => Topic)
export class TopicUsageResolver {
  constructor(
    private readonly usage: UsageQueryService,
    private readonly teams: TeamService,
  ) {}

  @ResolveField(() => [TopicConsumer], {
    description:
      "Principals observed reading the topic's schemas from the registry, with the versions fetched, clients, first and last seen, and whether a grant covers them (owners, stewards, admins).",
  })
  async consumers(
    @Parent() topic: Topic,
    @Caller() caller: Principal,
    @Loaders() loaders: RequestLoaders,
    @Args('days', { type: () => Int, nullable: true, description: 'Only reads of the last N days; all retained reads when absent.' })
    days?: number,
  ): Promise<TopicConsumer[]> {
    await this.assertMaySee(topic, caller, loaders);
    const consumers = await loaders.get(CONSUMERS_OF_TOPIC, this.usage).load(`${windowDays(days, 'days') ?? ''}|${topic.id}`);
    return consumers.map((c) => ({ ...c, ownerTeamMember: c.ownerMember, firstSeen: c.firstReadAt, lastSeen: c.lastReadAt }));
  }

  @ResolveField(() => [VersionReadiness], {
    description:
      "Each version of the topic's subjects and who fetched it in the last N days: what a deprecation waits for (owners, stewards, admins).",
  })
  async deprecationReadiness(
    @Parent() topic: Topic,
    @Caller() caller: Principal,
    @Loaders() loaders: RequestLoaders,
    @Args('days', { type: () => Int, defaultValue: 30, description: 'The window, in days.' }) days: number,
  ): Promise<VersionReadiness[]> {
    await this.assertMaySee(topic, caller, loaders);
    return loaders.get(READINESS_OF_TOPIC, this.usage).load(`${windowDays(days, 'days')}|${topic.name}`);
  }

  private async assertMaySee(topic: Topic, caller: Principal, loaders: RequestLoaders) {
    const owner = await loaders.get(TEAM_BY_ID, this.teams).load(topic.ownerTeamId);
    this.usage.assertMaySee(caller, topic.name, owner.slug);
  }
}

/** Usage on the records of processing: whether a recipient actually reads. */
@Resolver(() => ProcessingRecipient)
export class RecipientUsageResolver {
  constructor(private readonly usage: UsageQueryService) {}

  @ResolveField(() => RecipientReads, {
    description: 'Whether the recipient actually reads: observed registry reads since the grant started.',
  })
  observedReads(@Parent() recipient: ProcessingRecipient, @Loaders() loaders: RequestLoaders): Promise<RecipientReads> {
    return loaders.get(READS_OF_GRANT, this.usage).load(recipient.requestId);
  }
}

@Resolver()
export class UsageResolver {
  constructor(
    private readonly usage: UsageQueryService,
    private readonly clock: Clock,
  ) {}

  @Query(() => [ShadowConsumer], {
    complexity: FIELD_COSTS.catalogueScan,
    description:
      'Principals reading the schemas of CONFIDENTIAL or RESTRICTED topics without a grant or membership of the owning team (stewards and admins: every topic; others: their teams’ topics). Detection only: reads are not refused.',
  })
  shadowConsumers(
    @Caller() caller: Principal,
    @Args('days', { type: () => Int, defaultValue: 30, description: 'Only reads of the last N days.' }) days: number,
    @Args('topic', { nullable: true, description: 'Only this topic.' }) topic?: string,
  ): Promise<ShadowConsumer[]> {
    return this.usage.shadowConsumers(caller, this.usage.since(windowDays(days, 'days')), topic);
  }

  @Query(() => [AccessRequest], {
    complexity: FIELD_COSTS.catalogueScan,
    description:
      'Active grants with no observed registry read by a principal they cover in the last N days (stewards and admins: all; others: grants their teams hold or own).',
  })
  async unusedGrants(
    @Caller() caller: Principal,
    @Args('days', { type: () => Int, defaultValue: 90, description: 'The window, in days.' }) days: number,
  ): Promise<AccessRequest[]> {
    const entities: AccessRequestEntity[] = await this.usage.unusedGrants(caller, this.usage.since(windowDays(days, 'days')));
    const now = this.clock.now();
    return entities.map((e) => toAccessRequest(e, now));
  }
}

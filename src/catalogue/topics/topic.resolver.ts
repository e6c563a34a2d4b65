import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Principal } from '../../auth/domain/principal';
import { Connection, toConnection } from '../../graphql/connection';
import { Caller, Loaders } from '../../graphql/graphql-context';
import { RequestLoaders } from '../../graphql/request-loaders';
import { Team } from '../teams/team.model';
import { TeamService } from '../teams/team.service';
import { cursorOf, TopicQueryService } from './topic-query.service';
import { TopicService } from './topic.service';
import {
  DeprecateTopicInput,
  RegisterTopicInput,
  RetireTopicInput,
  TopicFilter,
  TransferTopicInput,
  UpdateTopicInput,
} from './topic.inputs';
import { TopicOrder } from './topic.commands';
import { Topic, TopicConnection } from './topic.model';
import { CursorArg, PageSizeArg } from '../../graphql/input-args';
import { FIELD_COSTS } from '../../graphql/field-costs';
import { TEAM_BY_ID } from '../teams/team.loaders';
import { TOPICS_OF_TEAM, TOPIC_BY_ID } from './topic.loaders';

@Resolver(() => Topic)
export class TopicResolver {
  constructor(
    private readonly topicService: TopicService,
    private readonly queries: TopicQueryService,
    private readonly teams: TeamService,
  ) {}

  @Query(() => Topic, { description: 'One catalogued topic by its Kafka name.' })
  topic(@Caller() _caller: Principal, @Args('name') name: string): Promise<Topic> {
    return this.queries.findByName(name);
  }

  @Query(() => TopicConnection, {
    description: 'Catalogued topics matching a filter, a page at a time.',
    complexity: ({ args, childComplexity }) => (args.filter?.text ? FIELD_COSTS.search : 1) + childComplexity * args.first,
  })
  async topics(
    @Caller() _caller: Principal,
    @Args('filter', { nullable: true, description: 'Conditions every topic returned meets.' }) filter?: TopicFilter,
    @Args('orderBy', { type: () => TopicOrder, nullable: true, defaultValue: TopicOrder.NAME, description: 'Sort order.' })
    orderBy?: TopicOrder,
    @PageSizeArg(50) first?: number,
    @CursorArg('Cursor of the last topic of the previous page.') after?: string,
  ): Promise<Connection<Topic>> {
    const order = orderBy ?? TopicOrder.NAME;
    const page = await this.queries.list(filter ?? {}, order, first ?? 50, after);
    return toConnection(
      page,
      (t) => t,
      (t) => cursorOf(t, order),
    );
  }

  @Mutation(() => Topic, { description: 'Adds a topic to the catalogue (admins and members of the owning team).' })
  registerTopic(@Caller() caller: Principal, @Args('input') input: RegisterTopicInput): Promise<Topic> {
    return this.topicService.register(caller, input);
  }

  @Mutation(() => Topic, {
    description: 'Changes a topic: owners edit its details; lowering its classification or changing its jurisdiction needs a steward.',
  })
  updateTopic(@Caller() caller: Principal, @Args('input') input: UpdateTopicInput): Promise<Topic> {
    return this.topicService.update(caller, input);
  }

  @Mutation(() => Topic, { description: 'Moves a topic to another team (admins, or a steward who belongs to the owning team).' })
  transferTopic(@Caller() caller: Principal, @Args('input') input: TransferTopicInput): Promise<Topic> {
    return this.topicService.transfer(caller, input);
  }

  @Mutation(() => Topic, { description: 'Marks a topic deprecated, with a sunset date and optionally its replacement (owners, admins).' })
  deprecateTopic(@Caller() caller: Principal, @Args('input') input: DeprecateTopicInput): Promise<Topic> {
    return this.topicService.deprecate(caller, input);
  }

  @Mutation(() => Topic, { description: 'Retires a topic for good; it cannot be re-activated (owners, admins).' })
  retireTopic(@Caller() caller: Principal, @Args('input') input: RetireTopicInput): Promise<Topic> {
    return this.topicService.retire(caller, input);
  }

  @ResolveField(() => Team, { description: 'The team that owns the topic.' })
  owner(@Parent() topic: Topic, @Loaders() loaders: RequestLoaders): Promise<Team> {
    return loaders.get(TEAM_BY_ID, this.teams).load(topic.ownerTeamId);
  }

  @ResolveField(() => Topic, { nullable: true, description: 'The topic that replaces this one, when deprecated with a replacement.' })
  async replacement(@Parent() topic: Topic, @Loaders() loaders: RequestLoaders): Promise<Topic | null> {
    if (!topic.replacementTopicId) return null;
    return (await loaders.get(TOPIC_BY_ID, this.queries).load(topic.replacementTopicId)) ?? null;
  }
}

@Resolver(() => Team)
export class TeamTopicsResolver {
  constructor(private readonly queries: TopicQueryService) {}

  @ResolveField(() => [Topic], { description: 'The topics this team owns, by name.' })
  topics(@Parent() team: Team, @Loaders() loaders: RequestLoaders): Promise<Topic[]> {
    return loaders.get(TOPICS_OF_TEAM, this.queries).load(team.id);
  }
}

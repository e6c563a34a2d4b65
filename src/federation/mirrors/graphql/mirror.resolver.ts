import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AccessCommandKind } from '../../../access/domain/access-vocabulary';
import { ApprovalSlot } from '../../../access/graphql/access.model';
import { Principal } from '../../../auth/domain/principal';
import { CLUSTER_BY_ID } from '../../../catalogue/clusters/cluster.loaders';
import { Cluster } from '../../../catalogue/clusters/cluster.model';
import { ClusterService } from '../../../catalogue/clusters/cluster.service';
import { TEAM_BY_ID } from '../../../catalogue/teams/team.loaders';
import { Team } from '../../../catalogue/teams/team.model';
import { TeamService } from '../../../catalogue/teams/team.service';
import { TopicQueryService } from '../../../catalogue/topics/topic-query.service';
import { TOPIC_BY_ID } from '../../../catalogue/topics/topic.loaders';
import { Topic } from '../../../catalogue/topics/topic.model';
import { Connection, toConnection } from '../../../graphql/connection';
import { Caller, Loaders } from '../../../graphql/graphql-context';
import { CursorArg, PageSizeArg, UuidArg } from '../../../graphql/input-args';
import { RequestLoaders } from '../../../graphql/request-loaders';
import { Clock } from '../../../kernel/clock';
import { MirrorDecisionService } from '../mirror-decision.service';
import { mirrorCursorOf, MirrorQueryService } from '../mirror-query.service';
import { MirrorSubmissionService } from '../mirror-submission.service';
import { MirrorRequestEntity } from '../persistence/mirror-request.entity';
import { ACTIVE_MIRRORS_OF_TOPIC, MIRROR_REGIONS_OF_TOPIC, MIRROR_SLOTS } from './mirror.loaders';
import { MirrorDecisionInput, MirrorReasonInput, MirrorRequestFilterInput, RequestMirrorInput } from './mirror.inputs';
import { MirrorRequest, MirrorRequestConnection, toMirrorRequest } from './mirror.model';

@Resolver(() => MirrorRequest)
export class MirrorRequestResolver {
  constructor(
    private readonly submissions: MirrorSubmissionService,
    private readonly decisions: MirrorDecisionService,
    private readonly queries: MirrorQueryService,
    private readonly topics: TopicQueryService,
    private readonly teams: TeamService,
    private readonly clusters: ClusterService,
    private readonly clock: Clock,
  ) {}

  @Query(() => MirrorRequest, { description: 'One mirror request the caller may see.' })
  async mirrorRequest(@Caller() caller: Principal, @UuidArg('id', 'The mirror request.') id: string): Promise<MirrorRequest> {
    return this.model(await this.queries.findVisible(caller, id));
  }

  @Query(() => MirrorRequestConnection, {
    description: "Mirror requests the caller may see (admins and stewards: all; others: their teams' and their own), newest first.",
  })
  async mirrorRequests(
    @Caller() caller: Principal,
    @Args('filter', { nullable: true, description: 'Conditions every request returned meets.' }) filter?: MirrorRequestFilterInput,
    @PageSizeArg() first?: number,
    @CursorArg() after?: string,
  ): Promise<Connection<MirrorRequest>> {
    const page = await this.queries.list(caller, filter ?? {}, first ?? 50, after);
    const now = this.clock.now();
    return toConnection(page, (e) => toMirrorRequest(e, now), mirrorCursorOf);
  }

  @Mutation(() => MirrorRequest, {
    description: 'Asks to replicate a topic from its cluster to another; the owners approve, and a steward too across borders.',
  })
  async requestMirror(@Caller() caller: Principal, @Args('input') input: RequestMirrorInput): Promise<MirrorRequest> {
    return this.model(await this.submissions.submit(caller, input));
  }

  @Mutation(() => MirrorRequest, { description: 'Fills an approval slot; the mirror is approved when every slot is.' })
  approveMirrorRequest(@Caller() caller: Principal, @Args('input') input: MirrorDecisionInput): Promise<MirrorRequest> {
    return this.decide(caller, 'approve', input);
  }

  @Mutation(() => MirrorRequest, { description: 'Rejects a pending mirror request with a reason the requester sees.' })
  rejectMirrorRequest(@Caller() caller: Principal, @Args('input') input: MirrorReasonInput): Promise<MirrorRequest> {
    return this.decide(caller, 'reject', input);
  }

  @Mutation(() => MirrorRequest, { description: 'Withdraws a pending mirror request (the requester or the requesting team).' })
  withdrawMirrorRequest(@Caller() caller: Principal, @Args('input') input: MirrorDecisionInput): Promise<MirrorRequest> {
    return this.decide(caller, 'withdraw', input);
  }

  @Mutation(() => MirrorRequest, {
    description: 'Ends an active or suspended mirror early, with a reason (owners, stewards, admins); it leaves the next export.',
  })
  revokeMirror(@Caller() caller: Principal, @Args('input') input: MirrorReasonInput): Promise<MirrorRequest> {
    return this.decide(caller, 'revoke', input);
  }

  @Mutation(() => MirrorRequest, { description: 'Puts an active mirror on hold, with a reason (stewards, admins).' })
  suspendMirror(@Caller() caller: Principal, @Args('input') input: MirrorReasonInput): Promise<MirrorRequest> {
    return this.decide(caller, 'suspend', input);
  }

  @Mutation(() => MirrorRequest, { description: 'Makes a suspended mirror active again until its end, with a reason (stewards, admins).' })
  reinstateMirror(@Caller() caller: Principal, @Args('input') input: MirrorReasonInput): Promise<MirrorRequest> {
    return this.decide(caller, 'reinstate', input);
  }

  @ResolveField(() => Topic, { description: 'The topic mirrored.' })
  async topic(@Parent() request: MirrorRequest, @Loaders() loaders: RequestLoaders): Promise<Topic> {
    return (await loaders.get(TOPIC_BY_ID, this.topics).load(request.topicId))!;
  }

  @ResolveField(() => Cluster, { description: 'The cluster the topic lives on (copied from).' })
  async sourceCluster(@Parent() request: MirrorRequest, @Loaders() loaders: RequestLoaders): Promise<Cluster> {
    return (await loaders.get(CLUSTER_BY_ID, this.clusters).load(request.sourceClusterId))!;
  }

  @ResolveField(() => Cluster, { description: 'The cluster the topic is copied to.' })
  async targetCluster(@Parent() request: MirrorRequest, @Loaders() loaders: RequestLoaders): Promise<Cluster> {
    return (await loaders.get(CLUSTER_BY_ID, this.clusters).load(request.targetClusterId))!;
  }

  @ResolveField(() => Team, { description: 'The team asking.' })
  requestingTeam(@Parent() request: MirrorRequest, @Loaders() loaders: RequestLoaders): Promise<Team> {
    return loaders.get(TEAM_BY_ID, this.teams).load(request.requestingTeamId);
  }

  @ResolveField(() => [ApprovalSlot], { description: 'The approvals this request needs, and who gave them.' })
  slots(@Parent() request: MirrorRequest, @Loaders() loaders: RequestLoaders): Promise<ApprovalSlot[]> {
    return loaders.get(MIRROR_SLOTS, this.queries).load(request.id);
  }

  private async decide(caller: Principal, kind: AccessCommandKind, input: MirrorDecisionInput | MirrorReasonInput): Promise<MirrorRequest> {
    const slot = 'slot' in input ? input.slot : undefined;
    return this.model(await this.decisions.command(caller, input.id, { kind, reason: input.reason, slot }, input.expectedVersion));
  }

  private model(entity: MirrorRequestEntity): MirrorRequest {
    return toMirrorRequest(entity, this.clock.now());
  }
}

/** Mirror fields on the catalogue's Topic type, kept here so the catalogue does not know about mirrors. */
@Resolver(() => Topic)
export class TopicMirrorsResolver {
  constructor(
    private readonly queries: MirrorQueryService,
    private readonly clock: Clock,
  ) {}

  @ResolveField(() => [MirrorRequest], {
    description: 'Active mirrors of the topic (approved, unexpired, not suspended): the clusters that hold a governed copy.',
  })
  async mirrors(@Parent() topic: Topic, @Loaders() loaders: RequestLoaders): Promise<MirrorRequest[]> {
    const rows = await loaders.get(ACTIVE_MIRRORS_OF_TOPIC, this.queries).load(topic.id);
    const now = this.clock.now();
    return rows.map((r) => toMirrorRequest(r, now));
  }

  @ResolveField(() => [String], {
    description: 'Regions where the data is stored: the declared residency plus the region of every active mirror.',
  })
  async effectiveResidency(@Parent() topic: Topic, @Loaders() loaders: RequestLoaders): Promise<string[]> {
    const mirrored = await loaders.get(MIRROR_REGIONS_OF_TOPIC, this.queries).load(topic.id);
    return [...new Set([...topic.residency, ...mirrored])];
  }
}

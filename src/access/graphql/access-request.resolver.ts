import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Principal } from '../../auth/domain/principal';
import { Team } from '../../catalogue/teams/team.model';
import { TeamService } from '../../catalogue/teams/team.service';
import { TopicQueryService } from '../../catalogue/topics/topic-query.service';
import { Topic } from '../../catalogue/topics/topic.model';
import { Connection, toConnection } from '../../graphql/connection';
import { Caller, Loaders } from '../../graphql/graphql-context';
import { RequestLoaders } from '../../graphql/request-loaders';
import { Clock } from '../../kernel/clock';
import { AccessDecisionService } from '../access-decision.service';
import { AccessQueryService, cursorOf } from '../access-query.service';
import { AccessSubmissionService } from '../access-submission.service';
import { AccessCommandKind } from '../domain/access-vocabulary';
import { AccessRequestEntity } from '../persistence/access-request.entity';
import { AccessDecisionInput, AccessReasonInput, AccessRequestFilterInput, RequestAccessInput } from './access.inputs';
import { AccessRequest, AccessRequestConnection, ApprovalSlot, toAccessRequest } from './access.model';
import { CursorArg, PageSizeArg, UuidArg } from '../../graphql/input-args';
import { APPROVAL_SLOTS } from './access.loaders';
import { TEAM_BY_ID } from '../../catalogue/teams/team.loaders';
import { TOPIC_BY_ID } from '../../catalogue/topics/topic.loaders';

@Resolver(() => AccessRequest)
export class AccessRequestResolver {
  constructor(
    private readonly submissions: AccessSubmissionService,
    private readonly decisions: AccessDecisionService,
    private readonly queries: AccessQueryService,
    private readonly topics: TopicQueryService,
    private readonly teams: TeamService,
    private readonly clock: Clock,
  ) {}

  @Query(() => AccessRequest, { description: 'One access request the caller may see.' })
  async accessRequest(@Caller() caller: Principal, @UuidArg('id', 'The access request.') id: string): Promise<AccessRequest> {
    return this.model(await this.queries.findVisible(caller, id));
  }

  @Query(() => AccessRequestConnection, {
    description: "Access requests the caller may see (admins and stewards: all; others: their teams' and their own), newest first.",
  })
  async accessRequests(
    @Caller() caller: Principal,
    @Args('filter', { nullable: true, description: 'Conditions every request returned meets.' }) filter?: AccessRequestFilterInput,
    @PageSizeArg() first?: number,
    @CursorArg() after?: string,
  ): Promise<Connection<AccessRequest>> {
    return this.connection(await this.queries.list(caller, filter ?? {}, first ?? 50, after));
  }

  @Query(() => AccessRequestConnection, { description: 'Pending requests with a slot the caller may fill now, newest first.' })
  async myPendingApprovals(
    @Caller() caller: Principal,
    @PageSizeArg() first?: number,
    @CursorArg() after?: string,
  ): Promise<Connection<AccessRequest>> {
    return this.connection(await this.queries.pendingApprovals(caller, first ?? 50, after));
  }

  @Mutation(() => AccessRequest, {
    description:
      'Asks for READ or WRITE access to a topic for a team (its members). OPEN topics without a cross-border transfer are granted at once.',
  })
  async requestAccess(@Caller() caller: Principal, @Args('input') input: RequestAccessInput): Promise<AccessRequest> {
    return this.model(await this.submissions.submit(caller, input));
  }

  @Mutation(() => AccessRequest, { description: 'Fills an approval slot; the request is approved when every slot is.' })
  approveAccessRequest(@Caller() caller: Principal, @Args('input') input: AccessDecisionInput): Promise<AccessRequest> {
    return this.decide(caller, 'approve', input);
  }

  @Mutation(() => AccessRequest, { description: 'Rejects a pending request with a reason the requester sees.' })
  rejectAccessRequest(@Caller() caller: Principal, @Args('input') input: AccessReasonInput): Promise<AccessRequest> {
    return this.decide(caller, 'reject', input);
  }

  @Mutation(() => AccessRequest, { description: 'Withdraws a pending request (the requester or the requesting team).' })
  withdrawAccessRequest(@Caller() caller: Principal, @Args('input') input: AccessDecisionInput): Promise<AccessRequest> {
    return this.decide(caller, 'withdraw', input);
  }

  @Mutation(() => AccessRequest, { description: 'Ends an active or suspended grant early, with a reason (owners, stewards, admins).' })
  revokeGrant(@Caller() caller: Principal, @Args('input') input: AccessReasonInput): Promise<AccessRequest> {
    return this.decide(caller, 'revoke', input);
  }

  @Mutation(() => AccessRequest, { description: 'Puts an active grant on hold, with a reason (stewards, admins).' })
  suspendGrant(@Caller() caller: Principal, @Args('input') input: AccessReasonInput): Promise<AccessRequest> {
    return this.decide(caller, 'suspend', input);
  }

  @Mutation(() => AccessRequest, { description: 'Makes a suspended grant active again until its end, with a reason (stewards, admins).' })
  reinstateGrant(@Caller() caller: Principal, @Args('input') input: AccessReasonInput): Promise<AccessRequest> {
    return this.decide(caller, 'reinstate', input);
  }

  @ResolveField(() => Topic, { description: 'The topic asked for.' })
  async topic(@Parent() request: AccessRequest, @Loaders() loaders: RequestLoaders): Promise<Topic> {
    return (await loaders.get(TOPIC_BY_ID, this.topics).load(request.topicId))!;
  }

  @ResolveField(() => Team, { description: 'The team asking.' })
  requestingTeam(@Parent() request: AccessRequest, @Loaders() loaders: RequestLoaders): Promise<Team> {
    return loaders.get(TEAM_BY_ID, this.teams).load(request.requestingTeamId);
  }

  @ResolveField(() => [ApprovalSlot], { description: 'The approvals this request needs, and who gave them.' })
  slots(@Parent() request: AccessRequest, @Loaders() loaders: RequestLoaders): Promise<ApprovalSlot[]> {
    return loaders.get(APPROVAL_SLOTS, this.queries).load(request.id);
  }

  private async decide(caller: Principal, kind: AccessCommandKind, input: AccessDecisionInput | AccessReasonInput): Promise<AccessRequest> {
    const slot = 'slot' in input ? input.slot : undefined;
    return this.model(await this.decisions.command(caller, input.id, { kind, reason: input.reason, slot }, input.expectedVersion));
  }

  private model(entity: AccessRequestEntity): AccessRequest {
    return toAccessRequest(entity, this.clock.now());
  }

  private connection(page: { items: AccessRequestEntity[]; hasNextPage: boolean; endCursor?: string; totalCount: number }) {
    const now = this.clock.now();
    return toConnection(page, (e) => toAccessRequest(e, now), cursorOf);
  }
}

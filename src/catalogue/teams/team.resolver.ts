import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { isAdmin, isMemberOf, isSteward, Principal } from '../../auth/domain/principal';
import { Caller, Loaders } from '../../graphql/graphql-context';
import { RequestLoaders } from '../../graphql/request-loaders';
import { forbidden } from '../../kernel/domain-error';
import { CreateTeamInput, RenameTeamInput, TeamMemberInput } from './team.inputs';
import { Team, TeamMember } from './team.model';
import { TeamService } from './team.service';
import { TEAM_MEMBERS } from './team.loaders';

@Resolver(() => Team)
export class TeamResolver {
  constructor(private readonly teamService: TeamService) {}

  @Query(() => Team, { description: 'One team by slug.' })
  team(@Caller() _caller: Principal, @Args('slug') slug: string): Promise<Team> {
    return this.teamService.findBySlug(slug);
  }

  @Query(() => [Team], { description: 'Every team, by slug.' })
  teams(@Caller() _caller: Principal): Promise<Team[]> {
    return this.teamService.list();
  }

  @Mutation(() => Team, { description: 'Creates a team (admins).' })
  createTeam(@Caller() caller: Principal, @Args('input') input: CreateTeamInput): Promise<Team> {
    return this.teamService.create(caller, input.slug, input.name);
  }

  @Mutation(() => Team, { description: 'Changes the display name of a team (admins).' })
  renameTeam(@Caller() caller: Principal, @Args('input') input: RenameTeamInput): Promise<Team> {
    return this.teamService.rename(caller, input.slug, input.name, input.expectedVersion);
  }

  @Mutation(() => Team, { description: 'Adds a user to a team (admins).' })
  addTeamMember(@Caller() caller: Principal, @Args('input') input: TeamMemberInput): Promise<Team> {
    return this.teamService.addMember(caller, input.slug, input.username);
  }

  @Mutation(() => Team, { description: 'Removes a user from a team (admins).' })
  removeTeamMember(@Caller() caller: Principal, @Args('input') input: TeamMemberInput): Promise<Team> {
    return this.teamService.removeMember(caller, input.slug, input.username);
  }

  @ResolveField(() => [TeamMember], { description: 'Members; visible to admins, stewards and the team itself.' })
  members(@Parent() team: Team, @Caller() caller: Principal, @Loaders() loaders: RequestLoaders): Promise<TeamMember[]> {
    if (!isAdmin(caller) && !isSteward(caller) && !isMemberOf(caller, team.slug)) {
      throw forbidden(`Only admins, stewards and members of team '${team.slug}' can see its members.`);
    }
    return loaders.get(TEAM_MEMBERS, this.teamService).load(team.id);
  }
}

import { defineLoader } from '../../graphql/request-loaders';
import { TeamService } from './team.service';

export const TEAM_BY_ID = defineLoader((teams: TeamService, ids: readonly string[]) => teams.byIds(ids));
export const TEAM_MEMBERS = defineLoader((teams: TeamService, ids: readonly string[]) => teams.membersOf(ids));

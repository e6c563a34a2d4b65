import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Principal } from '../../auth/domain/principal';
import { Caller, Loaders } from '../../graphql/graphql-context';
import { RequestLoaders } from '../../graphql/request-loaders';
import { Team } from '../teams/team.model';
import { TeamService } from '../teams/team.service';
import { CreateCatalogueEntityInput, UpdateCatalogueEntityInput } from './entity.inputs';
import { CatalogueEntityModel } from './entity.model';
import { EntityService } from './entity.service';
import { TEAM_BY_ID } from '../teams/team.loaders';

@Resolver(() => CatalogueEntityModel)
export class EntityResolver {
  constructor(
    private readonly entities: EntityService,
    private readonly teams: TeamService,
  ) {}

  @Query(() => [CatalogueEntityModel], { description: 'Every declared system-of-record entity, by name.' })
  catalogueEntities(@Caller() _caller: Principal): Promise<CatalogueEntityModel[]> {
    return this.entities.list();
  }

  @Query(() => CatalogueEntityModel, { description: 'One entity by name (without case).' })
  catalogueEntity(@Caller() _caller: Principal, @Args('name') name: string): Promise<CatalogueEntityModel> {
    return this.entities.findByName(name);
  }

  @Mutation(() => CatalogueEntityModel, {
    description: 'Declares a system-of-record entity (members of the owning team, stewards, admins).',
  })
  createCatalogueEntity(@Caller() caller: Principal, @Args('input') input: CreateCatalogueEntityInput): Promise<CatalogueEntityModel> {
    const { name, ownerTeam, ...details } = input;
    return this.entities.create(caller, name, ownerTeam, details);
  }

  @Mutation(() => CatalogueEntityModel, { description: 'Changes an entity (members of the owning team, stewards, admins).' })
  updateCatalogueEntity(@Caller() caller: Principal, @Args('input') input: UpdateCatalogueEntityInput): Promise<CatalogueEntityModel> {
    const { name, expectedVersion, ...change } = input;
    return this.entities.update(caller, name, change, expectedVersion);
  }

  @Mutation(() => CatalogueEntityModel, {
    description: 'Removes an entity from the catalogue (members of the owning team, stewards, admins).',
  })
  deleteCatalogueEntity(@Caller() caller: Principal, @Args('name') name: string): Promise<CatalogueEntityModel> {
    return this.entities.delete(caller, name);
  }

  @ResolveField(() => Team, { description: 'The team that owns the entity.' })
  owner(@Parent() entity: CatalogueEntityModel, @Loaders() loaders: RequestLoaders): Promise<Team> {
    return loaders.get(TEAM_BY_ID, this.teams).load(entity.ownerTeamId);
  }
}

import { ClusterEntity } from './clusters/cluster.entity';
import { CatalogueEntityEntity } from './entities/catalogue-entity.entity';
import { TeamEntity, TeamMemberEntity } from './teams/team.entity';
import { TopicEntity } from './topics/topic.entity';

/** The catalogue's tables, for whoever opens the database. */
export const CATALOGUE_ENTITIES = [TeamEntity, TeamMemberEntity, TopicEntity, CatalogueEntityEntity, ClusterEntity];

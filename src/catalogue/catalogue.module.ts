import { Module } from '@nestjs/common';
import { ClusterResolver, TopicClusterResolver } from './clusters/cluster.resolver';
import { ClusterService } from './clusters/cluster.service';
import { TeamResolver } from './teams/team.resolver';
import { TeamService } from './teams/team.service';
import { TopicChangeListeners } from './topics/topic-change-listeners';
import { TopicQueryService } from './topics/topic-query.service';
import { TeamTopicsResolver, TopicResolver } from './topics/topic.resolver';
import { TopicService } from './topics/topic.service';

/** Teams and topics: the catalogue a developer portal reads. */
@Module({
  providers: [
    TeamService,
    TeamResolver,
    TopicChangeListeners,
    TopicService,
    TopicQueryService,
    TopicResolver,
    TeamTopicsResolver,
    ClusterService,
    ClusterResolver,
    TopicClusterResolver,
  ],
  exports: [TeamService, TopicChangeListeners, TopicService, TopicQueryService, ClusterService],
})
export class CatalogueModule {}

import { Module } from '@nestjs/common';
import { TeamResolver } from './teams/team.resolver';
import { TeamService } from './teams/team.service';
import { TopicChangeListeners } from './topics/topic-change-listeners';

@Module({ providers: [TeamService, TeamResolver, TopicChangeListeners], exports: [TeamService, TopicChangeListeners] })
export class CatalogueModule {}

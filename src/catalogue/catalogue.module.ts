import { Module } from '@nestjs/common';
import { TeamResolver } from './teams/team.resolver';
import { TeamService } from './teams/team.service';

@Module({ providers: [TeamService, TeamResolver], exports: [TeamService] })
export class CatalogueModule {}

import { Module } from '@nestjs/common';
import { RegistryModule } from '../../registry/registry.module';
import { SchemaVersionResolver, TopicSchemasResolver, TopicSubjectResolver } from './topic-schemas.resolver';

/**
 * The link from catalogue topics to their registry subjects. A module of its own because the
 * registry depends on the catalogue (subject write rights), so the catalogue cannot depend back.
 */
@Module({
  imports: [RegistryModule],
  providers: [TopicSchemasResolver, TopicSubjectResolver, SchemaVersionResolver],
})
export class CatalogueSchemasModule {}

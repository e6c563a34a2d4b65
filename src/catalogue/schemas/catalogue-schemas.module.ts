import { Module } from '@nestjs/common';
import { SchemaVersionResolver, TopicSchemasResolver, TopicSubjectResolver } from './topic-schemas.resolver';

/**
 * The link from catalogue topics to their registry subjects (whose services the composition
 * provides globally). A module of its own because the registry depends on the catalogue (subject
 * write rights), so the catalogue module cannot depend back.
 */
@Module({
  providers: [TopicSchemasResolver, TopicSubjectResolver, SchemaVersionResolver],
})
export class CatalogueSchemasModule {}

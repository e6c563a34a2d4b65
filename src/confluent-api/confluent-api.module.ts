import { Module } from '@nestjs/common';
import { OperationsModule } from '../operations/operations.module';
import { UsageRecorderModule } from '../usage/usage-recorder.module';
import { UsageModule } from '../usage/usage.module';
import { CompatibilityController } from './compatibility.controller';
import { RegistryRootController } from './registry-root.controller';
import { SchemaByIdFastPath } from './schema-by-id-fast-path';
import { SchemasController } from './schemas.controller';
import { SettingsController } from './settings.controller';
import { SubjectsController } from './subjects.controller';

/**
 * The Confluent Schema Registry REST protocol over the registry's services (which the composition
 * provides once, globally): the controllers and the schema-by-id fast path in front of them.
 */
@Module({
  imports: [OperationsModule, UsageRecorderModule, UsageModule],
  controllers: [SubjectsController, SchemasController, SettingsController, CompatibilityController, RegistryRootController],
  providers: [SchemaByIdFastPath],
  exports: [SchemaByIdFastPath],
})
export class ConfluentApiModule {}

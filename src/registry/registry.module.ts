import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { OperationsModule } from '../operations/operations.module';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { CompatibilityController } from '../confluent-api/compatibility.controller';
import { RegistryRootController } from '../confluent-api/registry-root.controller';
import { SchemaByIdFastPath } from '../confluent-api/schema-by-id-fast-path';
import { SchemasController } from '../confluent-api/schemas.controller';
import { SettingsController } from '../confluent-api/settings.controller';
import { SubjectsController } from '../confluent-api/subjects.controller';
import { CompatibilityCheckService } from './compatibility-check.service';
import { RegistryAccess } from './registry-access';
import { RegistryQueryService } from './registry-query.service';
import { RegistrySettingsService } from './registry-settings.service';
import { ContractAdmissionPolicy } from '../catalogue/contracts/contract-admission.policy';
import { SchemaAdmissionPolicy } from './schema-admission-policy';
import { SchemaCache } from './schema-cache';
import { ServableIds } from './servable-ids';
import { DegradedReads } from './degraded-reads';
import { SchemaLookupService } from './schema-lookup.service';
import { SchemaRegistrationService } from './schema-registration.service';
import { SchemaResolver } from './schema-resolver';
import { SubjectDeletionService } from './subject-deletion.service';
import { SubjectHistoryService } from './subject-history.service';

const CONTROLLERS = [SubjectsController, SchemasController, SettingsController, CompatibilityController, RegistryRootController];

/** The Confluent-compatible schema registry: services here, REST controllers in confluent-api/. */
@Module({
  imports: [AuditModule, CatalogueModule, OperationsModule],
  controllers: CONTROLLERS,
  providers: [
    RegistryAccess,
    SchemaCache,
    ServableIds,
    DegradedReads,
    SchemaResolver,
    RegistrySettingsService,
    RegistryQueryService,
    SchemaLookupService,
    SchemaRegistrationService,
    SubjectDeletionService,
    CompatibilityCheckService,
    SubjectHistoryService,
    SchemaByIdFastPath,
    // The replica guard: topics' payload contracts decide next to compatibility.
    { provide: SchemaAdmissionPolicy, useClass: ContractAdmissionPolicy },
  ],
  exports: [SchemaByIdFastPath, SubjectHistoryService, RegistryQueryService, SchemaRegistrationService, RegistrySettingsService, SchemaResolver, SchemaAdmissionPolicy],
})
export class RegistryModule {}

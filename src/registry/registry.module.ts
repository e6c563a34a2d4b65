import { DynamicModule, Module, ModuleMetadata, Type } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { OperationsModule } from '../operations/operations.module';
import { CompatibilityCheckService } from './compatibility-check.service';
import { DegradedReads } from './degraded-reads';
import { RegistryAccess } from './registry-access';
import { RegistryChangeFeed } from './registry-change.feed';
import { RegistryQueryService } from './registry-query.service';
import { RegistrySettingsService } from './registry-settings.service';
import { AdmitAllPolicy, SchemaAdmissionPolicy } from './schema-admission-policy';
import { OpenReadPolicy, OpenSchemaIds, SchemaReadPolicy } from './schema-read-policy';
import { SchemaCache } from './schema-cache';
import { SchemaLookupService } from './schema-lookup.service';
import { SchemaRegistrationService } from './schema-registration.service';
import { SchemaResolver } from './schema-resolver';
import { ServableIds } from './servable-ids';
import { SubjectDeletionService } from './subject-deletion.service';
import { SubjectHistoryService } from './subject-history.service';
import { SubjectVersionCache } from './subject-version-cache';

export interface RegistryOptions {
  /** What decides next to compatibility whether a version may be stored; admits all when absent. */
  admissionPolicy?: Type<SchemaAdmissionPolicy>;
  /** Who may read which subjects' schemas when reads require rights; everything is readable when absent. */
  readPolicy?: Type<SchemaReadPolicy>;
  /** The modules the policy's own dependencies come from. */
  imports?: ModuleMetadata['imports'];
}

const SERVICES = [
  RegistryAccess,
  SchemaCache,
  ServableIds,
  DegradedReads,
  SubjectVersionCache,
  RegistryChangeFeed,
  SchemaResolver,
  RegistrySettingsService,
  RegistryQueryService,
  SchemaLookupService,
  SchemaRegistrationService,
  SubjectDeletionService,
  CompatibilityCheckService,
  SubjectHistoryService,
  OpenSchemaIds,
];

/**
 * The schema registry's services. Its protocols sit above it (confluent-api/ for REST, the
 * catalogue's resolvers for GraphQL), and the admission policy is plugged in by whoever assembles
 * the app, so the registry itself depends on neither. Registered once, globally, because the
 * policy makes it a configured module that every reader must share.
 */
@Module({})
export class RegistryModule {
  static forRoot(options: RegistryOptions = {}): DynamicModule {
    return {
      module: RegistryModule,
      global: true,
      imports: [CatalogueModule, OperationsModule, ...(options.imports ?? [])],
      providers: [
        ...SERVICES,
        { provide: SchemaAdmissionPolicy, useClass: options.admissionPolicy ?? AdmitAllPolicy },
        { provide: SchemaReadPolicy, useClass: options.readPolicy ?? OpenReadPolicy },
      ],
      exports: [...SERVICES, SchemaAdmissionPolicy, SchemaReadPolicy],
    };
  }
}

import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AccessModule } from './access/access.module';
import { GrantSchemaReadPolicy } from './access/grant-schema-read.policy';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CatalogueModule } from './catalogue/catalogue.module';
import { CatalogueSchemasModule } from './catalogue/schemas/catalogue-schemas.module';
import type { AppStarter } from './continuity/drill-answers';
import { ContinuityModule } from './continuity/continuity.module';
import { ContractAdmissionPolicy } from './contracts/contract-admission.policy';
import { ContractsModule } from './contracts/contracts.module';
import { AsyncapiModule } from './catalogue/export/asyncapi.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { ConfluentApiModule } from './confluent-api/confluent-api.module';
import { DatabaseModule } from './database/database.module';
import { FederationModule } from './federation/federation.module';
import { MirrorsModule } from './federation/mirrors/mirrors.module';
import { Database } from './database/open-database';
import { GraphqlSetupModule } from './graphql/graphql-setup.module';
import { AppExceptionFilter } from './http/exception.filter';
import { HttpModule } from './http/http.module';
import { KeysModule } from './keys/keys.module';
import { ClockModule } from './clock.module';
import { OperationsModule } from './operations/operations.module';
import { PortalModule } from './portal/portal.module';
import { RegistryModule } from './registry/registry.module';

/**
 * Composition only: which modules make up Charter. What runs around every request (request id,
 * authentication, metrics, access log, security headers) is installed on Fastify in create-app.
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, database: Database, startApp: AppStarter): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(database),
        ClockModule,
        HttpModule,
        AuditModule,
        AuthModule,
        GraphqlSetupModule,
        CatalogueModule,
        OperationsModule,
        // The replica guard: topics' payload contracts decide next to compatibility; grants decide
        // who reads RESTRICTED topics' schemas when the operator asks for it.
        RegistryModule.forRoot({ admissionPolicy: ContractAdmissionPolicy, readPolicy: GrantSchemaReadPolicy }),
        ConfluentApiModule,
        CatalogueSchemasModule,
        ContractsModule,
        AccessModule,
        MirrorsModule,
        KeysModule,
        AsyncapiModule,
        PortalModule,
        ContinuityModule.forRoot(startApp),
        FederationModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: AppExceptionFilter }],
    };
  }
}

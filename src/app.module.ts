import { randomUUID } from 'node:crypto';
import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AccessModule } from './access/access.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { AuthenticationMiddleware } from './auth/authentication.middleware';
import { CatalogueModule } from './catalogue/catalogue.module';
import { CatalogueSchemasModule } from './catalogue/schemas/catalogue-schemas.module';
import { ContractsModule } from './catalogue/contracts/contracts.module';
import { AsyncapiModule } from './catalogue/export/asyncapi.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { Database } from './database/open-database';
import { GraphqlSetupModule } from './graphql/graphql-setup.module';
import { AppExceptionFilter } from './http/exception.filter';
import { accessLogLevel } from './http/access-log';
import { HttpModule } from './http/http.module';
import { ClockModule } from './clock.module';
import { MetricsMiddleware } from './operations/metrics';
import { OperationsModule } from './operations/operations.module';
import { RegistryModule } from './registry/registry.module';

/** Composition only: which modules make up Charter and what runs before every request. */
@Module({})
export class AppModule implements NestModule {
  static forRoot(config: AppConfig, database: Database): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(database),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            genReqId: (req, res) => {
              const id = (req.headers['x-request-id'] as string | undefined) ?? randomUUID();
              res.setHeader('x-request-id', id);
              return id;
            },
            // Credentials never reach the log.
            redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'],
            autoLogging: { ignore: (req) => req.url?.startsWith('/health') ?? false },
            customLogLevel: accessLogLevel,
          },
        }),
        ClockModule,
        HttpModule,
        AuditModule,
        AuthModule,
        GraphqlSetupModule,
        CatalogueModule,
        OperationsModule,
        RegistryModule,
        CatalogueSchemasModule,
        ContractsModule,
        AccessModule,
        AsyncapiModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: AppExceptionFilter }],
    };
  }

  configure(consumer: MiddlewareConsumer) {
    consumer.apply(MetricsMiddleware, AuthenticationMiddleware).forRoutes('*path');
  }
}

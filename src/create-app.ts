import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { AuthenticationMiddleware } from './auth/authentication.middleware';
import { BootstrapAdmin } from './auth/bootstrap-admin';
import { rewriteContextUrl } from './confluent-api/context-path';
import { SchemaByIdFastPath } from './confluent-api/schema-by-id-fast-path';
import { AppConfig } from './config/app-config';
import { CHARTER_SCHEMA } from './database-schema';
import { migrate } from './database/migrate';
import { Database, openDatabase } from './database/open-database';
import { inputValidationPipe } from './graphql/validation';
import { createLogger, NestPinoLogger } from './http/app-logger';
import { registerBodyParsers } from './http/body-parsers';
import { fastifyOptions } from './http/fastify-options';
import { installRequestPipeline } from './http/request-pipeline';
import { installSecurityHeaders } from './http/security-headers';
import { installRegistryMedia } from './confluent-api/registry-media';
import { Metrics } from './operations/metrics';

/**
 * Builds the whole application on an opened and migrated database, for `main` and for the tests
 * alike, so that tests exercise exactly what runs in production. The app is initialised and its
 * Fastify instance ready: `app.getHttpServer()` answers requests before `listen`.
 */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const database = await openDatabase(config, CHARTER_SCHEMA);
  try {
    await migrate(database);
    return await startApp(config, database);
  } catch (err) {
    await database.close();
    throw err;
  }
}

/**
 * The application on a database that is already open and migrated; restore drills start one on
 * the restored copy to compare its answers. The app closes the database when it shuts down.
 */
export async function startApp(config: AppConfig, database: Database): Promise<NestFastifyApplication> {
  const logger = createLogger(config);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, database, startApp),
    // Confluent's context base URLs (`/contexts/.eu/subjects/...`) are rewritten before routing.
    new FastifyAdapter({ ...fastifyOptions(config, logger), rewriteUrl: (req: IncomingMessage) => rewriteContextUrl(req.url ?? '/') }),
    {
      bufferLogs: true,
      // A failure while the modules start is thrown to the caller, which logs it through the
      // redacting logger; Nest would otherwise print it with its console logger and exit.
      abortOnError: false,
      autoFlushLogs: false,
      bodyParser: false,
    },
  );
  app.useLogger(new NestPinoLogger(logger));
  app.flushLogs();
  const fastify = app.getHttpAdapter().getInstance();
  registerBodyParsers(fastify);
  installSecurityHeaders(fastify);
  installRegistryMedia(fastify);
  installRequestPipeline(fastify, {
    authentication: app.get(AuthenticationMiddleware),
    metrics: app.get(Metrics),
    jurisdiction: config.federation.jurisdiction,
    region: config.federation.region,
  });
  app.useGlobalPipes(inputValidationPipe());
  app.enableShutdownHooks();
  await app.init();
  await fastify.ready();
  app.get(SchemaByIdFastPath).install(app.getHttpServer(), logger);
  await app.get(BootstrapAdmin).ensureAdminToken();
  return app;
}

import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { BootstrapAdmin } from './auth/bootstrap-admin';
import { SchemaByIdFastPath } from './confluent-api/schema-by-id-fast-path';
import { AppConfig } from './config/app-config';
import { migrate } from './database/migrate';
import { openDatabase } from './database/open-database';
import { inputValidationPipe } from './graphql/validation';

/** Media types whose bodies are JSON: plain JSON and the Schema Registry's own types. */
export const JSON_MEDIA_TYPES = [
  'application/json',
  'application/vnd.schemaregistry.v1+json',
  'application/vnd.schemaregistry+json',
];

/**
 * Builds the whole application on an opened and migrated database, for `main` and for the tests
 * alike, so that tests exercise exactly what runs in production.
 */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const database = await openDatabase(config);
  try {
    await migrate(database);
    const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, database), {
      bufferLogs: true,
      // A failure while the modules start is thrown to the caller, which logs it through the
      // redacting logger; Nest would otherwise print it with its console logger and exit.
      abortOnError: false,
      autoFlushLogs: false,
      bodyParser: false,
    });
    app.useLogger(app.get(Logger));
    app.flushLogs();
    // Neither is part of the registry protocol; both cost work on every response.
    app.set('etag', false);
    app.disable('x-powered-by');
    app.get(SchemaByIdFastPath).install(app.getHttpServer());
    app.useBodyParser('json', { limit: config.maxBodyBytes, type: JSON_MEDIA_TYPES });
    app.useGlobalPipes(inputValidationPipe());
    app.enableShutdownHooks();
    await app.get(BootstrapAdmin).ensureAdminToken();
    return app;
  } catch (err) {
    await database.close();
    throw err;
  }
}

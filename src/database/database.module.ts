import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Database } from './open-database';

export const DATABASE = Symbol('DATABASE');

/** Closes the pool (or the embedded database) after the HTTP server has drained. */
@Injectable()
class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async onApplicationShutdown() {
    // Always, not only while the data source is up: the embedded folder's lock goes with it.
    await this.database.close();
  }
}

/** Hands the opened and migrated database to the app, which closes it when it shuts down. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(database: Database): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [{ provide: DATABASE, useValue: database }, { provide: DataSource, useValue: database.dataSource }, DatabaseLifecycle],
      exports: [DATABASE, DataSource],
    };
  }
}

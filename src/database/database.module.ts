import { DynamicModule, Global, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Database } from './open-database';

export const DATABASE = Symbol('DATABASE');

/** Hands the already opened database to the app; whoever opened it (main or a test) closes it. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(database: Database): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: DATABASE, useValue: database },
        { provide: DataSource, useValue: database.dataSource },
      ],
      exports: [DATABASE, DataSource],
    };
  }
}

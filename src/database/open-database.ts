import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { AppConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { openEmbeddedDatabase } from './embedded-database';
import { listenEmbedded, listenOnServer, NotificationHandlers, NotificationListener } from './notification-listener';
import { pglitePgModule } from './pglite-pool';
import { StatementCounter } from './statement-counter';

export interface Database {
  dataSource: DataSource;
  kind: 'postgres' | 'embedded';
  close(): Promise<void>;
  /** Hears NOTIFY on `channel`, for changes other replicas (or this one) make to cached state. */
  listen(channel: string, handlers: NotificationHandlers): Promise<NotificationListener>;
}

/**
 * The one way to reach the database, for the app and the CLI alike: PostgreSQL through `pg` when
 * DATABASE_URL is set, otherwise the embedded PGlite in the data folder, with the same migrations.
 */
export async function openDatabase(config: AppConfig): Promise<Database> {
  const common = {
    type: 'postgres' as const,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'charter_migrations',
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logging: false,
    logger: new StatementCounter(),
    // PGlite has no uuid-ossp; the schema uses gen_random_uuid() instead (built in since PG 13).
    installExtensions: false,
  };
  if (config.database.url) {
    const dataSource = new DataSource({
      ...common,
      url: config.database.url,
      poolSize: config.database.poolSize,
      applicationName: 'charter',
    });
    await dataSource.initialize();
    const url = config.database.url;
    return {
      dataSource,
      kind: 'postgres',
      close: () => dataSource.destroy(),
      listen: async (channel, handlers) => listenOnServer(url, channel, handlers),
    };
  }
  const pglite = await openEmbeddedDatabase(config.dataDir);
  const dataSource = new DataSource({ ...common, driver: pglitePgModule(pglite), database: 'postgres' });
  await dataSource.initialize();
  return {
    dataSource,
    kind: 'embedded',
    close: async () => {
      await dataSource.destroy();
      await pglite.close();
    },
    listen: (channel, handlers) => listenEmbedded(pglite, dataSource, channel, handlers),
  };
}

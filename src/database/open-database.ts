import { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { openEmbeddedDatabase } from './embedded-database';
import { listenEmbedded, NotificationHandlers, NotificationListener, serverListener } from './notification-listener';
import { pglitePgModule } from './pglite-pool';
import { StatementCounter } from './statement-counter';

/** How long a request waits for a database connection before it is told the service is unavailable. */
const CONNECT_TIMEOUT_MS = 5_000;

export interface Database {
  dataSource: DataSource;
  kind: 'postgres' | 'embedded';
  /** The tables it was opened with: a scratch copy (restore drills) is opened with the same. */
  schema: DatabaseSchema;
  close(): Promise<void>;
  /** Hears NOTIFY on `channel`, for changes other replicas (or this one) make to cached state. */
  listen(channel: string, handlers: NotificationHandlers): Promise<NotificationListener>;
}

/** What the database holds: the entities to map and the migrations that create their tables. */
export interface DatabaseSchema {
  entities: NonNullable<DataSourceOptions['entities']>;
  migrations: NonNullable<DataSourceOptions['migrations']>;
}

/**
 * The one way to reach the database, for the app and the CLI alike: PostgreSQL through `pg` when
 * DATABASE_URL is set, otherwise the embedded PGlite in the data folder, with the same migrations.
 * The embedded database belongs to one process at a time: opening a folder that another process
 * (a server or an operator command) has open throws a DataDirInUseError naming that process.
 */
export async function openDatabase(config: AppConfig, schema: DatabaseSchema): Promise<Database> {
  const common = {
    type: 'postgres' as const,
    entities: schema.entities,
    migrations: schema.migrations,
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
      // A primary that vanished without closing its sockets (a failed host, a moved address) must
      // not hold requests forever: waiting for a connection gives up after this, and the request
      // answers 503. Broken connections leave the pool when released, so a database that comes
      // back (or a new primary at the same address) is reached again without a restart.
      connectTimeoutMS: CONNECT_TIMEOUT_MS,
      extra: { keepAlive: true },
    });
    await dataSource.initialize();
    const listen = serverListener(config.database.url);
    return {
      dataSource,
      kind: 'postgres',
      schema,
      close: async () => {
        if (dataSource.isInitialized) await dataSource.destroy();
      },
      listen,
    };
  }
  const embedded = await openEmbeddedDatabase(config.dataDir);
  const dataSource = new DataSource({ ...common, driver: pglitePgModule(embedded.db), database: 'postgres' });
  try {
    await dataSource.initialize();
  } catch (err) {
    await embedded.close();
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    dataSource,
    kind: 'embedded',
    schema,
    // Once only, whoever asks first (the app on shutdown, or its start-up failing): the folder is
    // handed back after the database has written everything.
    close: () =>
      (closing ??= (async () => {
        try {
          if (dataSource.isInitialized) await dataSource.destroy();
        } finally {
          await embedded.close();
        }
      })()),
    listen: (channel, handlers) => listenEmbedded(embedded.db, dataSource, channel, handlers),
  };
}

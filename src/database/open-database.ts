import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { AppConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { openEmbeddedDatabase } from './embedded-database';
import { pglitePgModule } from './pglite-pool';
import { StatementCounter } from './statement-counter';

/** How long a request waits for a database connection before it is told the service is unavailable. */
const CONNECT_TIMEOUT_MS = 5_000;

export interface Database {
  dataSource: DataSource;
  kind: 'postgres' | 'embedded';
  close(): Promise<void>;
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
      // A primary that vanished without closing its sockets (a failed host, a moved address) must
      // not hold requests forever: waiting for a connection gives up after this, and the request
      // answers 503. Broken connections leave the pool when released, so a database that comes
      // back (or a new primary at the same address) is reached again without a restart.
      connectTimeoutMS: CONNECT_TIMEOUT_MS,
      extra: { keepAlive: true },
    });
    await dataSource.initialize();
    return { dataSource, kind: 'postgres', close: () => dataSource.destroy() };
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
  };
}

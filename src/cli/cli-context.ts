import type { ApiTokenService } from '../auth/api-token.service';
import type { AuditService } from '../audit/audit.service';
import type { AppConfig } from '../config/app-config';
import type { Database } from '../database/open-database';

/** The services an operator command needs, on the same database the service uses. */
export interface CliContext {
  config: AppConfig;
  database: Database;
  audit: AuditService;
  tokens: ApiTokenService;
}

/**
 * Opens the database and the services for one operator command. They are loaded here, on use,
 * so that `charter check` in a CI job does not pay for TypeORM and the database drivers.
 */
export async function withCliContext<T>(fn: (ctx: CliContext) => Promise<T>): Promise<T> {
  const [{ loadConfig }, { openDatabase }, { CHARTER_SCHEMA }, { SystemClock }, { AuditService }, { ApiTokenService }] = await Promise.all([
    import('../config/app-config'),
    import('../database/open-database'),
    import('../database-schema'),
    import('../kernel/clock'),
    import('../audit/audit.service'),
    import('../auth/api-token.service'),
  ]);
  const config = loadConfig();
  const database = await openDatabase(config, CHARTER_SCHEMA);
  try {
    const clock = new SystemClock();
    const audit = new AuditService(database.dataSource, clock);
    const tokens = new ApiTokenService(database.dataSource, audit, clock, config);
    return await fn({ config, database, audit, tokens });
  } finally {
    await database.close();
  }
}

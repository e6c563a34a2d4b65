import { ApiTokenService } from '../auth/api-token.service';
import { AuditService } from '../audit/audit.service';
import { AppConfig, loadConfig } from '../config/app-config';
import { openDatabase, Database } from '../database/open-database';
import { SystemClock } from '../kernel/clock';

/** The services an operator command needs, on the same database the service uses. */
export interface CliContext {
  config: AppConfig;
  database: Database;
  audit: AuditService;
  tokens: ApiTokenService;
}

export async function withCliContext<T>(fn: (ctx: CliContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase(config);
  try {
    const clock = new SystemClock();
    const audit = new AuditService(database.dataSource, clock);
    const tokens = new ApiTokenService(database.dataSource, audit, clock);
    return await fn({ config, database, audit, tokens });
  } finally {
    await database.close();
  }
}

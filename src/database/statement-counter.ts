import { Logger } from 'typeorm';

/**
 * Counts the SQL statements the app sends, for the `charter_db_statements_total` metric (and the
 * test that proves list queries do not grow with the page size). It logs nothing: query text and
 * parameters may hold personal data.
 */
export class StatementCounter implements Logger {
  count = 0;

  logQuery(): void {
    this.count++;
  }

  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

export function statementCount(logger: unknown): number | undefined {
  return logger instanceof StatementCounter ? logger.count : undefined;
}

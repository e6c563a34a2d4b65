/** PostgreSQL's SQLSTATE for a unique violation, as thrown by `pg` and PGlite alike. */
const UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const driverError = (err as { driverError?: { code?: string; constraint?: string } })?.driverError ?? err;
  const { code, constraint: violated } = (driverError ?? {}) as { code?: string; constraint?: string };
  return code === UNIQUE_VIOLATION && (!constraint || violated === undefined || violated === constraint);
}

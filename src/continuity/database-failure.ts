import { DomainError } from '../kernel/domain-error';

/** How long a client should wait before asking again while the database is away. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * SQLSTATEs that mean the server is going or not yet there: admin_shutdown, crash_shutdown,
 * cannot_connect_now (starting up, shutting down, or in recovery without hot standby), and the
 * connection-exception class.
 */
const UNREACHABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);
/** Socket-level failures `pg` passes on from Node. */
const UNREACHABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** What `pg` and its pool say, with no code, when a connection ends or none can be had in time. */
const UNREACHABLE_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection timeout/i,
  /client has encountered a connection error and is not queryable/i,
  /cannot use a pool after calling end/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];
/** read_only_sql_transaction: the server is a hot standby (or the session was made read-only). */
const READ_ONLY_SQLSTATE = '25006';

export type DatabaseFailure = 'unreachable' | 'read-only';

/**
 * The one place that decides whether an error means "the database cannot be used right now"
 * rather than a bug. TypeORM wraps driver errors (`driverError`), pools aggregate connection
 * attempts (`errors`), and Node nests causes (`cause`): all are looked through.
 */
export function classifyDatabaseFailure(err: unknown, depth = 0): DatabaseFailure | undefined {
  if (!err || typeof err !== 'object' || depth > 4) return undefined;
  const e = err as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (code === READ_ONLY_SQLSTATE) return 'read-only';
  if (code && (UNREACHABLE_SQLSTATES.has(code) || UNREACHABLE_ERRNOS.has(code))) return 'unreachable';
  const message = typeof e.message === 'string' ? e.message : '';
  if (UNREACHABLE_MESSAGES.some((m) => m.test(message))) return 'unreachable';
  for (const inner of [e.driverError, e.cause, ...(Array.isArray(e.errors) ? e.errors : [])]) {
    const found = classifyDatabaseFailure(inner, depth + 1);
    if (found) return found;
  }
  return undefined;
}

export function isDatabaseUnreachable(err: unknown): boolean {
  return classifyDatabaseFailure(err) === 'unreachable';
}

export const databaseUnavailable = () =>
  new DomainError(
    'SERVICE_UNAVAILABLE',
    `The registry store is unreachable; only cached schema reads are served until it is back. Retry in ${RETRY_AFTER_SECONDS} s.`,
    { reason: 'database-unreachable', retryAfterSeconds: RETRY_AFTER_SECONDS },
  );

export const readOnlyStore = () =>
  new DomainError(
    'READ_ONLY_STORE',
    'The registry store is read-only: Charter is connected to a PostgreSQL standby. Writes are accepted again once it reaches the primary.',
    { reason: 'read-only-standby', retryAfterSeconds: RETRY_AFTER_SECONDS },
  );

/** The domain error a database failure stands for, or undefined for anything else. */
export function databaseFailureError(err: unknown): DomainError | undefined {
  const failure = classifyDatabaseFailure(err);
  if (failure === 'unreachable') return databaseUnavailable();
  if (failure === 'read-only') return readOnlyStore();
  return undefined;
}

/**
 * What an error may show in a log line. Errors carry more than their message: TypeORM's
 * QueryFailedError holds the SQL text and every bound parameter (token hashes, webhook secrets,
 * personal data), `pg` errors hold a `detail` such as `Key (token_hash)=(…) already exists`, and
 * other libraries attach request options with headers. So fields are copied from a short allow
 * list, never the other way round, and database messages that quote the offending value lose it.
 */
export interface SafeError {
  type: string;
  message: string;
  stack?: string;
  code?: string | number;
  /** Names only (constraint, table, column): which rule failed, never with which value. */
  constraint?: string;
  table?: string;
  column?: string;
  cause?: SafeError;
  errors?: SafeError[];
}

const MAX_DEPTH = 3;
const MAX_AGGREGATED = 10;
// Node prints absolute paths in stacks; relative ones say as much and reveal nothing of the host.
const ROOT_PREFIX = `${process.cwd()}/`;

export function isErrorLike(value: unknown): value is Error {
  return (
    value instanceof Error ||
    (typeof value === 'object' && value !== null && typeof (value as Error).message === 'string' && 'stack' in value)
  );
}

/** A log-safe copy of an error, for pino's `err` serializer and for process-level handlers. */
export function serializeError(value: unknown, depth = 0): SafeError | unknown {
  // pino's own serializer may run first; it keeps the original error in `raw`.
  const raw = (value as { raw?: unknown } | null)?.raw;
  const err = isErrorLike(raw) ? raw : value;
  if (!isErrorLike(err)) return typeof err === 'string' ? safeText(err) : err;
  const type = errorType(err);
  const message = safeErrorMessage(err);
  const safe: SafeError = { type, message };
  if (typeof err.stack === 'string') safe.stack = safeStack(err.stack, `${type}: ${message}`);
  const fields = err as unknown as Record<string, unknown>;
  const db = databaseFields(err);
  const code = db?.code ?? fields.code;
  if (typeof code === 'string' || typeof code === 'number') safe.code = code;
  for (const key of ['constraint', 'table', 'column'] as const) {
    const name = db?.[key];
    if (typeof name === 'string') safe[key] = name;
  }
  if (depth < MAX_DEPTH) {
    if (err.cause !== undefined) safe.cause = serializeError(err.cause, depth + 1) as SafeError;
    if (Array.isArray(fields.errors)) {
      safe.errors = fields.errors.slice(0, MAX_AGGREGATED).map((e) => serializeError(e, depth + 1) as SafeError);
    }
  }
  return safe;
}

/** The message of an error with any value PostgreSQL quoted in it removed. */
export function safeErrorMessage(err: unknown): string {
  if (!isErrorLike(err)) return safeText(String(err));
  const db = databaseFields(err);
  if (!db) return safeText(err.message);
  return safeText(withoutQuotedValue(err.message, db.code));
}

/**
 * `pg` and PGlite errors carry the SQLSTATE in `code` and sit in `driverError` when TypeORM wraps
 * them; recognised by shape, since both drivers have their own classes.
 */
function databaseFields(err: Error): Record<string, unknown> | undefined {
  const fields = err as unknown as Record<string, unknown>;
  const inner = fields.driverError;
  const candidate = (typeof inner === 'object' && inner !== null ? inner : fields) as Record<string, unknown>;
  const isQueryFailed = 'parameters' in fields || 'query' in fields || errorType(err) === 'QueryFailedError';
  const hasSqlState = typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code);
  return isQueryFailed || (hasSqlState && ('severity' in candidate || 'routine' in candidate)) ? candidate : undefined;
}

/**
 * Data exceptions (SQLSTATE class 22) quote the value they refused, as in
 * `invalid input syntax for type uuid: "…"`; the part after the first colon goes. Other classes
 * name constraints and columns, not values, and stay as they are.
 */
function withoutQuotedValue(message: string, code: unknown): string {
  if (typeof code === 'string' && code.startsWith('22')) {
    const colon = message.indexOf(':');
    return colon > 0 ? `${message.slice(0, colon)}: (value not logged)` : message;
  }
  return message.replace(/\(([^()]*)\)=\(.*\)/s, '($1)=(value not logged)');
}

function errorType(err: Error): string {
  const ctor = (err as { constructor?: { name?: unknown } }).constructor;
  return typeof ctor?.name === 'string' && ctor.name !== 'Object' ? ctor.name : String(err.name ?? 'Error');
}

/** The stack's frames under a first line rebuilt from the safe message (the original repeats the raw one). */
function safeStack(stack: string, headline: string): string {
  const firstFrame = stack.search(/\n\s+at /);
  const frames = firstFrame >= 0 ? stack.slice(firstFrame) : '';
  return headline + frames.split(ROOT_PREFIX).join('');
}

/** Control characters (a NUL inside a secret, say) would split or hide parts of a log line. */
function safeText(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '\uFFFD');
}

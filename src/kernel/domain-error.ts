/**
 * Every way a request can fail for a reason the caller can act on. Each protocol maps these codes
 * in one exhaustive table (GraphQL `extensions.code`, Confluent HTTP status + `error_code`), so a
 * new code does not compile until every protocol says how it looks.
 */
export const DOMAIN_ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'INVALID_INPUT',
  'ALREADY_EXISTS',
  'CONFLICT',
  'STALE_VERSION',
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export interface DomainErrorDetails {
  /** The input field the error is about, as the caller named it. */
  field?: string;
  /** The rule that was broken, as a short identifier (`max-length`, `slug-format`, ...). */
  rule?: string;
  [key: string]: unknown;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: DomainErrorDetails = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string, key: string) =>
  new DomainError('NOT_FOUND', `${what} '${key}' does not exist.`, { target: what, key });

export const invalidInput = (field: string, rule: string, message: string) =>
  new DomainError('INVALID_INPUT', message, { field, rule });

export const forbidden = (message: string) => new DomainError('FORBIDDEN', message);

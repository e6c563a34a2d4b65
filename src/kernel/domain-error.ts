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
  // Consumers still read it (observed registry reads): retiring or deleting it needs force.
  'IN_USE',
  // Request-level failures that happen before any service runs (body parsing, routing).
  'MALFORMED_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  // The schema registry's own failures, each with its Confluent error_code.
  'SUBJECT_NOT_FOUND',
  'VERSION_NOT_FOUND',
  'SCHEMA_NOT_FOUND',
  'SUBJECT_SOFT_DELETED',
  'SUBJECT_NOT_SOFT_DELETED',
  'VERSION_SOFT_DELETED',
  'VERSION_NOT_SOFT_DELETED',
  'SUBJECT_CONFIG_NOT_FOUND',
  'SUBJECT_MODE_NOT_FOUND',
  'INCOMPATIBLE_SCHEMA',
  'INVALID_SCHEMA',
  'INVALID_RULESET',
  'INVALID_VERSION',
  'INVALID_COMPATIBILITY_LEVEL',
  'INVALID_MODE',
  'OPERATION_NOT_PERMITTED',
  'REFERENCE_EXISTS',
  'INVALID_SUBJECT',
  'CONTEXT_NOT_EMPTY',
  // A schema version breaks its topic's payload contract (the replica guard).
  'CONTRACT_VIOLATION',
  // The key registry's failures (/dek-registry/v1), each with its Confluent error_code.
  'KEY_NOT_FOUND',
  'KEY_NOT_SOFT_DELETED',
  'KEY_SOFT_DELETED',
  'KEY_ALREADY_EXISTS',
  'INVALID_KEY',
  'KEY_REFERENCE_EXISTS',
  // The database cannot be reached, or is a standby that refuses writes: retry later.
  'SERVICE_UNAVAILABLE',
  'READ_ONLY_STORE',
  // Schema exporters (schema linking), each with its Confluent error_code.
  'EXPORTER_NOT_FOUND',
  'EXPORTER_EXISTS',
  'INVALID_EXPORTER_SUBJECTS',
  'EXPORTER_RUNNING',
  'EXPORTER_NOT_PAUSED',
  'EXPORTER_AWAITING_APPROVAL',
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

export const invalidInput = (field: string, rule: string, message: string) => new DomainError('INVALID_INPUT', message, { field, rule });

export const forbidden = (message: string) => new DomainError('FORBIDDEN', message);

import { DomainErrorCode } from '../kernel/domain-error';

/**
 * The one table from domain error codes to HTTP answers. The body is the Confluent Schema Registry
 * envelope `{error_code, message}` on every route, so registry clients can read any error.
 */
export const HTTP_ERROR_CODES: Record<DomainErrorCode, { status: number; errorCode: number; retryAfter?: boolean }> = {
  UNAUTHENTICATED: { status: 401, errorCode: 40101 },
  FORBIDDEN: { status: 403, errorCode: 40301 },
  NOT_FOUND: { status: 404, errorCode: 404 },
  INVALID_INPUT: { status: 422, errorCode: 422 },
  ALREADY_EXISTS: { status: 409, errorCode: 409 },
  CONFLICT: { status: 409, errorCode: 409 },
  STALE_VERSION: { status: 409, errorCode: 409 },
  // Charter's own code: Confluent defines none for a version still read. 409 like any conflict; 40910 is
  // outside the codes Confluent uses (40901 incompatible, 40902-40908 associations, 4095x/4096x/4097x exporters and keys).
  IN_USE: { status: 409, errorCode: 40910 },
  MALFORMED_REQUEST: { status: 400, errorCode: 400 },
  PAYLOAD_TOO_LARGE: { status: 413, errorCode: 413 },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, errorCode: 415 },
  SUBJECT_NOT_FOUND: { status: 404, errorCode: 40401 },
  VERSION_NOT_FOUND: { status: 404, errorCode: 40402 },
  SCHEMA_NOT_FOUND: { status: 404, errorCode: 40403 },
  SUBJECT_SOFT_DELETED: { status: 404, errorCode: 40404 },
  SUBJECT_NOT_SOFT_DELETED: { status: 404, errorCode: 40405 },
  VERSION_SOFT_DELETED: { status: 404, errorCode: 40406 },
  VERSION_NOT_SOFT_DELETED: { status: 404, errorCode: 40407 },
  SUBJECT_CONFIG_NOT_FOUND: { status: 404, errorCode: 40408 },
  SUBJECT_MODE_NOT_FOUND: { status: 404, errorCode: 40409 },
  // Newest Confluent (>= 8.1.2) answers 40901; every client keys on the HTTP status 409.
  INCOMPATIBLE_SCHEMA: { status: 409, errorCode: 40901 },
  INVALID_SCHEMA: { status: 422, errorCode: 42201 },
  INVALID_RULESET: { status: 422, errorCode: 42210 },
  INVALID_VERSION: { status: 422, errorCode: 42202 },
  INVALID_COMPATIBILITY_LEVEL: { status: 422, errorCode: 42203 },
  INVALID_MODE: { status: 422, errorCode: 42204 },
  OPERATION_NOT_PERMITTED: { status: 422, errorCode: 42205 },
  REFERENCE_EXISTS: { status: 422, errorCode: 42206 },
  INVALID_SUBJECT: { status: 422, errorCode: 42208 },
  CONTEXT_NOT_EMPTY: { status: 422, errorCode: 42211 },
  // Same status and code as an incompatible schema: serializers already show that message to users.
  CONTRACT_VIOLATION: { status: 409, errorCode: 40901 },
  KEY_NOT_FOUND: { status: 404, errorCode: 40470 },
  KEY_NOT_SOFT_DELETED: { status: 404, errorCode: 40471 },
  KEY_SOFT_DELETED: { status: 404, errorCode: 40472 },
  KEY_ALREADY_EXISTS: { status: 409, errorCode: 40971 },
  INVALID_KEY: { status: 422, errorCode: 42271 },
  KEY_REFERENCE_EXISTS: { status: 422, errorCode: 42272 },
  // Confluent's "error in the backend data store"; serializers retry a 503.
  SERVICE_UNAVAILABLE: { status: 503, errorCode: 50001, retryAfter: true },
  // A standby is a passing state (until failover completes), so it is retryable too, not a 422.
  READ_ONLY_STORE: { status: 503, errorCode: 50001, retryAfter: true },
  EXPORTER_NOT_FOUND: { status: 404, errorCode: 40450 },
  EXPORTER_EXISTS: { status: 409, errorCode: 40950 },
  INVALID_EXPORTER_SUBJECTS: { status: 409, errorCode: 40952 },
  EXPORTER_RUNNING: { status: 409, errorCode: 40961 },
  EXPORTER_NOT_PAUSED: { status: 409, errorCode: 40963 },
  // Charter's own: a cross-border exporter stays paused until a steward approves it.
  EXPORTER_AWAITING_APPROVAL: { status: 409, errorCode: 40964 },
};

import { DomainErrorCode } from '../kernel/domain-error';

/**
 * The one table from domain error codes to HTTP answers. The body is the Confluent Schema Registry
 * envelope `{error_code, message}` on every route, so registry clients can read any error.
 */
export const HTTP_ERROR_CODES: Record<DomainErrorCode, { status: number; errorCode: number }> = {
  UNAUTHENTICATED: { status: 401, errorCode: 40101 },
  FORBIDDEN: { status: 403, errorCode: 40301 },
  NOT_FOUND: { status: 404, errorCode: 404 },
  INVALID_INPUT: { status: 422, errorCode: 422 },
  ALREADY_EXISTS: { status: 409, errorCode: 409 },
  CONFLICT: { status: 409, errorCode: 409 },
  STALE_VERSION: { status: 409, errorCode: 409 },
};

import { DomainErrorCode } from '../kernel/domain-error';

/** The one table from domain error codes to GraphQL `extensions.code` (DESIGN convention 4). */
export const GRAPHQL_ERROR_CODES: Record<DomainErrorCode, string> = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  INVALID_INPUT: 'BAD_USER_INPUT',
  ALREADY_EXISTS: 'CONFLICT',
  CONFLICT: 'CONFLICT',
  STALE_VERSION: 'CONFLICT',
};

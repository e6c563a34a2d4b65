import { randomUUID } from 'node:crypto';
import { unwrapResolverError } from '@apollo/server/errors';
import { Logger } from '@nestjs/common';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { databaseFailureError } from '../continuity/database-failure';
import { DomainError } from '../kernel/domain-error';
import { GRAPHQL_ERROR_CODES } from './graphql-error-codes';

const logger = new Logger('GraphQL');

/**
 * Domain errors become GraphQL errors through one table; anything else is a bug, logged with the
 * request's correlation id and answered with a generic message (no stack, no internals).
 */
export function toGraphqlError(exception: unknown, correlationId: string): GraphQLError {
  const domainError = exception instanceof DomainError ? exception : databaseFailureError(exception);
  if (domainError) {
    return new GraphQLError(domainError.message, {
      extensions: { code: GRAPHQL_ERROR_CODES[domainError.code], ...domainError.details },
    });
  }
  if (exception instanceof GraphQLError) return exception;
  logger.error({ err: exception, correlationId }, 'Unexpected error in a GraphQL operation');
  return new GraphQLError(`Internal error; quote correlation id ${correlationId} when reporting it.`, {
    extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId },
  });
}

/**
 * Apollo's last word on every error: a domain error thrown from a field resolver (which Nest's
 * exception filter does not wrap, for speed) gets the same code as from a top-level one, and an
 * unexpected error never leaks its message.
 */
export function formatGraphqlError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  // Duck-typed on purpose: Apollo may load another copy of `graphql` (ESM beside CJS), so
  // `instanceof GraphQLError` cannot tell its own errors (validation, coercion) from ours.
  const fromResolver = formatted.path !== undefined && original instanceof Error && original.name !== 'GraphQLError';
  if (!(original instanceof DomainError) && !fromResolver && !databaseFailureError(original)) return formatted;
  const mapped = toGraphqlError(original, randomUUID());
  return { ...formatted, message: mapped.message, extensions: mapped.extensions };
}

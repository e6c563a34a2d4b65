import { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, GraphQLSchema, validate } from 'graphql';
import { principalOf } from '../auth/request-principal';
import { DomainError } from '../kernel/domain-error';
import { depthLimitRule } from './depth-limit.rule';
import { documentBoundsRule } from './document-bounds.rule';
import { DOCUMENT_LIMITS } from './document-limits';
import { GraphqlContext } from './graphql-context';
import { GRAPHQL_ERROR_CODES } from './graphql-error-codes';

const BOUND_RULES = [depthLimitRule(DOCUMENT_LIMITS.maxDepth), documentBoundsRule(DOCUMENT_LIMITS)];

/**
 * The cheap checks that come before any costly work on a request, in order of cost:
 * - no principal, no GraphQL at all (introspection and `{__typename}` included), before parsing;
 * - a document over the byte limit is refused before parsing;
 * - depth, aliases, directives, fragments and repeated fields are counted (each in linear time)
 *   before graphql-js' own validation rules run.
 */
export function requestGatePlugin(): ApolloServerPlugin<GraphqlContext> {
  let schema: GraphQLSchema;
  return {
    async serverWillStart(service) {
      schema = service.schema;
    },
    async requestDidStart({ contextValue, request }) {
      requireCaller(contextValue);
      const query = request.query;
      if (typeof query === 'string' && query.length * 3 > DOCUMENT_LIMITS.maxDocumentBytes) {
        const bytes = Buffer.byteLength(query);
        if (bytes > DOCUMENT_LIMITS.maxDocumentBytes) {
          throw refusal(`The query document is ${bytes} bytes; the limit is ${DOCUMENT_LIMITS.maxDocumentBytes}.`, 'QUERY_TOO_LARGE', {
            limit: DOCUMENT_LIMITS.maxDocumentBytes,
            actual: bytes,
          });
        }
      }
      return {
        async validationDidStart({ document }) {
          const errors = validate(schema, document, BOUND_RULES);
          if (errors.length) {
            throw refusal(errors.map((e) => e.message).join(' '), 'GRAPHQL_VALIDATION_FAILED', {
              problems: errors.map((e) => e.message),
            });
          }
        },
      };
    },
  };
}

function requireCaller(context: GraphqlContext): void {
  let authenticated = false;
  try {
    authenticated = principalOf(context.req).authenticated;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    throw refusal(err.message, GRAPHQL_ERROR_CODES[err.code], {}, 401);
  }
  if (!authenticated) {
    throw refusal('Authentication required: send an API token as a Bearer token or as the Basic password.', 'UNAUTHENTICATED', {}, 401);
  }
}

function refusal(message: string, code: string, details: Record<string, unknown>, status = 400): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...details, http: { status } } });
}

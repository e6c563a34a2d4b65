import { ApolloServerPlugin } from '@apollo/server';
import { getNamedType, getNullableType, GraphQLError, GraphQLSchema, isListType } from 'graphql';
import { ComplexityEstimator, getComplexity } from 'graphql-query-complexity';

/**
 * A portal page (50 topics with owners, members, subjects and fields) costs a few thousand; a
 * query that multiplies lists inside lists costs millions and is refused before it runs.
 */
export const MAX_QUERY_COMPLEXITY = 25_000;
/** What an unbounded list (members, fields, versions) is assumed to hold. */
export const ASSUMED_LIST_SIZE = 10;

/** Each field costs 1 plus its children; `first` multiplies a connection, other lists count as ten. */
export const listAwareEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  if (typeof args.first === 'number') return 1 + childComplexity * args.first;
  if (field.name === 'edges') return 1 + childComplexity;
  const type = getNullableType(field.type);
  if (isListType(type) && getNamedType(type) !== undefined && childComplexity > 0) return 1 + childComplexity * ASSUMED_LIST_SIZE;
  return 1 + childComplexity;
};

export function queryComplexityPlugin(): ApolloServerPlugin {
  let schema: GraphQLSchema;
  return {
    async serverWillStart(service) {
      schema = service.schema;
    },
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          let complexity: number;
          try {
            complexity = getComplexity({
              schema,
              query: document,
              operationName: request.operationName ?? undefined,
              variables: request.variables ?? {},
              estimators: [listAwareEstimator],
            });
          } catch {
            // Variables that do not fit the operation: execution reports them as BAD_USER_INPUT.
            return;
          }
          if (complexity > MAX_QUERY_COMPLEXITY) {
            throw new GraphQLError(
              `The query is too complex: its estimated cost is ${complexity}, the limit is ${MAX_QUERY_COMPLEXITY}. Ask for smaller pages or fewer nested lists.`,
              { extensions: { code: 'QUERY_TOO_COMPLEX', complexity, limit: MAX_QUERY_COMPLEXITY, http: { status: 400 } } },
            );
          }
        },
      };
    },
  };
}

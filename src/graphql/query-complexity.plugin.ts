import { ApolloServerPlugin } from '@apollo/server';
import { DocumentNode, getOperationAST, getVariableValues, GraphQLError, GraphQLSchema } from 'graphql';
import { estimateCost, MAX_QUERY_COMPLEXITY, PageSizeError } from './query-cost';

export { ASSUMED_LIST_SIZE, MAX_QUERY_COMPLEXITY } from './query-cost';

/**
 * Prices every operation before it runs and refuses one over the limit. The limit fails closed:
 * variables that do not fit, or an estimate that cannot be made, refuse the query too.
 */
export function queryComplexityPlugin(limit = MAX_QUERY_COMPLEXITY): ApolloServerPlugin {
  let schema: GraphQLSchema;
  return {
    async serverWillStart(service) {
      schema = service.schema;
    },
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation }) {
          if (!operation) return; // graphql-js answers "unknown operation" itself, before anything runs
          const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
          if (coerced.errors) {
            throw new GraphQLError(coerced.errors.map((e) => e.message).join(' '), {
              extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
            });
          }
          const complexity = priceOrRefuse(() => estimateCost({ schema, document, operation, variables: coerced.coerced }));
          if (complexity > limit) throw tooComplex(complexity, limit);
        },
      };
    },
  };
}

export function tooComplex(complexity: number, limit: number): GraphQLError {
  return new GraphQLError(
    `The query is too complex: its estimated cost is ${complexity}, the limit is ${limit}. Ask for smaller pages or fewer nested lists.`,
    { extensions: { code: 'QUERY_TOO_COMPLEX', complexity, limit, http: { status: 400 } } },
  );
}

/**
 * The estimate on a document not yet validated, to refuse an obviously costly query before
 * graphql-js validates it; undefined when it cannot be made yet (the check after validation,
 * which fails closed, then decides).
 */
export function earlyEstimate(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: unknown,
  variables: unknown,
): number | undefined {
  try {
    const operation = getOperationAST(document, typeof operationName === 'string' ? operationName : undefined);
    if (!operation) return undefined;
    const raw = variables !== null && typeof variables === 'object' ? (variables as Record<string, unknown>) : {};
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], raw);
    if (coerced.errors) return undefined;
    return estimateCost({ schema, document, operation, variables: coerced.coerced });
  } catch {
    return undefined;
  }
}

/** Runs the estimate; any failure refuses the query with a reason rather than letting it run. */
export function priceOrRefuse(estimate: () => number): number {
  try {
    return estimate();
  } catch (err) {
    if (err instanceof PageSizeError) {
      throw new GraphQLError(err.message, {
        extensions: { code: 'BAD_USER_INPUT', field: err.field, rule: 'range', http: { status: 400 } },
      });
    }
    const reason = err instanceof Error ? err.message : String(err);
    throw new GraphQLError(`The query's cost could not be estimated, so it is refused: ${reason}.`, {
      extensions: { code: 'QUERY_COST_UNKNOWN', http: { status: 400 } },
    });
  }
}

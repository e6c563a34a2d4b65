import { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { Refusals } from '../operations/refusals';
import { GraphqlContext } from './graphql-context';

/**
 * Refusals raised inside field resolvers (`Topic.grants`, `Team.webhook`, ...) never pass through
 * the exception filter, which sees top-level operations only; they are told here. The metric's
 * action is one fixed label (a response path holds aliases, which callers choose freely); the log
 * line carries the path.
 */
export function fieldRefusalsPlugin(refusals: Refusals): ApolloServerPlugin<GraphqlContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue, errors }) {
          for (const error of errors) {
            if (!error.path) continue;
            const req = contextValue?.req;
            refusals.note(unwrapResolverError(error), req, {
              protocol: 'graphql',
              action: 'field resolver',
              resource: error.path.join('.'),
              correlationId: String(req?.id ?? 'unknown'),
            });
          }
        },
      };
    },
  };
}

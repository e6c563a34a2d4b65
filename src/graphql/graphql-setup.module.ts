import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Logger, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { AuthenticatedRequest } from '../auth/request-principal';
import { OperationsModule } from '../operations/operations.module';
import { Refusals } from '../operations/refusals';
import { DOCUMENT_LIMITS } from './document-limits';
import { GraphqlContext } from './graphql-context';
import { fieldRefusalsPlugin } from './field-refusals.plugin';
import { formatGraphqlError } from './graphql-errors';
import { queryComplexityPlugin } from './query-complexity.plugin';
import { serviceUnavailablePlugin } from './service-unavailable.plugin';
import { RequestLoaders } from './request-loaders';
import { gateGraphqlRequest, schemaHolder } from './request-gate';
import { responseSizePlugin, stringifyResponse } from './response-size';

@Module({
  imports: [
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      imports: [OperationsModule],
      inject: [Refusals],
      useFactory: (refusals: Refusals): ApolloDriverConfig => {
        const served = schemaHolder();
        return {
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          playground: false,
          // Only for authenticated callers: the gate refuses every anonymous operation.
          introspection: true,
          includeStacktraceInErrorResponses: false,
          parseOptions: { maxTokens: DOCUMENT_LIMITS.maxTokens },
          // On Fastify, Apollo's integration passes the request itself.
          context: (req: AuthenticatedRequest): GraphqlContext => {
            // A rejected credential is refused here, before any field is known: it counts as a refusal of the endpoint.
            if (req.authError)
              refusals.note(req.authError, req, {
                protocol: 'graphql',
                action: 'POST /graphql',
                resource: '',
                correlationId: String(req.id),
              });
            gateGraphqlRequest(req, served.schema);
            return { req, loaders: new RequestLoaders() };
          },
          plugins: [
            // No field carries a cache hint, so Apollo's default cache-control plugin would only
            // wrap every field resolver of every request to compute a policy that is always empty.
            ApolloServerPluginCacheControlDisabled(),
            served.plugin,
            queryComplexityPlugin(),
            responseSizePlugin(),
            serviceUnavailablePlugin(),
            fieldRefusalsPlugin(refusals),
          ],
          logger: apolloLogger(),
          // Nest would otherwise set every answer that has data back to 200, hiding an outage's 503.
          preserveHttpStatusForExecutionErrors: false,
          stringifyResult: stringifyResponse,
          formatError: formatGraphqlError,
        };
      },
    }),
  ],
})
export class GraphqlSetupModule {}

/** Apollo's own messages go through the application's structured, redacted logger, not the console. */
function apolloLogger() {
  const logger = new Logger('Apollo');
  return {
    debug: (message: unknown) => logger.debug(String(message)),
    info: (message: unknown) => logger.log(String(message)),
    warn: (message: unknown) => logger.warn(String(message)),
    error: (message: unknown) => logger.error(String(message)),
  };
}

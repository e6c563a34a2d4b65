import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import depthLimit from 'graphql-depth-limit';
import { AuthenticatedRequest } from '../auth/request-principal';
import { GraphqlContext } from './graphql-context';
import { formatGraphqlError } from './graphql-errors';
import { queryComplexityPlugin } from './query-complexity.plugin';
import { serviceUnavailablePlugin } from './service-unavailable.plugin';
import { RequestLoaders } from './request-loaders';

/** Deeper queries are almost always accidental cycles (team → topics → owner → topics ...). */
export const MAX_QUERY_DEPTH = 12;

@Module({
  imports: [
    GraphQLModule.forRoot<ApolloDriverConfig>({
      driver: ApolloDriver,
      path: '/graphql',
      autoSchemaFile: true,
      sortSchema: true,
      playground: false,
      introspection: true,
      includeStacktraceInErrorResponses: false,
      validationRules: [depthLimit(MAX_QUERY_DEPTH)],
      // On Fastify, Apollo's integration passes the request itself.
      context: (req: AuthenticatedRequest): GraphqlContext => ({ req, loaders: new RequestLoaders() }),
      plugins: [queryComplexityPlugin(), serviceUnavailablePlugin()],
      // Nest would otherwise set every answer that has data back to 200, hiding an outage's 503.
      preserveHttpStatusForExecutionErrors: false,
      formatError: formatGraphqlError,
    }),
  ],
})
export class GraphqlSetupModule {}

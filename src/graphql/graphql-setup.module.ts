import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { AuthenticatedRequest } from '../auth/request-principal';
import { DOCUMENT_LIMITS } from './document-limits';
import { GraphqlContext } from './graphql-context';
import { formatGraphqlError } from './graphql-errors';
import { queryComplexityPlugin } from './query-complexity.plugin';
import { RequestLoaders } from './request-loaders';
import { requestGatePlugin } from './request-gate.plugin';
import { responseSizePlugin, stringifyResponse } from './response-size';

@Module({
  imports: [
    GraphQLModule.forRoot<ApolloDriverConfig>({
      driver: ApolloDriver,
      path: '/graphql',
      autoSchemaFile: true,
      sortSchema: true,
      playground: false,
      // Only for authenticated callers: the request gate refuses every anonymous operation.
      introspection: true,
      includeStacktraceInErrorResponses: false,
      parseOptions: { maxTokens: DOCUMENT_LIMITS.maxTokens },
      context: ({ req }: { req: AuthenticatedRequest }): GraphqlContext => ({ req, loaders: new RequestLoaders() }),
      plugins: [requestGatePlugin(), queryComplexityPlugin(), responseSizePlugin()],
      stringifyResult: stringifyResponse,
      formatError: formatGraphqlError,
    }),
  ],
})
export class GraphqlSetupModule {}

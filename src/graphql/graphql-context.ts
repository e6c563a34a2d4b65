import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { Principal } from '../auth/domain/principal';
import { AuthenticatedRequest, requireAuthenticated } from '../auth/request-principal';
import { RequestLoaders } from './request-loaders';

export interface GraphqlContext {
  req: AuthenticatedRequest;
  loaders: RequestLoaders;
}

export function graphqlContext(ctx: ExecutionContext): GraphqlContext {
  return GqlExecutionContext.create(ctx).getContext<GraphqlContext>();
}

/** The caller of a GraphQL operation; every operation, reads included, needs one. */
export const Caller = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => requireAuthenticated(graphqlContext(ctx).req));

/** The request's DataLoaders. */
export const Loaders = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestLoaders => graphqlContext(ctx).loaders);

import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { GqlArgumentsHost } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { Response } from 'express';
import { AuthenticatedRequest } from '../auth/request-principal';
import { GraphqlContext } from '../graphql/graphql-context';
import { toGraphqlError } from '../graphql/graphql-errors';
import { DomainError } from '../kernel/domain-error';
import { clean, Refusals, resourceOfArgs } from '../operations/refusals';
import { HTTP_ERROR_CODES } from './http-error-codes';
import { RenderedError, renderRequestError } from './request-errors';
import { RouteTable } from './route-table';

/** Every error of every protocol passes here once and is rendered by that protocol's table. */
@Catch()
export class AppExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  constructor(
    private readonly routes: RouteTable,
    private readonly refusals: Refusals,
  ) {}

  catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType<string>() === 'graphql') {
      const gql = GqlArgumentsHost.create(host);
      const req = gql.getContext<GraphqlContext>()?.req;
      const info = gql.getInfo<GraphQLResolveInfo | undefined>();
      const action = info ? `${info.parentType.name}.${info.fieldName}` : 'unknown';
      this.refusals.note(exception, req, { protocol: 'graphql', action, resource: resourceOfArgs(action, gql.getArgs()), correlationId: String(req?.id ?? 'unknown') });
      return toGraphqlError(exception, String(req?.id ?? 'unknown'));
    }
    const http = host.switchToHttp();
    const req = http.getRequest<AuthenticatedRequest>();
    const res = http.getResponse<Response>();
    const route = req?.route?.path ? `${req.method} ${req.baseUrl ?? ''}${req.route.path}` : `${req?.method} unmatched`;
    this.refusals.note(exception, req, { protocol: 'rest', action: route, resource: clean(req?.path ?? ''), correlationId: String(req?.id ?? 'unknown') });
    const { status, body, headers } = this.render(exception, req, String(req?.id ?? 'unknown'));
    if (headers) res.set(headers);
    res.status(status).json(body);
  }

  private render(exception: unknown, req: AuthenticatedRequest | undefined, correlationId: string): RenderedError {
    const requestError = renderRequestError(exception, () => (req ? this.routes.allowedMethods(req.path) : []));
    if (requestError) return requestError;
    if (exception instanceof DomainError) {
      const { status, errorCode } = HTTP_ERROR_CODES[exception.code];
      return { status, body: { error_code: errorCode, message: exception.message } };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return { status, body: { error_code: status, message: httpMessage(exception) } };
    }
    this.logger.error({ err: exception, correlationId }, 'Unexpected error in an HTTP request');
    return {
      status: 500,
      body: { error_code: 500, message: `Internal error; quote correlation id ${correlationId} when reporting it.` },
    };
  }
}

function httpMessage(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  return Array.isArray(message) ? message.join('; ') : String(message ?? exception.message);
}

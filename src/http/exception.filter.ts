import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject, Logger } from '@nestjs/common';
import { GqlArgumentsHost } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { FastifyReply } from 'fastify';
import { AuthenticatedRequest } from '../auth/request-principal';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { databaseFailureError } from '../continuity/database-failure';
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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType<string>() === 'graphql') {
      const gql = GqlArgumentsHost.create(host);
      const req = gql.getContext<GraphqlContext>()?.req;
      const info = gql.getInfo<GraphQLResolveInfo | undefined>();
      const action = info ? `${info.parentType.name}.${info.fieldName}` : 'unknown';
      this.refusals.note(exception, req, {
        protocol: 'graphql',
        action,
        resource: resourceOfArgs(action, gql.getArgs()),
        correlationId: String(req?.id ?? 'unknown'),
      });
      return toGraphqlError(exception, String(req?.id ?? 'unknown'));
    }
    const http = host.switchToHttp();
    const req = http.getRequest<AuthenticatedRequest>();
    const res = http.getResponse<FastifyReply>();
    const route = req?.routeOptions?.url ? `${req.method} ${req.routeOptions.url}` : `${req?.method} unmatched`;
    this.refusals.note(exception, req, {
      protocol: 'rest',
      action: route,
      resource: clean(req?.url?.split('?')[0] ?? ''),
      correlationId: String(req?.id ?? 'unknown'),
    });
    const { status, body, headers } = this.render(exception, req, String(req?.id ?? 'unknown'));
    if (headers) res.headers(headers);
    res.status(status).send(body);
  }

  private render(exception: unknown, req: AuthenticatedRequest | undefined, correlationId: string): RenderedError {
    const requestError = renderRequestError(exception, {
      allowedMethods: () => (req ? this.routes.allowedMethods(pathOf(req.url)) : []),
      bodyLimit: this.config.maxBodyBytes,
    });
    if (requestError) return requestError;
    const domainError = exception instanceof DomainError ? exception : databaseFailureError(exception);
    if (domainError) {
      const { status, errorCode, retryAfter } = HTTP_ERROR_CODES[domainError.code];
      const headers = retryAfter ? { 'retry-after': String(domainError.details.retryAfterSeconds ?? 5) } : undefined;
      // Who still reads what a delete would remove: the caller needs the list to decide.
      const readers = domainError.code === 'IN_USE' ? { readers: domainError.details.readers } : {};
      return { status, body: { error_code: errorCode, message: domainError.message, ...readers }, headers };
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

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

function httpMessage(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  return Array.isArray(message) ? message.join('; ') : String(message ?? exception.message);
}

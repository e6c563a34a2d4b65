import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor, NestMiddleware } from '@nestjs/common';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import { Observable } from 'rxjs';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { JSON_MEDIA_TYPES } from '../create-app';
import { DomainError } from '../kernel/domain-error';

import { REGISTRY_ANSWER_TYPES, REGISTRY_MEDIA_TYPE } from './registry-media-types';

export { REGISTRY_MEDIA_TYPE } from './registry-media-types';

/** Answers in the registry's own media type unless the client asks only for another acceptable one. */
@Injectable()
export class RegistryMediaInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const accepted = req.accepts(REGISTRY_ANSWER_TYPES);
    res.type(typeof accepted === 'string' ? accepted : REGISTRY_MEDIA_TYPE);
    return next.handle();
  }
}

/**
 * Registry clients may send JSON without a content type or as octet-stream (Confluent treats both
 * as JSON); the app-wide parser only knows the JSON types, so this parses the rest on registry
 * routes, and refuses any other declared media type with 415 rather than seeing an empty body.
 */
@Injectable()
export class RegistryBodyMiddleware implements NestMiddleware {
  private readonly parser: ReturnType<typeof express.json>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.parser = express.json({ limit: config.maxBodyBytes, type: () => true });
  }

  use(req: Request, res: Response, next: NextFunction) {
    const type = req.headers['content-type'];
    if (!hasBody(req)) {
      // body-parser turns an empty JSON body into `{}`; for the registry it is a missing body (422).
      if (req.headers['content-length'] === '0') req.body = undefined;
      return next();
    }
    if (type && req.is(JSON_MEDIA_TYPES)) return next();
    if (!type || req.is('application/octet-stream')) return this.parser(req, res, next);
    next(new DomainError('UNSUPPORTED_MEDIA_TYPE', `Unsupported media type '${type}': send application/vnd.schemaregistry.v1+json or application/json.`));
  }
}

function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
}

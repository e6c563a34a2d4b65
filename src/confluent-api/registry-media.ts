import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import accepts from 'accepts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { REGISTRY_ANSWER_TYPES, REGISTRY_MEDIA_TYPE } from './registry-media-types';

export { REGISTRY_MEDIA_TYPE } from './registry-media-types';

/** Answers in the registry's own media type unless the client asks only for another acceptable one. */
@Injectable()
export class RegistryMediaInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const accept = req.headers.accept;
    // Most clients send no Accept header or `*/*`: no negotiation is needed for those.
    const accepted = accept === undefined || accept === '*/*' ? REGISTRY_MEDIA_TYPE : accepts(req.raw).type(REGISTRY_ANSWER_TYPES);
    http.getResponse<FastifyReply>().type(typeof accepted === 'string' ? accepted : REGISTRY_MEDIA_TYPE);
    return next.handle();
  }
}

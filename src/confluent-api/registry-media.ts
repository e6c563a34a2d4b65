import { RouteConfig } from '@nestjs/platform-fastify';
import accepts from 'accepts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { REGISTRY_ANSWER_TYPES, REGISTRY_MEDIA_TYPE } from './registry-media-types';

export { REGISTRY_MEDIA_TYPE } from './registry-media-types';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route answers in the registry's media type (see `installRegistryMedia`). */
    registryMedia?: boolean;
  }
}

/**
 * Marks every route of a registry controller as answering in the registry's media type. A Fastify
 * hook on those routes sets it, rather than a Nest interceptor: an interceptor puts every request
 * of the route through an RxJS pipeline and two async resources, a fifth of its cost.
 */
export function RegistryMedia(): ClassDecorator {
  return (target) => {
    const prototype = target.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const descriptor = Object.getOwnPropertyDescriptor(prototype, name);
      if (name === 'constructor' || typeof descriptor?.value !== 'function') continue;
      RouteConfig({ registryMedia: true })(prototype, name, descriptor);
    }
  };
}

/** Answers in the registry's own media type unless the client asks only for another acceptable one. */
function negotiate(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
  const accept = request.headers.accept;
  // Most clients send no Accept header or `*/*`: no negotiation is needed for those.
  const accepted = accept === undefined || accept === '*/*' ? REGISTRY_MEDIA_TYPE : accepts(request.raw).type(REGISTRY_ANSWER_TYPES);
  reply.type(typeof accepted === 'string' ? accepted : REGISTRY_MEDIA_TYPE);
  done();
}

/** Gives the routes marked with `@RegistryMedia()` their media type. Installed before any route is added. */
export function installRegistryMedia(fastify: FastifyInstance): void {
  fastify.addHook('onRoute', (route) => {
    if (!route.config?.registryMedia) return;
    const own = route.preHandler === undefined ? [] : Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler];
    route.preHandler = [...own, negotiate];
  });
}

import type { FastifyInstance } from 'fastify';
import { AuthenticationMiddleware } from '../auth/authentication.middleware';
import { AuthenticatedRequest } from '../auth/request-principal';
import { Metrics } from '../operations/metrics';
import { REQUEST_ID_HEADER } from './request-id';

/**
 * What every request goes through, REST and GraphQL alike, as Fastify hooks on the root instance:
 * its id echoed in the answer, its principal resolved before any handler, and its metrics. (The
 * access log is Fastify's own, see AccessLog; security headers come from helmet.)
 */
export function installRequestPipeline(
  fastify: FastifyInstance,
  parts: { authentication: AuthenticationMiddleware; metrics: Metrics; jurisdiction?: string; region?: string },
): void {
  const { authentication, metrics } = parts;
  // Every answer, each export among them, says which deployment (and so which jurisdiction) made it.
  const origin: Record<string, string> = {
    ...(parts.jurisdiction ? { 'charter-jurisdiction': parts.jurisdiction } : {}),
    ...(parts.region ? { 'charter-region': parts.region } : {}),
  };
  fastify.decorateRequest('principal', undefined);
  fastify.decorateRequest('authError', undefined);
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    for (const [name, value] of Object.entries(origin)) reply.header(name, value);
    done();
  });
  fastify.addHook('preHandler', (request) => authentication.use(request as AuthenticatedRequest));
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.observeRequest(request, reply);
    done();
  });
}

import type { FastifyInstance } from 'fastify';
import helmet, { HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A Content-Security-Policy as helmet takes it: directive name → sources. */
export type CspDirectives = Record<string, string[]>;

/** The API's JSON never needs a browser to run or embed anything: its policy allows nothing. */
const API_CSP: CspDirectives = { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] };

/**
 * Security headers on every answer, with the API's policy unless a route that serves a page (the
 * portal) names its own in `{ config: { contentSecurityPolicy } }`. Strict-Transport-Security is
 * left to the TLS terminator, which knows whether the host is served only over HTTPS.
 */
function securityOptions(directives: CspDirectives): HelmetOptions {
  return {
    contentSecurityPolicy: { useDefaults: false, directives },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
  };
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** This route's Content-Security-Policy, instead of the API's. */
    contentSecurityPolicy?: CspDirectives;
    /** The route's security headers, computed when the route is added. */
    securityHeaderValues?: Record<string, string>;
  }
}

/**
 * The headers helmet sets with this policy. They depend on nothing in the request, so they are
 * computed once per route rather than once per request (as @fastify/helmet does, rebuilding helmet
 * and re-parsing the policy on every request).
 */
export function helmetHeaders(directives: CspDirectives = API_CSP): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string) => (headers[name.toLowerCase()] = value),
    removeHeader: (name: string) => delete headers[name.toLowerCase()],
  };
  helmet(securityOptions(directives))({} as IncomingMessage, res as unknown as ServerResponse, () => undefined);
  return headers;
}

/**
 * Every answer Fastify sends, 404s and errors included, carries its route's security headers.
 * Installed before any route is added, so that every route's own settings are seen.
 */
export function installSecurityHeaders(fastify: FastifyInstance): void {
  const apiHeaders = helmetHeaders();
  fastify.addHook('onRoute', (route) => {
    const own = route.config?.contentSecurityPolicy;
    if (own) route.config = { ...route.config, securityHeaderValues: helmetHeaders(own) };
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.headers(request.routeOptions.config.securityHeaderValues ?? apiHeaders);
    done();
  });
}

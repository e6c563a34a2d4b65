import type { FastifyHelmetOptions } from '@fastify/helmet';
import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Security headers on every answer. The API's JSON never needs a browser to run or embed
 * anything, so the default Content-Security-Policy allows nothing; a route that serves a page
 * (a portal) relaxes it with its own `helmet` route option. Strict-Transport-Security is left to
 * the TLS terminator, which knows whether the host is served only over HTTPS.
 */
export function securityHeaders(): FastifyHelmetOptions {
  return {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
    },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
  };
}

/**
 * The very headers the helmet hook sets on a default route, computed once, for an answer written
 * without the framework (the schema-by-id fast path) to carry the same ones.
 */
export function staticSecurityHeaders(): Record<string, string> {
  const { global: _global, ...options } = securityHeaders();
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string) => (headers[name.toLowerCase()] = value),
    removeHeader: (name: string) => delete headers[name.toLowerCase()],
  };
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, () => undefined);
  return headers;
}

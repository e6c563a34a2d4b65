import type { FastifyHelmetOptions } from '@fastify/helmet';

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

import fastifyStatic from '@fastify/static';
import { Inject, Logger, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { join } from 'node:path';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ASSET_CACHE_CONTROL, EXPLORER_CSP_DIRECTIVES, INDEX_CACHE_CONTROL, portalCspDirectives } from './portal-headers';
import { portalDirectory, readPortalIndex } from './portal-files';
import { SIGN_IN_OPTIONS_PATH, signInOptions } from './sign-in-options';

/**
 * Serves the built web portal at /portal: hashed assets with a long cache lifetime, and index.html
 * (no-cache) for /portal and every client-side route under it. The routes live on the same Fastify
 * instance as the API, so they pass the same request pipeline (request id, metrics, access log).
 */
@Module({})
export class PortalModule implements OnModuleInit {
  private readonly logger = new Logger('Portal');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const directory = portalDirectory();
    const index = readPortalIndex(directory);
    if (!index) this.logger.warn(`The portal is not built (no ${join(directory, 'index.html')}); run npm run build.`);
    const page = { contentSecurityPolicy: portalCspDirectives(this.config.portal.oidc?.issuer) };
    const explorer = { contentSecurityPolicy: EXPLORER_CSP_DIRECTIVES };

    fastify.register(fastifyStatic, {
      root: join(directory, 'assets'),
      prefix: '/portal/assets/',
      decorateReply: false,
      index: false,
      // The build writes .br and .gz beside each text asset; they are sent to clients that accept them.
      preCompressed: true,
      immutable: true,
      maxAge: '365d',
      cacheControl: false,
      setHeaders: (reply) => reply.header('cache-control', ASSET_CACHE_CONTROL),
      // A missing asset is a 404 of its own, never the SPA's index.html.
      wildcard: true,
    });

    const sendIndex = (reply: FastifyReply) => {
      if (!index) return reply.code(503).type('text/plain; charset=utf-8').send('The portal is not built: run npm run build.\n');
      return reply.header('cache-control', INDEX_CACHE_CONTROL).type('text/html; charset=utf-8').send(index);
    };
    const options = JSON.stringify(signInOptions(this.config.portal));
    fastify.get(SIGN_IN_OPTIONS_PATH, (_req, reply) =>
      reply.header('cache-control', INDEX_CACHE_CONTROL).type('application/json; charset=utf-8').send(options),
    );
    // The router ignores trailing slashes: this also answers /portal/.
    fastify.get('/portal', { config: page }, (_req, reply) => sendIndex(reply));
    fastify.get('/portal/*', { config: page }, (_req, reply) => sendIndex(reply));
    fastify.get('/portal/explorer', { config: explorer }, (_req, reply) => sendIndex(reply));
  }
}

import type { FastifyReply, FastifyServerOptions } from 'fastify';
import type { Logger as Pino } from 'pino';
import { AppConfig } from '../config/app-config';
import { AccessLog } from './access-log';
import { lazyChildLogger } from './lazy-child-logger';
import { genReqId, REQUEST_ID_HEADER } from './request-id';

/** The Fastify server under Nest, set up once for `main` and the tests alike. */
export function fastifyOptions(config: AppConfig, logger: Pino): FastifyServerOptions {
  return {
    loggerInstance: logger,
    logController: new AccessLog(logger),
    childLoggerFactory: lazyChildLogger,
    // The header is read by `genReqId`, which keeps only a safe value.
    requestIdHeader: false,
    genReqId,
    // Checked against the declared Content-Length before the body is read, then while reading it.
    bodyLimit: config.maxBodyBytes,
    // Refused before routing (so before any hook or filter): still the registry's error shape.
    frameworkErrors: (error, request, reply) => {
      const message = error.code === 'FST_ERR_BAD_URL' ? 'The request path is not a valid URL (bad percent-encoding).' : 'Bad request.';
      void (reply as FastifyReply).code(400).header(REQUEST_ID_HEADER, request.id).send({ error_code: 400, message });
    },
    routerOptions: {
      // As registry clients and the earlier server expect: `/Subjects/` is `/subjects`.
      caseSensitive: false,
      ignoreTrailingSlash: true,
      // Subject names are path parameters and may be long; the URL is bounded by the header size.
      maxParamLength: 4096,
    },
  };
}

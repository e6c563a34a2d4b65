import { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';

/** `GET /schemas/ids/{id}`, with or without a query: every consumer sends it for every schema it decodes. */
const SCHEMA_FETCH = /^\/schemas\/ids\/[1-9]\d{0,9}(\?.*)?$/;

/**
 * The level of a request's access-log line. Successful schema fetches are the bulk of all traffic
 * and say nothing new (the schema never changes; the request metrics count them), so they are
 * logged at debug; everything else, and every failure, at info.
 */
export function accessLogLevel(req: { method: string; url?: string }, res: { statusCode: number }, err?: unknown): 'debug' | 'info' {
  return !err && res.statusCode < 400 && req.method === 'GET' && SCHEMA_FETCH.test(req.url ?? '') ? 'debug' : 'info';
}

/**
 * Fastify's request logging, reduced to one line per request when it completes (no "incoming
 * request" line), at the level above, with probes of `/health` left out: load balancers call them
 * every few seconds. The line carries the request id as a field, written through the app's logger
 * rather than the request's child logger, which is then never made (see lazyChildLogger).
 */
export class AccessLog extends LogController {
  private readonly log: FastifyBaseLogger;

  /**
   * The line's shape is fixed here and none of its keys is a redacted path, while matching the
   * wildcard paths against every line was most of the cost of writing it (about 4.5 of 6.5 µs);
   * so it is written through a child without redaction. An error still goes through the `err`
   * serializer, which copies only an allow list of fields.
   */
  constructor(log: FastifyBaseLogger) {
    super();
    this.log = log.child({}, { redact: [] });
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (request.url.startsWith('/health')) return;
    const level = accessLogLevel(request, reply, error);
    const line = {
      reqId: request.id,
      req: { method: request.method, url: request.url },
      res: { statusCode: reply.statusCode },
      responseTime: reply.elapsedTime,
    };
    if (error) this.log[level]({ ...line, err: error }, 'request errored');
    else this.log[level](line, 'request completed');
  }
}

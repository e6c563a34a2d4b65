import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { Logger as Pino } from 'pino';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { requestIdOf } from '../http/request-id';
import { helmetHeaders } from '../http/security-headers';
import { ANONYMOUS } from '../auth/domain/principal';
import { Metrics } from '../operations/metrics';
import { SchemaCache } from '../registry/schema-cache';
import { OpenSchemaIds } from '../registry/schema-read-policy';
import { ServableIds } from '../registry/servable-ids';
import { UsageRecorder } from '../usage/usage-recorder';
import { REGISTRY_ANSWER_TYPES, REGISTRY_MEDIA_TYPE } from './registry-media-types';
import { wireSchemaString } from './registry-wire';

/** `GET /schemas/ids/{id}` with no query. */
const SCHEMA_FETCH_PATH = /^\/schemas\/ids\/[1-9]\d{0,9}$/;
const ROUTE = '/schemas/ids/:id';
const ID_OFFSET = '/schemas/ids/'.length;
const ACCEPTABLE = new Set(REGISTRY_ANSWER_TYPES);

/**
 * `GET /schemas/ids/{id}` is what every consumer asks for every schema it decodes, so it is
 * answered before the web framework when everything the answer depends on is already known here:
 * an anonymous read (allowed by the operator), no query parameters, a plain Accept, and an id
 * whose schema is cached and recently confirmed held by a version. The bytes are exactly those the
 * controller would send (same JSON, media type, request id rule and security headers), the request
 * is counted in the metrics, in usage (an anonymous read, in memory) and logged as the framework
 * would; any other request, and every miss,
 * goes through the framework unchanged. It stays because the framework route, measured, costs
 * several times the CPU per request of this one on the most frequent request of all.
 */
@Injectable()
export class SchemaByIdFastPath {
  private readonly bodies = new LRUCache<number, Buffer>({ max: 2_000 });
  private readonly securityHeaders = helmetHeaders();
  private log?: Pino;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cache: SchemaCache,
    private readonly servable: ServableIds,
    private readonly metrics: Metrics,
    private readonly openIds: OpenSchemaIds,
    private readonly usage: UsageRecorder,
  ) {}

  /** Puts the fast path in front of the framework's request handler on `server`; access lines go to `log`. */
  install(server: Server, log: Pino): void {
    this.log = log;
    const framework = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
    server.removeAllListeners('request');
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (!this.serve(req, res)) for (const handler of framework) handler(req, res);
    });
  }

  /** Answers the request and returns true, or returns false having touched nothing. */
  serve(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'GET' || req.headers.authorization !== undefined || !this.config.anonymousRegistryReads) return false;
    const url = req.url ?? '';
    if (!SCHEMA_FETCH_PATH.test(url)) return false;
    const mediaType = negotiated(req.headers.accept);
    const id = Number(url.slice(ID_OFFSET));
    if (!mediaType || !this.servable.known(id)) return false;
    // With reads of RESTRICTED topics' schemas requiring rights, only ids recently found open to
    // anonymous callers are served here; the framework route checks (and refuses) the others.
    if (this.config.schemaReadsRequireGrant !== 'off' && !this.openIds.isOpen(id)) return false;
    const body = this.body(id);
    if (!body) return false;

    const started = process.hrtime.bigint();
    const requestId = requestIdOf(req.headers['x-request-id']);
    res.writeHead(200, {
      'x-request-id': requestId,
      ...this.securityHeaders,
      'content-type': `${mediaType}; charset=utf-8`,
      'content-length': body.length,
    });
    res.end(body);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    this.metrics.observe('GET', ROUTE, 200, seconds);
    // Counted like any other read (in memory; written in batches): anonymous, with the client's identity.
    this.usage.observe(ANONYMOUS, req.headers, id);
    // The access-log line the framework writes for this request (at debug: see accessLogLevel).
    const log = this.log;
    if (log?.isLevelEnabled('debug'))
      log.debug(
        { reqId: requestId, req: { method: 'GET', url }, res: { statusCode: 200 }, responseTime: seconds * 1000 },
        'request completed',
      );
    return true;
  }

  private body(id: number): Buffer | undefined {
    const known = this.bodies.get(id);
    if (known) return known;
    const stored = this.cache.schema(id);
    if (!stored) return undefined;
    // Without a format the controller serves the stored canonical text, exactly this.
    const body = Buffer.from(JSON.stringify(wireSchemaString({ ...stored, schema: stored.canonical })));
    this.bodies.set(id, body);
    return body;
  }
}

/** The media type the controller would choose, when that is plain to see; otherwise undefined. */
function negotiated(accept: string | undefined): string | undefined {
  if (accept === undefined || accept === '' || accept === '*/*') return REGISTRY_MEDIA_TYPE;
  // The first range wins when it carries no parameters (no q-value that could reorder the list).
  const first = accept.split(',')[0].trim().toLowerCase();
  return ACCEPTABLE.has(first) ? first : undefined;
}

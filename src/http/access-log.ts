import type { IncomingMessage, ServerResponse } from 'node:http';

/** `GET /schemas/ids/{id}` (no query): every consumer sends it for every schema it decodes. */
export const SCHEMA_FETCH_PATH = /^\/schemas\/ids\/[1-9]\d{0,9}$/;
const SCHEMA_FETCH_WITH_QUERY = /^\/schemas\/ids\/[1-9]\d{0,9}(\?.*)?$/;

/**
 * The level of a request's access-log line. Successful schema fetches are the bulk of all traffic
 * and say nothing new (the schema never changes; the request metrics count them), so they are
 * logged at debug; everything else, and every failure, at info.
 */
export function accessLogLevel(req: IncomingMessage, res: ServerResponse, err?: Error): 'debug' | 'info' {
  return !err && res.statusCode < 400 && req.method === 'GET' && SCHEMA_FETCH_WITH_QUERY.test(req.url ?? '') ? 'debug' : 'info';
}

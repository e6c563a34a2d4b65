import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { DomainError } from '../kernel/domain-error';

/** Media types whose bodies are JSON: plain JSON and the Schema Registry's own types. */
export const JSON_MEDIA_TYPES = ['application/json', 'application/vnd.schemaregistry.v1+json', 'application/vnd.schemaregistry+json'];

/**
 * The request bodies Charter reads, all JSON. Registry clients may send JSON without a content
 * type or as octet-stream (Confluent reads both as JSON); any other declared type is refused with
 * 415 rather than seen as an empty body. Bodies are read as text under Fastify's body limit, which
 * refuses a declared Content-Length over the limit before reading a byte.
 */
export function registerBodyParsers(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser([...JSON_MEDIA_TYPES, 'application/octet-stream'], { parseAs: 'string' }, (_req, body, done) => {
    parseJson(body as string, done);
  });
  // The catch-all: no content type at all (read as JSON), or one Charter does not read.
  fastify.addContentTypeParser('*', { parseAs: 'string' }, (req, body, done) => {
    const type = req.headers['content-type'];
    if (type) return done(unsupported(type), undefined);
    parseJson(body as string, done);
  });
}

/**
 * An empty body is a missing body (undefined), which the controllers answer with 422. A
 * `__proto__` key is refused: it would become a prototype change in later object spreads.
 */
function parseJson(text: string, done: (err: Error | null, body?: unknown) => void): void {
  if (text.length === 0) return done(null, undefined);
  let body: unknown;
  try {
    body = secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'ignore' });
  } catch (err) {
    return done(new DomainError('MALFORMED_REQUEST', `Unrecognized JSON in the request body: ${(err as Error).message}`));
  }
  done(null, body);
}

function unsupported(type: string): DomainError {
  return new DomainError(
    'UNSUPPORTED_MEDIA_TYPE',
    `Unsupported media type '${type}': send application/vnd.schemaregistry.v1+json or application/json.`,
  );
}

import { HttpException, NotFoundException } from '@nestjs/common';

export interface RenderedError {
  status: number;
  body: { error_code: number; message: string };
  /** Response headers the status calls for (`Allow` on a 405). */
  headers?: Record<string, string>;
}

/** What the request failure needs to know about the request and the server. */
export interface RequestErrorContext {
  /** The methods declared for the request's path: a route miss with some is a 405. */
  allowedMethods(): readonly string[];
  bodyLimit: number;
}

/** The shape of Fastify's own errors (body reading, content types, URLs): a code and a status. */
interface FrameworkError {
  code: string;
  statusCode: number;
  message?: string;
}

function isFrameworkError(err: unknown): err is FrameworkError {
  return typeof err === 'object' && err !== null && typeof (err as FrameworkError).code === 'string'
    && (err as FrameworkError).code.startsWith('FST_') && typeof (err as FrameworkError).statusCode === 'number';
}

const envelope = (status: number, message: string): RenderedError => ({ status, body: { error_code: status, message } });

/**
 * Errors raised before any controller runs: body reading and routing. They get the same
 * `{error_code, message}` envelope as everything else, with Confluent's rest-utils codes, so
 * registry clients can read them (the framework's own error JSON would break their error handling).
 */
export function renderRequestError(exception: unknown, context: RequestErrorContext): RenderedError | undefined {
  if (isFrameworkError(exception) && exception.statusCode < 500) return renderFrameworkError(exception, context.bodyLimit);
  if (exception instanceof NotFoundException && isRouteMiss(exception)) {
    const allowed = context.allowedMethods();
    if (allowed.length > 0) {
      return { ...envelope(405, `HTTP 405 Method Not Allowed: use ${allowed.join(', ')}.`), headers: { allow: allowed.join(', ') } };
    }
    return envelope(404, 'HTTP 404 Not Found');
  }
  return undefined;
}

/** A 4xx raised by the framework itself, in the registry's envelope. */
export function renderFrameworkError(err: FrameworkError, bodyLimit: number): RenderedError {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return envelope(413, `The request body is larger than the limit of ${bodyLimit} bytes.`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return envelope(415, 'Unsupported media type: send application/vnd.schemaregistry.v1+json or application/json.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return envelope(400, 'The request body does not have the length its Content-Length header declares.');
    case 'FST_ERR_BAD_URL':
      return envelope(400, 'The request path is not a valid URL (bad percent-encoding).');
    default:
      return envelope(err.statusCode, err.message || 'Bad request.');
  }
}

// Nest's own "no route" error reads "Cannot GET /path"; services never throw NotFoundException.
function isRouteMiss(exception: HttpException): boolean {
  const response = exception.getResponse();
  const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
  return typeof message === 'string' && message.startsWith('Cannot ');
}

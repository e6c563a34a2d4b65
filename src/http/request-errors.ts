import { HttpException, NotFoundException } from '@nestjs/common';

export interface RenderedError {
  status: number;
  body: { error_code: number; message: string };
  /** Response headers the status calls for (`Allow` on a 405). */
  headers?: Record<string, string>;
}

/** The shape of errors raised by body-parser (http-errors): a status and a machine `type`. */
interface BodyParserError {
  type: string;
  status?: number;
  statusCode?: number;
  limit?: number;
  message?: string;
}

function isBodyParserError(err: unknown): err is BodyParserError {
  return typeof err === 'object' && err !== null && typeof (err as BodyParserError).type === 'string'
    && typeof ((err as BodyParserError).status ?? (err as BodyParserError).statusCode) === 'number';
}

const envelope = (status: number, message: string): RenderedError => ({ status, body: { error_code: status, message } });

/**
 * Errors raised before any controller runs: body parsing and routing. They get the same
 * `{error_code, message}` envelope as everything else, with Confluent's rest-utils codes, so
 * registry clients can read them (a bare Express HTML page would break their error handling).
 * `allowedMethods` gives the methods declared for the request's path: a route miss with some is a 405.
 */
export function renderRequestError(exception: unknown, allowedMethods: () => readonly string[]): RenderedError | undefined {
  if (isBodyParserError(exception)) {
    const status = exception.status ?? exception.statusCode ?? 400;
    if (exception.type === 'entity.parse.failed') return envelope(400, `Unrecognized JSON in the request body: ${exception.message}`);
    if (exception.type === 'entity.too.large') {
      return envelope(413, `The request body is larger than the limit of ${exception.limit ?? 'the configured'} bytes.`);
    }
    if (status === 415) return envelope(415, exception.message ?? 'Unsupported media type.');
    return envelope(status, exception.message ?? 'Bad request.');
  }
  // Nest hands body-parser failures on as HttpExceptions carrying the parser's status.
  if (exception instanceof HttpException && exception.getStatus() === 413) {
    return envelope(413, 'The request body is larger than the server accepts (CHARTER_MAX_BODY_BYTES).');
  }
  if (exception instanceof NotFoundException && isRouteMiss(exception)) {
    const allowed = allowedMethods();
    if (allowed.length > 0) {
      return { ...envelope(405, `HTTP 405 Method Not Allowed: use ${allowed.join(', ')}.`), headers: { allow: allowed.join(', ') } };
    }
    return envelope(404, 'HTTP 404 Not Found');
  }
  return undefined;
}

// Nest's own "no route" error reads "Cannot GET /path"; services never throw NotFoundException.
function isRouteMiss(exception: HttpException): boolean {
  const response = exception.getResponse();
  const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
  return typeof message === 'string' && message.startsWith('Cannot ');
}

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

const envelope = (status: number, message: string): RenderedError => ({ status, body: { error_code: status, message } });

/**
 * Errors raised before any controller runs: body reading and routing. They get the same
 * `{error_code, message}` envelope as everything else, with Confluent's rest-utils codes, so
 * registry clients can read them (the framework's own error JSON would break their error handling).
 */
export function renderRequestError(exception: unknown, context: RequestErrorContext): RenderedError | undefined {
  // Nest hands Fastify's own errors (body reading, content types) on as HttpExceptions with their status.
  if (exception instanceof HttpException && exception.getStatus() === 413) {
    return envelope(413, `The request body is larger than the limit of ${context.bodyLimit} bytes.`);
  }
  if (exception instanceof NotFoundException && isRouteMiss(exception)) {
    const allowed = context.allowedMethods();
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

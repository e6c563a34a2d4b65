import { HttpException, NotFoundException } from '@nestjs/common';
import type { Request } from 'express';

export interface RenderedError {
  status: number;
  body: { error_code: number; message: string };
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
 */
export function renderRequestError(exception: unknown, req: Request | undefined): RenderedError | undefined {
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
    const allowed = req ? allowedMethods(req) : [];
    if (allowed.length > 0) return envelope(405, `HTTP 405 Method Not Allowed: use ${allowed.join(', ')}.`);
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

interface RouterLayer {
  route?: { methods?: Record<string, boolean> };
  match?: (path: string) => boolean;
}

const CATCH_ALL_METHODS = 4;

/** The methods that would have matched this path, so a wrong method is a 405 and not a 404. */
function allowedMethods(req: Request): string[] {
  const router = (req.app as unknown as { router?: { stack?: RouterLayer[] } })?.router;
  const methods = new Set<string>();
  for (const layer of router?.stack ?? []) {
    const own = Object.keys(layer.route?.methods ?? {});
    // Catch-all layers (`all('*')`, middleware bound to every method) say nothing about this path.
    if (!layer.match || own.length === 0 || own.length > CATCH_ALL_METHODS || own.includes('_all')) continue;
    try {
      if (layer.match(req.path)) own.forEach((m) => methods.add(m.toUpperCase()));
    } catch {
      // A layer that cannot match this path says nothing about allowed methods.
    }
  }
  return [...methods].sort();
}

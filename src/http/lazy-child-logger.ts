import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions } from 'pino';

type LogMethod = (...args: unknown[]) => void;
const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Fastify's `childLoggerFactory`: a request's child logger, made only when something logs through
 * it. Fastify asks for one per request, and pino serialises the bindings of a child when it is
 * made, while most requests log nothing through theirs (the access line is written by AccessLog
 * with the request id as a field).
 */
export function lazyChildLogger(parent: FastifyBaseLogger, bindings: Bindings, opts: ChildLoggerOptions): FastifyBaseLogger {
  let real: FastifyBaseLogger | undefined;
  const child = () => (real ??= parent.child(bindings, opts));
  const logger: Record<string, unknown> = {
    child: (b: Bindings, o?: ChildLoggerOptions) => child().child(b, o),
  };
  for (const level of LEVELS) logger[level] = (...args: unknown[]) => (child()[level] as LogMethod)(...args);
  Object.defineProperty(logger, 'level', {
    get: () => real?.level ?? opts.level ?? parent.level,
    set: (value: string) => (child().level = value),
    enumerable: true,
  });
  return logger as unknown as FastifyBaseLogger;
}

import pino, { Logger, LoggerOptions } from 'pino';
import { serializeError } from '../kernel/error-serializer';

/**
 * Fields no log line may carry, wherever they appear in a logged object. Errors are rebuilt by
 * `serializeError` from an allow list; these paths catch credentials logged any other way.
 */
export const LOG_REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
  'parameters',
  'query',
  'driverError',
  '*.parameters',
  '*.driverError',
  'secret',
  '*.secret',
  'token',
  '*.token',
];

export const LOG_SERIALIZERS = { err: serializeError };

/**
 * The logger for what happens outside the application: start-up failures, configuration errors,
 * unhandled rejections and exceptions. Same JSON shape, serializers and redaction as the
 * application's logger; written synchronously to stderr so that the line is out before the
 * process exits.
 */
export function createProcessLogger(level: LoggerOptions['level'] = 'info'): Logger {
  return pino(
    { level, serializers: LOG_SERIALIZERS, redact: LOG_REDACT_PATHS, base: { pid: process.pid } },
    pino.destination({ fd: 2, sync: true }),
  );
}

/** Every error the process did not expect becomes one redacted JSON line, then the process ends. */
export function logUnhandledErrors(logger: Logger, exit: (code: number) => void = (code) => process.exit(code)): void {
  process.on('unhandledRejection', (reason) => {
    logger.fatal({ err: reason }, 'Unhandled promise rejection; stopping');
    exit(1);
  });
  process.on('uncaughtException', (err) => {
    logger.fatal({ err }, 'Uncaught exception; stopping');
    exit(1);
  });
}

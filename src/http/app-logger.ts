import type { LoggerService } from '@nestjs/common';
import pino, { Logger as Pino } from 'pino';
import { AppConfig } from '../config/app-config';
import { LOG_REDACT_PATHS, LOG_SERIALIZERS } from '../operations/log-options';

/**
 * The one structured logger of the process: Fastify writes the access log through it (with the
 * request id) and Nest's `Logger` writes everything else through it, as JSON lines on stdout.
 */
export function createLogger(config: Pick<AppConfig, 'logLevel'>): Pino {
  return pino({
    level: config.logLevel,
    // Credentials, SQL text and SQL parameters never reach the log.
    redact: LOG_REDACT_PATHS,
    serializers: LOG_SERIALIZERS,
  });
}

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * Nest's `LoggerService` over pino. Nest calls `log(message, ...params, context)`; an object
 * message is merged into the line (`logger.error({ err, correlationId }, 'text')`), an Error is
 * logged as `err`, and Nest's own `error(message, stack, context)` keeps the stack.
 */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly pino: Pino) {}

  log(message: unknown, ...params: unknown[]) {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]) {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]) {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]) {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]) {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]) {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]) {
    if (!this.pino.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    const rest = [...params];
    // Nest appends the logger's context (its name) as the last parameter.
    if (rest.length > 0 && typeof rest[rest.length - 1] === 'string') fields.context = rest.pop();
    if (level === 'error' && rest.length === 1 && typeof rest[0] === 'string' && typeof message === 'string') {
      fields.err = { message, stack: rest.pop() };
    }
    let text: string | undefined;
    if (message instanceof Error) fields.err = message;
    else if (typeof message === 'object' && message !== null) Object.assign(fields, message);
    else text = String(message);
    const extra = rest.filter((p) => typeof p === 'string') as string[];
    const msg = [text, ...extra].filter((s) => s !== undefined).join(' ');
    if (msg) this.pino[level](fields, msg);
    else this.pino[level](fields);
  }
}

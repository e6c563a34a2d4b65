import pino from 'pino';
import { safeErrorMessage, serializeError } from './error-serializer';

const SECRET = 'whsec_a-webhook-secret-that-must-stay-out-of-logs\u0000';
const HASH = 'f'.repeat(64);

/*
 * The kernel knows errors by shape, not by class: these stand-ins carry the fields the `pg` driver's
 * DatabaseError and TypeORM's QueryFailedError carry. The real classes are exercised in
 * src/database/error-serializer.drivers.spec.ts.
 */
class DatabaseError extends Error {
  override name = 'error';
  code?: string;
  severity?: string;
  routine?: string;
  detail?: string;
  constraint?: string;
  table?: string;
}

class QueryFailedError extends Error {
  override name = 'QueryFailedError';
  constructor(
    readonly query: string,
    readonly parameters: unknown[],
    readonly driverError: Error,
  ) {
    super(driverError.message);
  }
}

function pgError(message: string, code: string, extra: Partial<DatabaseError> = {}): DatabaseError {
  return Object.assign(new DatabaseError(message), { code, severity: 'ERROR', routine: 'x', ...extra });
}

function insertFailure(driverError: Error): QueryFailedError {
  return new QueryFailedError('INSERT INTO "webhook_subscription"("secret", "token_hash") VALUES ($1, $2)', [SECRET, HASH], driverError);
}

/** Everything pino would write for `logger.error({ err }, …)`, as text. */
function logged(err: unknown): string {
  const lines: string[] = [];
  const logger = pino({ serializers: { err: serializeError } }, { write: (line: string) => lines.push(line) });
  logger.error({ err }, 'failed');
  return lines.join('');
}

describe('serializeError', () => {
  it('drops the SQL text, its parameters and the driver error of a failed query', () => {
    const err = insertFailure(pgError('invalid byte sequence for encoding "UTF8": 0x00', '22021'));
    const text = logged(err);
    expect(text).not.toContain('whsec_a-webhook-secret');
    expect(text).not.toContain(HASH);
    expect(text).not.toContain('INSERT INTO');
    expect(JSON.parse(text).err).toMatchObject({
      type: 'QueryFailedError',
      code: '22021',
      message: 'invalid byte sequence for encoding "UTF8": (value not logged)',
    });
  });

  it('keeps constraint names but not the value of a unique violation', () => {
    const err = insertFailure(
      pgError('duplicate key value violates unique constraint "uq_api_token_hash"', '23505', {
        detail: `Key (token_hash)=(${HASH}) already exists.`,
        constraint: 'uq_api_token_hash',
        table: 'api_token',
      }),
    );
    const safe = serializeError(err) as Record<string, unknown>;
    expect(safe).toMatchObject({ code: '23505', constraint: 'uq_api_token_hash', table: 'api_token' });
    expect(JSON.stringify(safe)).not.toContain(HASH);
    expect(safe).not.toHaveProperty('detail');
  });

  it('removes the value a data exception quotes, also when pino serialized the error first', () => {
    const err = pgError('invalid input syntax for type uuid: "chr_not-a-uuid-but-a-token"', '22P02');
    expect(safeErrorMessage(err)).toBe('invalid input syntax for type uuid: (value not logged)');
    const preSerialized = pino.stdSerializers.err(err);
    const text = JSON.stringify(serializeError(preSerialized));
    expect(text).not.toContain('chr_not-a-uuid');
    expect(text).toContain('"type":"DatabaseError"');
  });

  it('rebuilds the stack from the safe message, with paths relative to the working folder', () => {
    const err = insertFailure(pgError('invalid input syntax for type uuid: "secret-value"', '22P02'));
    const safe = serializeError(err) as { stack: string };
    expect(safe.stack.split('\n')[0]).toBe('QueryFailedError: invalid input syntax for type uuid: (value not logged)');
    expect(safe.stack).toContain('\n    at ');
    expect(safe.stack).not.toContain('secret-value');
    expect(safe.stack).not.toContain(`${process.cwd()}/`);
  });

  it('copies only allowed fields of other errors, and follows causes', () => {
    const err = Object.assign(new Error('outer', { cause: insertFailure(pgError('boom', '23502')) }), {
      config: { headers: { authorization: 'Bearer chr_secret' } },
      code: 'E_OUTER',
    });
    const safe = serializeError(err) as Record<string, any>;
    expect(Object.keys(safe).sort()).toEqual(['cause', 'code', 'message', 'stack', 'type']);
    expect(safe.cause).toMatchObject({ type: 'QueryFailedError', code: '23502', message: 'boom' });
    expect(JSON.stringify(safe)).not.toContain('chr_secret');
    expect(JSON.stringify(safe)).not.toContain(HASH);
  });

  it('replaces control characters so that a NUL cannot cut or hide part of a line', () => {
    expect(safeErrorMessage(new Error('a\u0000b\u001bc'))).toBe('a\uFFFDb\uFFFDc');
    expect(serializeError('plain\u0000text')).toBe('plain\uFFFDtext');
  });
});

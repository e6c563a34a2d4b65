import { classifyDatabaseFailure, databaseFailureError, isDatabaseUnreachable } from './database-failure';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });
/** What TypeORM throws: the driver's error under `driverError`. */
const queryFailed = (driverError: unknown) => Object.assign(new Error('query failed'), { name: 'QueryFailedError', driverError });

describe('database failure classification', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['a reset connection', withCode('ECONNRESET')],
    ['admin shutdown (57P01)', withCode('57P01', 'terminating connection due to administrator command')],
    ['crash shutdown (57P02)', withCode('57P02')],
    ['cannot connect now (57P03)', withCode('57P03', 'the database system is starting up')],
    ['a connection exception (08006)', withCode('08006')],
    ['a connection that ended mid-query', new Error('Connection terminated unexpectedly')],
    ['no client from the pool in time', new Error('timeout exceeded when trying to connect')],
    ['a driver error wrapped by TypeORM', queryFailed(withCode('57P01'))],
    ['an aggregate of connection attempts', Object.assign(new Error(''), { errors: [withCode('ECONNREFUSED'), withCode('ECONNREFUSED')] })],
    ['a nested cause', new Error('outer', { cause: new Error('Connection terminated') })],
  ])('%s means the database is unreachable', (_name, err) => {
    expect(classifyDatabaseFailure(err)).toBe('unreachable');
    expect(isDatabaseUnreachable(err)).toBe(true);
    expect(databaseFailureError(err)).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });

  it('a read-only transaction (25006, a hot standby) is a read-only store, not an outage', () => {
    const err = queryFailed(withCode('25006', 'cannot execute INSERT in a read-only transaction'));
    expect(classifyDatabaseFailure(err)).toBe('read-only');
    expect(isDatabaseUnreachable(err)).toBe(false);
    expect(databaseFailureError(err)).toMatchObject({ code: 'READ_ONLY_STORE' });
  });

  it.each([
    ['a unique violation', queryFailed(withCode('23505'))],
    ['a syntax error', queryFailed(withCode('42601'))],
    ['a statement timeout (the server is there)', queryFailed(withCode('57014'))],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['nothing at all', undefined],
    ['a string', 'ECONNREFUSED'],
  ])('%s is not a database failure', (_name, err) => {
    expect(classifyDatabaseFailure(err)).toBeUndefined();
    expect(databaseFailureError(err)).toBeUndefined();
  });

  it('does not recurse forever through a cause that points at itself', () => {
    const err: Error & { cause?: unknown } = new Error('loop');
    err.cause = err;
    expect(classifyDatabaseFailure(err)).toBeUndefined();
  });
});

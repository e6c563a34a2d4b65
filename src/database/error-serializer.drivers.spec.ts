import { DatabaseError } from 'pg-protocol';
import { QueryFailedError } from 'typeorm';
import { serializeError } from '../kernel/error-serializer';

// The kernel recognises database errors by shape; this checks that the real driver and ORM classes
// still have that shape, so an upgrade of either cannot silently let SQL parameters into the logs.
describe('serializeError with the real pg and TypeORM errors', () => {
  const secret = 'whsec_a-webhook-secret-that-must-stay-out-of-logs';
  const hash = 'f'.repeat(64);

  it('drops the SQL text, its parameters and the quoted value, and keeps the constraint name', () => {
    const driverError = Object.assign(
      new DatabaseError('duplicate key value violates unique constraint "uq_api_token_hash"', 100, 'error'),
      {
        code: '23505',
        severity: 'ERROR',
        detail: `Key (token_hash)=(${hash}) already exists.`,
        constraint: 'uq_api_token_hash',
        table: 'api_token',
      },
    );
    const err = new QueryFailedError('INSERT INTO "api_token"("secret", "token_hash") VALUES ($1, $2)', [secret, hash], driverError);
    const safe = serializeError(err) as Record<string, unknown>;
    expect(safe).toMatchObject({ type: 'QueryFailedError', code: '23505', constraint: 'uq_api_token_hash', table: 'api_token' });
    const text = JSON.stringify(safe);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(hash);
    expect(text).not.toContain('INSERT INTO');
  });

  it('removes the value a data exception quotes', () => {
    const driverError = Object.assign(new DatabaseError('invalid input syntax for type uuid: "chr_token"', 100, 'error'), {
      code: '22P02',
      severity: 'ERROR',
    });
    const safe = serializeError(new QueryFailedError('SELECT 1', ['chr_token'], driverError)) as Record<string, unknown>;
    expect(safe.message).toBe('invalid input syntax for type uuid: (value not logged)');
  });
});

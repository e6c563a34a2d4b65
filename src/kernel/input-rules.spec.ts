import { CursorPart, decodeCursor, encodeCursor } from './paging';
import { DomainError } from './domain-error';
import { findInputProblem, parsePositiveInt32 } from './input-rules';

const deep = (n: number) => {
  let v: unknown = 'leaf';
  for (let i = 0; i < n; i++) v = { a: v };
  return v;
};

describe('edge input rules', () => {
  it('finds NUL in strings and keys at any depth, naming the path', () => {
    expect(findInputProblem({ a: [{ b: 'x\u0000' }] }, 'input')).toMatchObject({ field: 'input.a[0].b', rule: 'no-nul' });
    expect(findInputProblem({ ['k\u0000']: 1 }, 'input')).toMatchObject({ field: 'input', rule: 'no-nul' });
    expect(findInputProblem('a\u0000', 'slug')).toMatchObject({ field: 'slug', rule: 'no-nul' });
    expect(findInputProblem({ a: ['ok', 1, null, true] }, 'input')).toBeUndefined();
  });

  it('refuses nesting past the limit without overflowing its own stack', () => {
    expect(findInputProblem(deep(31), 'm')).toBeUndefined();
    expect(findInputProblem(deep(100_000), 'm')).toMatchObject({ rule: 'max-depth' });
  });

  it('keeps dates between 1970 and 9999', () => {
    expect(findInputProblem({ at: new Date('2030-01-01T00:00:00Z') }, 'f')).toBeUndefined();
    for (const bad of ['+275760-09-13T00:00:00Z', '1969-12-31T23:59:59Z', '10000-01-01T00:00:00Z', 'garbage']) {
      expect(findInputProblem({ at: new Date(bad) }, 'f')).toMatchObject({ field: 'f.at', rule: 'date-range' });
    }
  });

  it('parses positive 32-bit integers only', () => {
    expect(['1', '2147483647', '2147483648', '0', '-1', '1e3', ' 1', '99999999999'].map(parsePositiveInt32)).toEqual([
      1,
      2147483647,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('decodes a cursor only when its key has the shape the list expects', () => {
    const ok = encodeCursor(['2024-01-01T00:00:00.000Z', '0b3c3f8e-6f0d-4c61-9d0e-2a5a0f1f3c11']);
    expect(decodeCursor(ok, ['timestamp', 'uuid'])).toEqual(['2024-01-01T00:00:00.000Z', '0b3c3f8e-6f0d-4c61-9d0e-2a5a0f1f3c11']);
    expect(decodeCursor(encodeCursor([42]), ['int'])).toEqual(['42']);
    const forged: Array<[string, CursorPart[]]> = [
      [encodeCursor(['x']), ['int']],
      [encodeCursor([-1]), ['int']],
      [encodeCursor(['+275760-09-13T00:00:00.000Z', '0b3c3f8e-6f0d-4c61-9d0e-2a5a0f1f3c11']), ['timestamp', 'uuid']],
      [encodeCursor(['2024-01-01T00:00:00.000Z', 'nope']), ['timestamp', 'uuid']],
      [encodeCursor(['a\u0000']), ['text']],
      [encodeCursor(['a', 'b']), ['text']],
      [encodeCursor([1]), ['text']],
    ];
    for (const junk of ['e30', '!!', 'A'.repeat(5000)]) forged.push([junk, ['int']], [junk, ['text']]);
    {
      for (const [cursor, shape] of forged) {
        let error: unknown;
        try {
          decodeCursor(cursor, shape);
        } catch (err) {
          error = err;
        }
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).details).toMatchObject({ field: 'after', rule: 'cursor' });
      }
    }
  });
});

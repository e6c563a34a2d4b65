import fc from 'fast-check';

/**
 * Values an attacker or a broken client sends, by kind. Each arbitrary mixes plausible values (so
 * that requests get past the first check and reach deeper code) with hostile ones.
 */
export const FUZZ_SEED = 20261203;

const b64 = (text: string) => Buffer.from(text).toString('base64url');

export function deepJson(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

export const hostileStrings = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  'tab\there\nnew\rline\u001b[31m\u007f',
  '\u202e\u200b\ufeff',
  '\ud800',
  '😀'.repeat(50),
  'x'.repeat(70_000),
  '%00',
  '%E0%A4%A',
  '../../etc/passwd',
  "'; DROP TABLE teams; --",
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '2147483648',
  '-2147483649',
  '9223372036854775808',
  'null',
  'true',
  '{}',
  '[]',
  '__GLOBAL',
  'latest',
  '00000000-0000-0000-0000-000000000000',
  '0b3c3f8e-6f0d-4c61-9d0e-2a5a0f1f3c11',
  '0b3c3f8e-6f0d-4c61-9d0e-2a5a0f1f3c1',
  '0b3c3f8e-6f0d-4c61-9d0e-2a5a0f1f3c11\u0000',
  '+275760-09-13T00:00:00.000Z',
  '-271821-04-20T00:00:00.000Z',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '2030-02-30T25:61:61Z',
  b64('[]'),
  b64('["x"]'),
  b64('[1e400]'),
  b64('[-1]'),
  b64('["+275760-09-13T00:00:00.000Z","0b3c3f8e-6f0d-4c61-9d0e-2a5a0f1f3c11"]'),
  b64('["2020-01-01T00:00:00.000Z","not-a-uuid"]'),
  b64('["\u0000"]'),
  b64('{"a":1}'),
  b64(JSON.stringify(deepJson(200))),
  '!!!not base64!!!',
];

export const hostileInts = [0, -1, 1, 2, 3, 50, 200, 201, -2147483648, 2147483647, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1e308, 1.5, -0];

export const hostileString = (plausible: readonly string[] = []) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...hostileStrings) },
    { weight: plausible.length ? 3 : 0, arbitrary: plausible.length ? fc.constantFrom(...plausible) : fc.constant('') },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/) },
  );

export const hostileInt = () => fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...hostileInts) }, { weight: 1, arbitrary: fc.integer() });

/** JSON of every shape, including NUL keys and values and nesting far past any sane depth. */
export const hostileJson = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.constantFrom(deepJson(40), deepJson(1000), { ['k\u0000']: 'v' }, { properties: { a: 'b\u0000' } }) },
    { weight: 1, arbitrary: hostileString() },
    { weight: 1, arbitrary: hostileInt() },
  );

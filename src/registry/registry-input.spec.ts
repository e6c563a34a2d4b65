import { DomainError } from '../kernel/domain-error';
import { checkSubjectName, containsNul, parseLevel, parseMode, parseRegisterRequest, parseVersion, queryFlag } from './registry-input';
import { schemaIdentity } from './schema-identity';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as DomainError).code;
  }
  return undefined;
};

describe('registry input rules', () => {
  it('accepts versions ≥ 1, latest and -1 only', () => {
    expect(parseVersion('3')).toBe(3);
    expect(parseVersion('latest')).toBe('latest');
    expect(parseVersion('-1')).toBe('latest');
    for (const bad of ['0', '-2', 'earliest', '1.0', '2147483648', '']) expect(codeOf(() => parseVersion(bad))).toBe('INVALID_VERSION');
  });

  it('reads levels and modes in any case', () => {
    expect(parseLevel('full_transitive')).toBe('FULL_TRANSITIVE');
    expect(codeOf(() => parseLevel('SIDEWAYS'))).toBe('INVALID_COMPATIBILITY_LEVEL');
    expect(parseMode('import')).toBe('IMPORT');
    expect(codeOf(() => parseMode('FOO'))).toBe('INVALID_MODE');
  });

  it('refuses control characters and reserved subject names', () => {
    expect(codeOf(() => checkSubjectName('orders-value'))).toBeUndefined();
    for (const bad of ['a\u0000b', 'tab\there', '__GLOBAL', '__EMPTY', '']) expect(codeOf(() => checkSubjectName(bad))).toBe('INVALID_SUBJECT');
  });

  it('treats only "true" as true in query flags', () => {
    expect([queryFlag('true'), queryFlag('TRUE'), queryFlag('1'), queryFlag(undefined), queryFlag(['true', 'false'])]).toEqual([true, true, false, false, true]);
  });

  it('defaults schemaType to AVRO, needs exact case, and defaults reference versions to -1', () => {
    expect(parseRegisterRequest({ schema: '"int"' })).toMatchObject({ schemaType: 'AVRO', references: [] });
    expect(codeOf(() => parseRegisterRequest({ schema: '"int"', schemaType: 'avro' }))).toBe('INVALID_SCHEMA');
    expect(parseRegisterRequest({ schema: 'x', references: [{ name: 'n', subject: 's' }] }).references).toEqual([{ name: 'n', subject: 's', version: -1 }]);
    expect(codeOf(() => parseRegisterRequest(undefined))).toBe('INVALID_INPUT');
    expect(codeOf(() => parseRegisterRequest({ schema: 5 }))).toBe('MALFORMED_REQUEST');
  });

  it('hashes identity over canonical text, references and metadata in any key order', () => {
    const refs = [{ name: 'a.B', subject: 'b', version: 1 }];
    expect(schemaIdentity('"int"', [], null)).toBe(schemaIdentity('"int"', [], {}));
    expect(schemaIdentity('"int"', [], { properties: { a: '1', b: '2' } })).toBe(schemaIdentity('"int"', [], { properties: { b: '2', a: '1' } }));
    expect(schemaIdentity('"int"', refs, null)).not.toBe(schemaIdentity('"int"', [], null));
    expect(schemaIdentity('"int"', [], { properties: { a: '1' } })).not.toBe(schemaIdentity('"int"', [], null));
  });

  it('finds U+0000 anywhere in a value, keys included, which PostgreSQL could not store', () => {
    expect(containsNul('a\u0000')).toBe(true);
    expect(containsNul({ properties: { a: ['x', 'y\u0000'] } })).toBe(true);
    expect(containsNul({ ['k\u0000']: 1 })).toBe(true);
    expect(containsNul({ properties: { a: 'b', n: 1, z: null } })).toBe(false);
    expect(codeOf(() => parseRegisterRequest({ schema: '"string"', metadata: { properties: { a: '\u0000' } } }))).toBe('INVALID_SCHEMA');
  });
});

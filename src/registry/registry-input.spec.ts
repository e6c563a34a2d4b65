import { DomainError } from '../kernel/domain-error';
import {
  checkSubjectName,
  parseLevel,
  parseMode,
  parseRegisterRequest,
  parseSchemaId,
  parseVersion,
  queryFlag,
  queryInt,
  requireBody,
} from './registry-input';
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
    for (const bad of ['a\u0000b', 'tab\there', '__GLOBAL', '__EMPTY', ''])
      expect(codeOf(() => checkSubjectName(bad))).toBe('INVALID_SUBJECT');
  });

  it('treats only "true" as true in query flags', () => {
    expect([queryFlag('true'), queryFlag('TRUE'), queryFlag('1'), queryFlag(undefined), queryFlag(['true', 'false'])]).toEqual([
      true,
      true,
      false,
      false,
      true,
    ]);
  });

  it('defaults schemaType to AVRO, needs exact case, and defaults reference versions to -1', () => {
    expect(parseRegisterRequest({ schema: '"int"' })).toMatchObject({ schemaType: 'AVRO', references: [] });
    expect(codeOf(() => parseRegisterRequest({ schema: '"int"', schemaType: 'avro' }))).toBe('INVALID_SCHEMA');
    expect(parseRegisterRequest({ schema: 'x', references: [{ name: 'n', subject: 's' }] }).references).toEqual([
      { name: 'n', subject: 's', version: -1 },
    ]);
    expect(codeOf(() => parseRegisterRequest(undefined))).toBe('INVALID_INPUT');
    expect(codeOf(() => parseRegisterRequest({ schema: 5 }))).toBe('MALFORMED_REQUEST');
  });

  it('hashes identity over canonical text, references and metadata in any key order', () => {
    const refs = [{ name: 'a.B', subject: 'b', version: 1 }];
    expect(schemaIdentity('"int"', [], null)).toBe(schemaIdentity('"int"', [], {}));
    expect(schemaIdentity('"int"', [], { properties: { a: '1', b: '2' } })).toBe(
      schemaIdentity('"int"', [], { properties: { b: '2', a: '1' } }),
    );
    expect(schemaIdentity('"int"', refs, null)).not.toBe(schemaIdentity('"int"', [], null));
    expect(schemaIdentity('"int"', [], { properties: { a: '1' } })).not.toBe(schemaIdentity('"int"', [], null));
  });

  it('refuses U+0000 anywhere in a body, keys included, which PostgreSQL could not store', () => {
    expect(codeOf(() => requireBody({ compatibility: 'a\u0000' }))).toBe('INVALID_INPUT');
    expect(codeOf(() => requireBody({ properties: { a: ['x', 'y\u0000'] } }))).toBe('INVALID_INPUT');
    expect(codeOf(() => requireBody({ ['k\u0000']: 1 }))).toBe('INVALID_INPUT');
    expect(requireBody({ properties: { a: 'b', n: 1, z: null } })).toEqual({ properties: { a: 'b', n: 1, z: null } });
    expect(codeOf(() => parseRegisterRequest({ schema: '"s\u0000"' }))).toBe('INVALID_SCHEMA');
    expect(codeOf(() => parseRegisterRequest({ schema: '"string"', metadata: { properties: { a: '\u0000' } } }))).toBe('INVALID_SCHEMA');
  });

  it('refuses bodies nested deeper than the limit, naming the field', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 10000; i++) deep = { a: deep };
    let error: DomainError | undefined;
    try {
      parseRegisterRequest({ schema: '"int"', metadata: deep });
    } catch (err) {
      error = err as DomainError;
    }
    expect(error?.code).toBe('INVALID_SCHEMA');
    expect(error?.details).toMatchObject({ rule: 'max-depth' });
    expect(String(error?.details.field)).toMatch(/^metadata\.a\.a/);
    expect(codeOf(() => requireBody({ compatibility: 'NONE', defaultMetadata: deep }))).toBe('INVALID_INPUT');
  });

  it('keeps ids and versions within 32 bits', () => {
    expect(parseSchemaId('2147483647')).toBe(2147483647);
    for (const bad of ['2147483648', '9999999999', '0', '-1', '1e3', 'x', ''])
      expect(codeOf(() => parseSchemaId(bad))).toBe('SCHEMA_NOT_FOUND');
    const ref = (version: unknown) => () => parseRegisterRequest({ schema: 'x', references: [{ name: 'n', subject: 's', version }] });
    for (const bad of [2 ** 31, 1e300, -2, 0, 1.5, 'x']) expect(codeOf(ref(bad))).toBe('INVALID_SCHEMA');
    expect(codeOf(ref(2 ** 31 - 1))).toBeUndefined();
    expect(codeOf(() => parseRegisterRequest({ schema: 'x', version: 2 ** 31 }))).toBe('INVALID_SCHEMA');
    expect(codeOf(() => parseRegisterRequest({ schema: 'x', id: 2 ** 40 }))).toBe('INVALID_SCHEMA');
  });

  it('clamps paging numbers to 32 bits and ignores non-numbers', () => {
    expect([queryInt('99999999999999999999', 0), queryInt('-5', 0), queryInt('abc', 7), queryInt('12', 0)]).toEqual([
      2 ** 31 - 1,
      -1,
      7,
      12,
    ]);
  });
});

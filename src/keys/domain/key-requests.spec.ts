import { DomainError } from '../../kernel/domain-error';
import { checkAlgorithm, parseCreateDek, parseCreateKek, parseKeyVersion, parseUpdateKek } from './key-requests';

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return { code: (err as DomainError).code, field: (err as DomainError).details.field, message: (err as Error).message };
  }
  throw new Error('expected a refusal');
};

describe('key registry requests', () => {
  it('reads a KEK body, folding cloud KMS type spellings as Confluent does', () => {
    expect(parseCreateKek({ name: 'k', kmsType: 'AWS', kmsKeyId: 'arn:aws:kms:eu-west-1:1:key/x', kmsProps: { z: '1', a: '2' } })).toEqual({
      name: 'k',
      kmsType: 'aws-kms',
      kmsKeyId: 'arn:aws:kms:eu-west-1:1:key/x',
      kmsProps: { a: '2', z: '1' },
      doc: null,
      jurisdiction: undefined,
      deleted: false,
    });
  });

  it('refuses shared KEKs, bad names, missing ids and malformed key ids, naming the field', () => {
    expect(refusal(() => parseCreateKek({ name: 'k', kmsType: 'local-kms', kmsKeyId: 'x', shared: true }))).toMatchObject({
      code: 'INVALID_KEY',
      field: 'shared',
    });
    expect(refusal(() => parseUpdateKek({ shared: true })).field).toBe('shared');
    expect(refusal(() => parseCreateKek({ name: '-k', kmsType: 'local-kms', kmsKeyId: 'x' })).field).toBe('name');
    expect(refusal(() => parseCreateKek({ name: 'k', kmsType: 'local-kms' })).field).toBe('kmsKeyId');
    expect(refusal(() => parseCreateKek({ name: 'k', kmsKeyId: 'x' })).field).toBe('kmsType');
    expect(refusal(() => parseCreateKek({ name: 'k', kmsType: 'gcp-kms', kmsKeyId: 'keyRings/x' })).field).toBe('kmsKeyId');
    expect(refusal(() => parseCreateKek({ name: 'k', kmsType: 'local-kms', kmsKeyId: 'x', jurisdiction: 'eu' })).field).toBe(
      'jurisdiction',
    );
    expect(refusal(() => parseCreateKek({ name: 'k', kmsType: 'local-kms', kmsKeyId: 'x', kmsProps: { a: 1 } })).field).toBe('kmsProps');
  });

  it('reads a DEK body with Confluent defaults: version 1, AES256_GCM', () => {
    expect(parseCreateDek({ encryptedKeyMaterial: 'AAAA' }, 's-value')).toEqual({
      subject: 's-value',
      version: 1,
      algorithm: 'AES256_GCM',
      encryptedKeyMaterial: 'AAAA',
      deleted: false,
    });
  });

  it('refuses unknown algorithms, bad versions, missing or non-base64 material and control characters', () => {
    expect(refusal(() => parseCreateDek({ algorithm: 'DES', encryptedKeyMaterial: 'AAAA' }, 's')).field).toBe('algorithm');
    expect(refusal(() => parseCreateDek({ version: 0, encryptedKeyMaterial: 'AAAA' }, 's')).field).toBe('version');
    expect(refusal(() => parseCreateDek({ version: 1.5, encryptedKeyMaterial: 'AAAA' }, 's')).field).toBe('version');
    expect(refusal(() => parseCreateDek({}, 's')).field).toBe('encryptedKeyMaterial');
    expect(refusal(() => parseCreateDek({ encryptedKeyMaterial: 'not base64!' }, 's')).field).toBe('encryptedKeyMaterial');
    expect(refusal(() => parseCreateDek({ encryptedKeyMaterial: 'AAAA' }, 'a\u0000b')).field).toBe('subject');
    expect(refusal(() => checkAlgorithm('aes256_gcm')).field).toBe('algorithm');
  });

  it('reads path versions: latest and -1 for the newest, 1..2^31-1 otherwise', () => {
    expect(parseKeyVersion('latest')).toBe(-1);
    expect(parseKeyVersion('-1')).toBe(-1);
    expect(parseKeyVersion('2147483647')).toBe(2147483647);
    for (const bad of ['0', '2147483648', '-2', '1e3', 'x']) expect(refusal(() => parseKeyVersion(bad)).code).toBe('INVALID_VERSION');
  });
});

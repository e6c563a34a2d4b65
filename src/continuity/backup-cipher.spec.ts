import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decryptFile, encryptFile, isEncryptedBackup } from './backup-cipher';

describe('backup encryption (AES-256-GCM)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'charter-cipher-'));
  const key = randomBytes(32);
  const plain = join(dir, 'plain');
  const sealed = join(dir, 'sealed');
  writeFileSync(plain, 'header\n{"row":1}\n'.repeat(1000));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(() => encryptFile(plain, sealed, key));

  it('round-trips, and the file is private and does not hold the key or the text', async () => {
    expect(isEncryptedBackup(sealed)).toBe(true);
    expect(isEncryptedBackup(plain)).toBe(false);
    expect(statSync(sealed).mode & 0o777).toBe(0o600);
    const bytes = readFileSync(sealed);
    expect(bytes.includes(key)).toBe(false);
    expect(bytes.includes(Buffer.from('"row"'))).toBe(false);
    await decryptFile(sealed, join(dir, 'out'), key);
    expect(readFileSync(join(dir, 'out'), 'utf8')).toBe(readFileSync(plain, 'utf8'));
  });

  it.each([
    ['a wrong key', (b: Buffer) => b, randomBytes(32), 'encrypted under a different key'],
    ['no key', (b: Buffer) => b, undefined, 'no key is configured (set CHARTER_BACKUP_KEY)'],
    ['a truncated file', (b: Buffer) => b.subarray(0, b.length - 1), key, 'truncated or damaged'],
    ['a cut envelope', (b: Buffer) => b.subarray(0, 20), key, 'truncated (shorter than its envelope)'],
    ['an edited byte', (b: Buffer) => Buffer.from(b.map((x, i) => (i === 100 ? x ^ 1 : x))), key, 'truncated or damaged'],
  ])('refuses %s, naming the reason', async (_what, damage, useKey, reason) => {
    const file = join(dir, `damaged-${Math.random()}`);
    writeFileSync(file, damage(readFileSync(sealed)));
    await expect(decryptFile(file, join(dir, 'never'), useKey)).rejects.toThrow(reason);
  });
});

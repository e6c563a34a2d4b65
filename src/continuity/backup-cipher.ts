import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, openSync, readSync, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { BackupFileError } from './archive/backup-format';

/**
 * An encrypted backup is: MAGIC, a 12-byte IV, an 8-byte key check, the AES-256-GCM ciphertext of
 * the plain backup, and the 16-byte GCM tag. The key check (an HMAC of a constant under the key,
 * not the key) tells a wrong key apart from a damaged file; the tag proves the content intact.
 */
const MAGIC = Buffer.from('CHARTER-BACKUP-AES-256-GCM-1\n', 'utf8');
const IV = 12;
const CHECK = 8;
const TAG = 16;
const PREFIX = MAGIC.length + IV + CHECK;

const keyCheck = (key: Buffer) => createHmac('sha256', key).update('charter-backup-key-check').digest().subarray(0, CHECK);

export function isEncryptedBackup(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(MAGIC.length);
    const n = readSync(fd, head, 0, head.length, 0);
    return n === MAGIC.length && head.equals(MAGIC);
  } finally {
    closeSync(fd);
  }
}

export async function encryptFile(source: string, target: string, key: Buffer): Promise<void> {
  const iv = randomBytes(IV);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const out = createWriteStream(target, { mode: 0o600 });
  out.write(Buffer.concat([MAGIC, iv, keyCheck(key)]));
  await pipeline(createReadStream(source), cipher, out, { end: false });
  await new Promise<void>((resolve, reject) => out.end(cipher.getAuthTag(), (err?: Error | null) => (err ? reject(err) : resolve())));
}

/** Decrypts into `target` (mode 0600); a wrong key, a truncated or an edited file is refused by name. */
export async function decryptFile(source: string, target: string, key: Buffer | undefined): Promise<void> {
  if (!key) throw new BackupFileError('the backup is encrypted and no key is configured (set CHARTER_BACKUP_KEY)');
  const size = statSync(source).size;
  if (size < PREFIX + TAG) throw new BackupFileError('the encrypted backup is truncated (shorter than its envelope)');
  const fd = openSync(source, 'r');
  const head = Buffer.alloc(PREFIX);
  const tag = Buffer.alloc(TAG);
  try {
    readSync(fd, head, 0, PREFIX, 0);
    readSync(fd, tag, 0, TAG, size - TAG);
  } finally {
    closeSync(fd);
  }
  if (!head.subarray(MAGIC.length + IV).equals(keyCheck(key))) {
    throw new BackupFileError('the backup was encrypted under a different key (CHARTER_BACKUP_KEY does not match)');
  }
  const decipher = createDecipheriv('aes-256-gcm', key, head.subarray(MAGIC.length, MAGIC.length + IV));
  decipher.setAuthTag(tag);
  try {
    await pipeline(createReadStream(source, { start: PREFIX, end: size - TAG - 1 }), decipher, createWriteStream(target, { mode: 0o600 }));
  } catch {
    throw new BackupFileError('the encrypted backup is truncated or damaged (its authentication tag does not match)');
  }
}

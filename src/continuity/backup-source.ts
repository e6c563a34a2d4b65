import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decryptFile, isEncryptedBackup } from './backup-cipher';

export interface PlainBackup {
  /** A plain backup file to read; the original, or a private decrypted copy. */
  path: string;
  encrypted: boolean;
  dispose(): void;
}

/** Gives the plain form of a backup, decrypting an encrypted one into a private temporary folder. */
export async function openBackup(file: string, key: Buffer | undefined): Promise<PlainBackup> {
  if (!isEncryptedBackup(file)) return { path: file, encrypted: false, dispose: () => undefined };
  const dir = mkdtempSync(join(tmpdir(), 'charter-restore-'));
  const dispose = () => rmSync(dir, { recursive: true, force: true });
  try {
    const path = join(dir, 'backup.jsonl');
    await decryptFile(file, path, key);
    return { path, encrypted: true, dispose };
  } catch (err) {
    dispose();
    throw err;
  }
}

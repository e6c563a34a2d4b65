import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Exporter credentials are write-only: stored sealed, opened only by the worker that sends them
 * to the destination, never returned. With CHARTER_EXPORTER_CREDENTIALS_KEY they are encrypted with
 * AES-256-GCM (`v1:` iv.tag.ciphertext); without it they are only encoded (`v0:`), and the
 * operator is told at start-up that a database dump would show them.
 */
export function sealCredentials(credentials: Record<string, string>, key: Buffer | undefined): string | null {
  if (Object.keys(credentials).length === 0) return null;
  const plain = Buffer.from(JSON.stringify(credentials), 'utf8');
  if (!key) return `v0:${plain.toString('base64')}`;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
  return `v1:${iv.toString('base64')}.${cipher.getAuthTag().toString('base64')}.${sealed.toString('base64')}`;
}

export function openCredentials(sealed: string | null, key: Buffer | undefined): Record<string, string> {
  if (!sealed) return {};
  if (sealed.startsWith('v0:')) return JSON.parse(Buffer.from(sealed.slice(3), 'base64').toString('utf8'));
  if (!key) throw new Error('exporter credentials are encrypted but CHARTER_EXPORTER_CREDENTIALS_KEY is not set');
  const [iv, tag, data] = sealed.slice(3).split('.');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return JSON.parse(Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8'));
}

/** The Authorization header Confluent clients would send with these settings. */
export function authorizationOf(credentials: Record<string, string>): string | undefined {
  if (credentials['bearer.auth.token']) return `Bearer ${credentials['bearer.auth.token']}`;
  if (credentials['basic.auth.user.info']) return `Basic ${Buffer.from(credentials['basic.auth.user.info'], 'utf8').toString('base64')}`;
  return undefined;
}

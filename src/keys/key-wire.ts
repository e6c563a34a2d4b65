import { Dek, Kek } from './domain/key-vocabulary';

/**
 * Keys as Confluent's `Kek` and `Dek` JSON: null fields left out, `deleted` only when true, `ts` in
 * milliseconds. A KEK carries Charter's `jurisdiction` besides (clients ignore unknown fields).
 * A DEK never carries `keyMaterial`: Charter never holds a plain key.
 */
export function wireKek(kek: Kek) {
  return {
    name: kek.name,
    kmsType: kek.kmsType,
    kmsKeyId: kek.kmsKeyId,
    kmsProps: kek.kmsProps,
    ...(kek.doc !== null ? { doc: kek.doc } : {}),
    shared: kek.shared,
    ts: kek.updatedAt.getTime(),
    ...(kek.deleted ? { deleted: true } : {}),
    jurisdiction: kek.jurisdiction,
  };
}

export function wireDek(dek: Dek) {
  return {
    kekName: dek.kekName,
    subject: dek.subject,
    version: dek.version,
    algorithm: dek.algorithm,
    encryptedKeyMaterial: dek.encryptedKeyMaterial,
    ts: dek.updatedAt.getTime(),
    ...(dek.deleted ? { deleted: true } : {}),
  };
}

/** Confluent's `offset` and `limit` on lists (a negative limit means all). */
export function page<T>(items: T[], offset: number, limit: number): T[] {
  const from = Math.max(0, offset);
  return limit < 0 ? items.slice(from) : items.slice(from, from + limit);
}

import { createHash } from 'node:crypto';
import { Metadata, SchemaReference } from './registry.types';

/**
 * The content address of a schema (reference §1.3-5): MD5 over the canonical text, the references
 * and the metadata. The schema type is deliberately not part of it, as in Confluent. Object keys
 * are sorted so that the same metadata written in another order hashes the same.
 */
export function schemaIdentity(canonical: string, references: readonly SchemaReference[], metadata: Metadata | null | undefined): string {
  const refs = references.map((r) => ({ name: r.name, subject: r.subject, version: r.version }));
  return createHash('md5')
    .update(canonical)
    .update('\u0000')
    .update(JSON.stringify(refs))
    .update('\u0000')
    .update(metadata && Object.keys(metadata).length > 0 ? stableJson(metadata) : '')
    .digest('hex');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

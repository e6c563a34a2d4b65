import { createHash } from 'node:crypto';
import { isEmptyRuleSet } from '../data-contracts/domain/rule-set';
import { Metadata, RuleSet, SchemaReference } from './registry.types';

/**
 * The content address of a schema (docs/reference/confluent-registry.md, part 1.3-5): MD5 over the canonical text, the references
 * and the metadata. The schema type is deliberately not part of it, as in Confluent. Object keys
 * are sorted so that the same metadata written in another order hashes the same.
 */
export function schemaIdentity(
  canonical: string,
  references: readonly SchemaReference[],
  metadata: Metadata | null | undefined,
  ruleSet?: RuleSet | null,
): string {
  const refs = references.map((r) => ({ name: r.name, subject: r.subject, version: r.version }));
  const hash = createHash('md5')
    .update(canonical)
    .update('\u0000')
    .update(JSON.stringify(refs))
    .update('\u0000')
    .update(metadata && Object.keys(metadata).length > 0 ? stableJson(metadata) : '');
  // Only a schema with rules hashes them, so every address stored before rules existed stays the same.
  if (!isEmptyRuleSet(ruleSet)) hash.update('\u0000rules\u0000').update(stableJson(ruleSet));
  return hash.digest('hex');
}

/** The identity hash (32 hex digits) written as a UUID, as Confluent derives `guid` from its MD5. */
export function guidOf(hash: string): string {
  return `${hash.slice(0, 8)}-${hash.slice(8, 12)}-${hash.slice(12, 16)}-${hash.slice(16, 20)}-${hash.slice(20, 32)}`;
}

/** The identity hash a guid stands for, or undefined when the text is not a UUID. */
export function hashOfGuid(guid: string): string | undefined {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(guid) ? guid.replace(/-/g, '').toLowerCase() : undefined;
}

/** Rule-set equality regardless of key order; absent and empty are the same. */
export function sameRuleSet(a: RuleSet | null | undefined, b: RuleSet | null | undefined): boolean {
  const text = (r: RuleSet | null | undefined) => (isEmptyRuleSet(r) ? '' : stableJson(r));
  return text(a) === text(b);
}

/** Metadata equality regardless of key order; absent and empty are the same. */
export function sameMetadata(a: Metadata | null | undefined, b: Metadata | null | undefined): boolean {
  const text = (m: Metadata | null | undefined) => (m && Object.keys(m).length > 0 ? stableJson(m) : '');
  return text(a) === text(b);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

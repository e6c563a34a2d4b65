import { SchemaField } from '../../contracts/domain/schema-fields';
import { kindOf, Metadata, RuleSet, rulesOf } from './rule-set';

/**
 * The tags each field carries as the clients see them when they run field-level rules: the tags
 * written on the field in the schema, plus those `metadata.tags` assigns to it by path. Compared
 * exactly, as the clients compare them: a rule tagged `pii` does not apply to a field tagged `PII`.
 */
export function fieldTags(fields: readonly SchemaField[], metadata: Metadata | null | undefined): Map<string, Set<string>> {
  const external = Object.entries(metadata?.tags && typeof metadata.tags === 'object' ? metadata.tags : {});
  const result = new Map<string, Set<string>>();
  for (const field of fields) {
    const tags = new Set(field.tags);
    for (const [pattern, values] of external) {
      if (Array.isArray(values) && pathMatches(pattern, field.path)) for (const v of values) if (typeof v === 'string') tags.add(v);
    }
    result.set(field.path, tags);
  }
  return result;
}

/** Every tag some field carries. */
export function schemaTagSet(tags: Map<string, Set<string>>): Set<string> {
  return new Set([...tags.values()].flatMap((t) => [...t]));
}

/** Tags an ENCRYPT rule that is not disabled covers: the clients encrypt the fields carrying them. */
export function encryptedTags(ruleSet: RuleSet | null | undefined): Set<string> {
  return new Set(
    rulesOf(ruleSet)
      .filter(({ rule }) => rule.type === 'ENCRYPT' && kindOf(rule) === 'TRANSFORM' && rule.disabled !== true)
      .flatMap(({ rule }) => rule.tags ?? []),
  );
}

/** Whether the clients encrypt a field with these tags: an enabled ENCRYPT rule names one of them. */
export function isEncrypted(tags: ReadonlySet<string>, encrypted: ReadonlySet<string>): boolean {
  return [...tags].some((t) => encrypted.has(t));
}

/**
 * `metadata.tags` keys name fields by their full name (`com.acme.Person.email`, `**.email`), where
 * `*` stands for one segment and `**` for any number. Charter's paths start at the root record and
 * carry no type names, so a key matches when its last segments match the whole path.
 */
function pathMatches(pattern: string, path: string): boolean {
  const wanted = path.replace(/\[\]/g, '').split('.');
  const given = pattern.split('.');
  const match = (p: number, w: number): boolean => {
    if (w < 0) return true; // the pattern's remaining head names the enclosing types
    if (p < 0) return false;
    if (given[p] === '**') return match(p - 1, w) || match(p, w - 1);
    return segmentMatches(given[p], wanted[w]) && match(p - 1, w - 1);
  };
  return match(given.length - 1, wanted.length - 1);
}

function segmentMatches(pattern: string, segment: string): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*')) return pattern === segment;
  const regex = new RegExp(`^${pattern.split('*').map(escape).join('[^.]*')}$`);
  return regex.test(segment);
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

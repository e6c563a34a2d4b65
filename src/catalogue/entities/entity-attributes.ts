import { ParsedSchema } from '@charter/engine';
import { normalizeName } from '../../contracts/domain/field-names';
import { fieldsOf } from '../../contracts/domain/schema-fields';
import { invalidInput } from '../../kernel/domain-error';

export const MAX_ATTRIBUTES = 1000;
const ATTRIBUTE = /^[\p{L}\p{N}_.-]{1,200}$/u;

/**
 * An entity's attribute names as the replica rule compares them: one per name once case and
 * separators are ignored (the first spelling wins), in the order given.
 */
export function cleanAttributes(names: readonly string[], field = 'attributes'): string[] {
  const bad = names.find((n) => !ATTRIBUTE.test(n));
  if (bad !== undefined) {
    throw invalidInput(field, 'attribute-name', `'${bad}' is not an attribute name: use 1-200 letters, digits, '_', '-' or '.'.`);
  }
  const seen = new Set<string>();
  const unique = names.filter((n) => !seen.has(normalizeName(n)) && seen.add(normalizeName(n)));
  if (unique.length === 0) throw invalidInput(field, 'not-empty', 'An entity needs at least one attribute.');
  if (unique.length > MAX_ATTRIBUTES)
    throw invalidInput(field, 'max-attributes', `An entity may have at most ${MAX_ATTRIBUTES} attributes.`);
  return unique;
}

/** The leaf field names of a schema describing the entity's record. */
export function attributesOfSchema(schema: ParsedSchema, field: string): string[] {
  const names = fieldsOf(schema)
    .filter((f) => f.leaf)
    .map((f) => f.name);
  if (names.length === 0)
    throw invalidInput(
      field,
      'record-schema',
      'The schema has no fields to take attributes from; give a record, message or object schema.',
    );
  return cleanAttributes(names, field);
}

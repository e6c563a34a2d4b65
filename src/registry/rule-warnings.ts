import { ParsedSchema } from '@charter/engine';
import { fieldsOf } from '../contracts/domain/schema-fields';
import { fieldTags, schemaTagSet } from '../data-contracts/domain/field-tags';
import { ruleTagWarnings } from '../data-contracts/domain/rule-set-check';
import { Metadata, RuleSet } from './registry.types';
import { AdmissionFinding } from './schema-admission-policy';

/** Rule id of the warning a field-level rule gets when it names a tag no field carries. */
export const RULE_TAG_MISSING = 'rule-tag-missing';

/** Warnings about a version's rules, as findings beside the contract's (docs/data-contracts.md). */
export function ruleWarnings(
  schema: ParsedSchema,
  metadata: Metadata | null | undefined,
  ruleSet: RuleSet | null | undefined,
): AdmissionFinding[] {
  if (!ruleSet) return [];
  const tags = schemaTagSet(fieldTags(fieldsOf(schema), metadata));
  return ruleTagWarnings(ruleSet, tags).map((w) => ({
    rule: RULE_TAG_MISSING,
    severity: 'WARN' as const,
    path: w.field,
    message: w.message,
    hint: `Tag the fields the rule is meant for in the schema (e.g. "confluent:tags": ["${w.message.match(/tag '([^']*)'/)?.[1] ?? 'PII'}"]) or in metadata.tags, or correct the rule's tags (they are compared exactly).`,
  }));
}

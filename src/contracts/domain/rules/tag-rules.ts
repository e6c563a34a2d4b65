import { CLASSIFICATIONS } from '../../../catalogue/topics/domain/topic-vocabulary';
import { personalKind } from '../field-names';
import { effectiveTags } from '../field-stats';
import { Finding } from '../finding';
import { CREDENTIAL_TAG, normalizedTags, normalizeTag, PayloadContract, SENSITIVE_TAGS } from '../payload-contract';
import { ContractCheck } from './rule-input';

/** Declared tags against the topic's classification, and personal-looking names without a tag. */
export function tagFindings({ contract, classification, candidate }: ContractCheck): Finding[] {
  const findings: Finding[] = [];
  const governed = governedTags(contract);
  const allowed = new Set(normalizedTags(contract.allowedTags[classification]));
  for (const field of candidate) {
    for (const tag of normalizedTags(field.tags)) {
      if (tag === CREDENTIAL_TAG) {
        findings.push({
          rule: 'credential-field',
          severity: 'BLOCK',
          path: field.path,
          message: `Field \`${field.path}\` is tagged ${CREDENTIAL_TAG}: secrets never travel in events, whatever the topic's classification.`,
          hint: 'Remove the field; a consumer that needs to authenticate gets its credentials from a secrets manager, not from an event.',
        });
      } else if (governed.has(tag) && !allowed.has(tag)) {
        const lowest = CLASSIFICATIONS.find((c) => normalizedTags(contract.allowedTags[c]).includes(tag));
        findings.push({
          rule: 'tag-not-allowed',
          severity: 'BLOCK',
          path: field.path,
          message: `Field \`${field.path}\` is tagged ${tag}, which a ${classification} topic may not carry.`,
          hint: `Leave the field out and carry a reference that consumers with access can resolve${lowest ? `, or ask a steward to raise the topic's classification to ${lowest}` : ''}.`,
        });
      }
    }
  }
  const tags = effectiveTags(candidate);
  for (const field of candidate) {
    const kind = field.leaf && (tags.get(field.path) ?? []).length === 0 ? personalKind(field.name) : undefined;
    if (!kind) continue;
    findings.push({
      rule: 'untagged-personal-field',
      severity: 'WARN',
      path: field.path,
      message: `Field \`${field.path}\` looks like ${kind.what} but carries no tag.`,
      hint:
        kind.tag === CREDENTIAL_TAG
          ? 'If it holds a secret, remove it: credentials never belong in events. If not, rename it so it does not look like one.'
          : `Tag it ${kind.tag} in the schema (e.g. "confluent:tags": ["${kind.tag}"]) so the contract can check it against the topic's classification, or leave it out and carry a reference.`,
    });
  }
  return findings;
}

function governedTags(contract: PayloadContract): Set<string> {
  const named = Object.values(contract.allowedTags).flatMap((tags) => tags.map(normalizeTag));
  return new Set([...SENSITIVE_TAGS, ...named]);
}

import { encryptedTags, fieldTags } from '../../../data-contracts/domain/field-tags';
import { Finding, listOf } from '../finding';
import { DEFAULT_UNENCRYPTED_POLICY, normalizeTag, PERSONAL_TAG } from '../payload-contract';
import { ContractCheck } from './rule-input';

/**
 * `personal-data-unencrypted`: on a CONFIDENTIAL or RESTRICTED topic, every personal tag a field
 * carries (PII and the steward's personal tags, compared without case) needs an ENCRYPT rule in
 * the version's rule set that names that tag exactly, as the clients match it. One finding per tag
 * left uncovered, naming its fields: the remedy is one rule per tag.
 */
export function unencryptedPersonalDataFindings({ contract, classification, candidate, dataContract }: ContractCheck): Finding[] {
  if (classification !== 'CONFIDENTIAL' && classification !== 'RESTRICTED') return [];
  const severity = (contract.unencryptedPersonalData ?? DEFAULT_UNENCRYPTED_POLICY)[classification];
  if (severity === 'OFF') return [];
  const personal = new Set([PERSONAL_TAG, ...(contract.personalTags ?? [])].map(normalizeTag));
  const encrypted = encryptedTags(dataContract?.ruleSet);
  const uncovered = new Map<string, string[]>();
  for (const [path, tags] of fieldTags(candidate, dataContract?.metadata)) {
    for (const tag of tags) {
      if (!personal.has(normalizeTag(tag)) || encrypted.has(tag)) continue;
      uncovered.set(tag, [...(uncovered.get(tag) ?? []), path]);
    }
  }
  return [...uncovered].map(([tag, paths]) => ({
    rule: 'personal-data-unencrypted' as const,
    severity,
    path: '',
    message: `${paths.length === 1 ? 'Field' : 'Fields'} ${listOf(paths)} ${paths.length === 1 ? 'carries' : 'carry'} the personal tag ${tag}, and no ENCRYPT rule covers it on this ${classification} topic: producers would write it in clear.`,
    hint: `Add an ENCRYPT rule for tag ${tag} to the version's ruleSet (e.g. {"name": "encrypt${tag.replace(/[^\p{L}\p{N}_-]/gu, '')}", "kind": "TRANSFORM", "mode": "WRITEREAD", "type": "ENCRYPT", "tags": ["${tag}"], "params": {"encrypt.kek.name": "<your KEK>"}}), or leave the fields out and carry a reference.`,
  }));
}

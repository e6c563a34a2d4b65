import { CLASSIFICATIONS } from '../../catalogue/topics/domain/topic-vocabulary';
import {
  AllowedTags,
  ContractLimits,
  CREDENTIAL_TAG,
  ENCRYPTED_CLASSIFICATIONS,
  ENCRYPTION_SEVERITIES,
  ENFORCEMENTS,
  normalizedTags,
  PayloadContract,
} from './payload-contract';

/** Why a contract or a set of limits cannot be used; `field` is the input path, `rule` a stable id. */
export interface ContractProblem {
  field: string;
  rule: string;
  message: string;
}

type Counts = Pick<PayloadContract, 'maxLeafFields' | 'maxFieldsAddedPerVersion' | 'maxFieldsAddedTotal' | 'maxDepth'>;

const COUNT_FIELDS: (keyof Counts)[] = ['maxLeafFields', 'maxFieldsAddedPerVersion', 'maxFieldsAddedTotal', 'maxDepth'];
const NAME_PATTERN = /^[\p{L}\p{N}_.*-]+$/u;

/**
 * Everything wrong with an owner's contract, checked on its own (contradictory limits) and
 * against the steward's ceilings. Empty means it can be stored.
 */
export function validateContract(contract: PayloadContract, limits?: ContractLimits): ContractProblem[] {
  const problems = [...countProblems(contract), ...shareProblem('entityOverlapThreshold', contract.entityOverlapThreshold)];
  if (!(ENFORCEMENTS as readonly string[]).includes(contract.enforcement)) {
    problems.push({
      field: 'enforcement',
      rule: 'one-of',
      message: `enforcement must be BLOCK or WARN, not ${JSON.stringify(contract.enforcement)}.`,
    });
  }
  problems.push(...tagProblems('allowedTags', contract.allowedTags));
  problems.push(...requiredFieldProblems(contract));
  if (Number.isInteger(contract.maxLeafFields) && contract.requiredFields.length > contract.maxLeafFields) {
    problems.push({
      field: 'maxLeafFields',
      rule: 'fits-required-fields',
      message: `maxLeafFields (${contract.maxLeafFields}) is less than the ${contract.requiredFields.length} required fields: no schema could satisfy both.`,
    });
  }
  if (limits) {
    // A value that is wrong on its own is reported once, not again against the ceiling.
    const wrong = new Set(problems.map((p) => p.field));
    problems.push(...ceilingProblems(contract, limits).filter((p) => !wrong.has(p.field)));
  }
  return problems;
}

/** A steward's ceilings must be usable themselves. */
export function validateLimits(limits: ContractLimits): ContractProblem[] {
  return [
    ...countProblems(limits),
    ...shareProblem('maxEntityOverlapThreshold', limits.maxEntityOverlapThreshold),
    ...tagProblems('allowedTags', limits.allowedTags),
    ...encryptionProblems(limits),
  ];
}

function encryptionProblems(limits: ContractLimits): ContractProblem[] {
  const problems: ContractProblem[] = [];
  if (!Array.isArray(limits.personalTags) || limits.personalTags.some((t) => typeof t !== 'string' || t.trim() === '')) {
    problems.push({ field: 'personalTags', rule: 'tag-name', message: 'personalTags must list non-empty tag names.' });
  } else if (normalizedTags(limits.personalTags).includes(CREDENTIAL_TAG)) {
    problems.push({
      field: 'personalTags',
      rule: 'credential-never-allowed',
      message: 'CREDENTIAL is not personal data to encrypt: credentials never travel in events at all.',
    });
  }
  for (const classification of ENCRYPTED_CLASSIFICATIONS) {
    const value = limits.unencryptedPersonalData?.[classification];
    if (!(ENCRYPTION_SEVERITIES as readonly unknown[]).includes(value)) {
      problems.push({
        field: `unencryptedPersonalData.${classification}`,
        rule: 'one-of',
        message: `unencryptedPersonalData.${classification} must be BLOCK, WARN or OFF, not ${JSON.stringify(value)}.`,
      });
    }
  }
  return problems;
}

function countProblems(counts: Counts): ContractProblem[] {
  const problems: ContractProblem[] = [];
  for (const field of COUNT_FIELDS) {
    const value = counts[field];
    const minimum = field === 'maxLeafFields' || field === 'maxDepth' ? 1 : 0;
    if (!Number.isInteger(value) || value < minimum) {
      problems.push({
        field,
        rule: minimum === 1 ? 'positive-integer' : 'non-negative-integer',
        message: `${field} must be an integer of at least ${minimum}, not ${value}.`,
      });
    }
  }
  if (
    Number.isInteger(counts.maxFieldsAddedPerVersion) &&
    Number.isInteger(counts.maxFieldsAddedTotal) &&
    counts.maxFieldsAddedPerVersion > counts.maxFieldsAddedTotal
  ) {
    problems.push({
      field: 'maxFieldsAddedPerVersion',
      rule: 'at-most-total',
      message: `maxFieldsAddedPerVersion (${counts.maxFieldsAddedPerVersion}) is more than maxFieldsAddedTotal (${counts.maxFieldsAddedTotal}): one version could never add that many.`,
    });
  }
  return problems;
}

function shareProblem(field: string, value: number): ContractProblem[] {
  if (typeof value === 'number' && value > 0 && value <= 1) return [];
  return [{ field, rule: 'share', message: `${field} is a share of an entity's attributes: more than 0 and at most 1, not ${value}.` }];
}

/** A tag allowed on a less sensitive topic must be allowed on every more sensitive one. */
function tagProblems(field: string, allowed: AllowedTags): ContractProblem[] {
  const problems: ContractProblem[] = [];
  for (const key of Object.keys(allowed ?? {})) {
    if (!(CLASSIFICATIONS as readonly string[]).includes(key)) {
      problems.push({
        field: `${field}.${key}`,
        rule: 'classification',
        message: `'${key}' is not a classification; use ${CLASSIFICATIONS.join(', ')}.`,
      });
    }
  }
  CLASSIFICATIONS.forEach((classification, rank) => {
    const tags = allowed?.[classification] ?? [];
    const path = `${field}.${classification}`;
    if (tags.some((t) => typeof t !== 'string' || t.trim() === '')) {
      problems.push({ field: path, rule: 'tag-name', message: `${path} must list non-empty tag names.` });
      return;
    }
    if (normalizedTags(tags).includes(CREDENTIAL_TAG)) {
      problems.push({
        field: path,
        rule: 'credential-never-allowed',
        message: `${path} allows CREDENTIAL: secrets never belong in an event, whatever the classification.`,
      });
    }
    for (const higher of CLASSIFICATIONS.slice(rank + 1)) {
      const missing = normalizedTags(tags).filter((t) => !normalizedTags(allowed?.[higher]).includes(t));
      if (missing.length > 0) {
        problems.push({
          field: `${field}.${higher}`,
          rule: 'monotonic-tags',
          message: `${missing.join(', ')} is allowed on ${classification} topics but not on ${higher} ones, which are more sensitive.`,
        });
      }
    }
  });
  return problems;
}

function requiredFieldProblems(contract: PayloadContract): ContractProblem[] {
  const problems: ContractProblem[] = [];
  (contract.requiredFields ?? []).forEach((required, i) => {
    const path = `requiredFields[${i}]`;
    if (typeof required.label !== 'string' || required.label.trim() === '') {
      problems.push({
        field: `${path}.label`,
        rule: 'required',
        message: `${path}.label must name what the field is for (e.g. "event id").`,
      });
    }
    if (!Array.isArray(required.names) || required.names.length === 0) {
      problems.push({ field: `${path}.names`, rule: 'required', message: `${path}.names must list at least one field name.` });
    } else if (required.names.some((n) => typeof n !== 'string' || !NAME_PATTERN.test(n) || n.replace(/\*/g, '') === '')) {
      problems.push({
        field: `${path}.names`,
        rule: 'name-pattern',
        message: `${path}.names must be field names of letters, digits, '_', '-', '.' and '*' wildcards.`,
      });
    }
  });
  return problems;
}

function ceilingProblems(contract: PayloadContract, limits: ContractLimits): ContractProblem[] {
  const problems: ContractProblem[] = [];
  for (const field of COUNT_FIELDS) {
    if (contract[field] > limits[field]) {
      problems.push({
        field,
        rule: 'steward-ceiling',
        message: `${field} (${contract[field]}) is above the steward's ceiling of ${limits[field]}.`,
      });
    }
  }
  if (contract.entityOverlapThreshold > limits.maxEntityOverlapThreshold) {
    problems.push({
      field: 'entityOverlapThreshold',
      rule: 'steward-ceiling',
      message: `entityOverlapThreshold (${contract.entityOverlapThreshold}) is above the steward's ceiling of ${limits.maxEntityOverlapThreshold}.`,
    });
  }
  if (contract.enforcement === 'WARN' && !limits.allowWarnEnforcement) {
    problems.push({
      field: 'enforcement',
      rule: 'steward-ceiling',
      message: 'A steward requires contracts to block: enforcement WARN is not allowed.',
    });
  }
  for (const classification of CLASSIFICATIONS) {
    const beyond = excess(contract.allowedTags?.[classification], limits.allowedTags[classification]);
    if (beyond.length > 0) {
      problems.push({
        field: `allowedTags.${classification}`,
        rule: 'steward-ceiling',
        message: `${beyond.join(', ')} may not be allowed on ${classification} topics: the steward's ceiling allows ${describe(limits.allowedTags[classification])}.`,
      });
    }
  }
  return problems;
}

function excess(tags: string[] | undefined, ceiling: string[]): string[] {
  const allowed = normalizedTags(ceiling);
  return normalizedTags(tags).filter((t) => !allowed.includes(t));
}

function describe(tags: string[]): string {
  return tags.length > 0 ? normalizedTags(tags).join(', ') : 'none';
}

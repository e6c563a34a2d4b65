import { Classification, CLASSIFICATIONS, TopicIntent } from '../../catalogue/topics/domain/topic-vocabulary';

/** Tags the contract knows the meaning of; any tag named in `allowedTags` is governed too. */
export const SENSITIVE_TAGS = ['PII', 'FINANCIAL', 'HEALTH', 'CREDENTIAL'] as const;

/** Secrets never travel in events, whatever the classification: no contract may allow this tag. */
export const CREDENTIAL_TAG = 'CREDENTIAL';

export const ENFORCEMENTS = ['BLOCK', 'WARN'] as const;
export type Enforcement = (typeof ENFORCEMENTS)[number];

/** How the `personal-data-unencrypted` rule answers on a topic of one classification; OFF says nothing. */
export const ENCRYPTION_SEVERITIES = ['BLOCK', 'WARN', 'OFF'] as const;
export type EncryptionSeverity = (typeof ENCRYPTION_SEVERITIES)[number];

/** The classifications on which personal data must be encrypted by the clients (ENCRYPT rules). */
export const ENCRYPTED_CLASSIFICATIONS = ['CONFIDENTIAL', 'RESTRICTED'] as const;
export type UnencryptedPersonalDataPolicy = Record<(typeof ENCRYPTED_CLASSIFICATIONS)[number], EncryptionSeverity>;

/** PII is always personal; stewards may name more tags (e.g. HEALTH). */
export const PERSONAL_TAG = 'PII';

export const DEFAULT_UNENCRYPTED_POLICY: UnencryptedPersonalDataPolicy = { CONFIDENTIAL: 'WARN', RESTRICTED: 'BLOCK' };

/**
 * A field the schema must have, by alternative names compared without case and separators
 * (`eventId` = `event_id` = `EVENT-ID`); `*` matches any run of characters.
 */
export interface RequiredField {
  label: string;
  names: string[];
}

export type AllowedTags = Record<Classification, string[]>;

/** The replica guard's rules for one topic's schemas. */
export interface PayloadContract {
  maxLeafFields: number;
  maxFieldsAddedPerVersion: number;
  /** Leaf fields a version may have that the topic's first version did not. */
  maxFieldsAddedTotal: number;
  maxDepth: number;
  /** Governed tags a topic of each classification may carry. */
  allowedTags: AllowedTags;
  requiredFields: RequiredField[];
  /** An EVENT schema covering more than this share of an entity's attributes is a replica. */
  entityOverlapThreshold: number;
  /** WARN reports every finding without refusing the version. */
  enforcement: Enforcement;
  /** Set from the steward's limits when the contract is enforced (owners do not choose them). */
  personalTags?: string[];
  unencryptedPersonalData?: UnencryptedPersonalDataPolicy;
}

/** Ceilings a steward sets: an owner's contract may be stricter, never looser. */
export interface ContractLimits {
  maxLeafFields: number;
  maxFieldsAddedPerVersion: number;
  maxFieldsAddedTotal: number;
  maxDepth: number;
  maxEntityOverlapThreshold: number;
  /** The most an owner may allow per classification. */
  allowedTags: AllowedTags;
  /** Whether owners may turn their contract into warnings only. */
  allowWarnEnforcement: boolean;
  /** Tags besides PII that mark a field as personal data (`personal-data-unencrypted`). */
  personalTags: string[];
  /** The severity of `personal-data-unencrypted` per classification. */
  unencryptedPersonalData: UnencryptedPersonalDataPolicy;
}

export const DEFAULT_ALLOWED_TAGS: AllowedTags = {
  PUBLIC: [],
  INTERNAL: ['FINANCIAL'],
  CONFIDENTIAL: ['PII', 'FINANCIAL', 'HEALTH'],
  RESTRICTED: ['PII', 'FINANCIAL', 'HEALTH'],
};

/** What an event needs to be an event: something to deduplicate by, and when it happened. */
export const EVENT_REQUIRED_FIELDS: RequiredField[] = [
  { label: 'event id', names: ['eventId', 'id', 'messageId'] },
  { label: 'occurrence time', names: ['occurredAt', 'timestamp', 'eventTime', 'eventTimestamp', 'occurredOn'] },
];

/**
 * EVENT topics are notifications: few fields, slow growth, flat. STATE topics transfer a record
 * on purpose and may be wide. COMMANDs sit between.
 */
const SIZES: Record<
  TopicIntent,
  Pick<PayloadContract, 'maxLeafFields' | 'maxFieldsAddedPerVersion' | 'maxFieldsAddedTotal' | 'maxDepth'>
> = {
  EVENT: { maxLeafFields: 25, maxFieldsAddedPerVersion: 3, maxFieldsAddedTotal: 12, maxDepth: 3 },
  COMMAND: { maxLeafFields: 60, maxFieldsAddedPerVersion: 6, maxFieldsAddedTotal: 30, maxDepth: 4 },
  STATE: { maxLeafFields: 250, maxFieldsAddedPerVersion: 25, maxFieldsAddedTotal: 250, maxDepth: 6 },
};

export function defaultContract(intent: TopicIntent): PayloadContract {
  return {
    ...SIZES[intent],
    allowedTags: copyTags(DEFAULT_ALLOWED_TAGS),
    requiredFields: intent === 'EVENT' ? EVENT_REQUIRED_FIELDS.map((r) => ({ ...r, names: [...r.names] })) : [],
    entityOverlapThreshold: 0.5,
    enforcement: 'BLOCK',
  };
}

/** The ceilings that apply until a steward sets others. */
export function defaultLimits(): ContractLimits {
  return {
    maxLeafFields: 500,
    maxFieldsAddedPerVersion: 50,
    maxFieldsAddedTotal: 500,
    maxDepth: 10,
    maxEntityOverlapThreshold: 1,
    allowedTags: copyTags(DEFAULT_ALLOWED_TAGS),
    allowWarnEnforcement: true,
    personalTags: [],
    unencryptedPersonalData: { ...DEFAULT_UNENCRYPTED_POLICY },
  };
}

/**
 * The contract a topic gets when its owner never wrote one: the intent's defaults, tightened
 * wherever the steward's ceilings are lower.
 */
export function effectiveDefault(intent: TopicIntent, limits: ContractLimits): PayloadContract {
  return withinLimits(defaultContract(intent), limits);
}

/**
 * A contract as it is enforced: a steward may lower the ceilings after an owner wrote their
 * contract, and the lower ceiling wins until the owner edits it.
 */
export function withinLimits(contract: PayloadContract, limits: ContractLimits): PayloadContract {
  const tags = Object.fromEntries(
    CLASSIFICATIONS.map((c) => [c, contract.allowedTags[c].filter((t) => normalizedTags(limits.allowedTags[c]).includes(normalizeTag(t)))]),
  ) as AllowedTags;
  const total = Math.min(contract.maxFieldsAddedTotal, limits.maxFieldsAddedTotal);
  return {
    ...contract,
    maxLeafFields: Math.min(contract.maxLeafFields, limits.maxLeafFields),
    maxFieldsAddedPerVersion: Math.min(contract.maxFieldsAddedPerVersion, limits.maxFieldsAddedPerVersion, total),
    maxFieldsAddedTotal: total,
    maxDepth: Math.min(contract.maxDepth, limits.maxDepth),
    entityOverlapThreshold: Math.min(contract.entityOverlapThreshold, limits.maxEntityOverlapThreshold),
    allowedTags: tags,
    enforcement: limits.allowWarnEnforcement ? contract.enforcement : 'BLOCK',
    personalTags: [...(limits.personalTags ?? [])],
    unencryptedPersonalData: { ...DEFAULT_UNENCRYPTED_POLICY, ...(limits.unencryptedPersonalData ?? {}) },
  };
}

export const normalizeTag = (tag: string): string => tag.trim().toUpperCase();

export const normalizedTags = (tags: readonly string[] | undefined): string[] => [...new Set((tags ?? []).map(normalizeTag))];

function copyTags(tags: AllowedTags): AllowedTags {
  return Object.fromEntries(CLASSIFICATIONS.map((c) => [c, [...tags[c]]])) as AllowedTags;
}

/**
 * Confluent's data-contract vocabulary (docs/data-contracts.md): a schema version carries
 * `metadata` (tags, properties, sensitive) and a `ruleSet` the clients execute when they serialize
 * and deserialize. Both are kept exactly as sent; these types name what Charter reads in them.
 */

export const RULE_KINDS = ['CONDITION', 'TRANSFORM'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export const RULE_MODES = ['UPGRADE', 'DOWNGRADE', 'UPDOWN', 'WRITE', 'READ', 'WRITEREAD'] as const;
export type RuleMode = (typeof RULE_MODES)[number];

/** The three lists of a rule set, in the order Confluent writes them. */
export const RULE_LISTS = ['migrationRules', 'domainRules', 'encodingRules'] as const;
export type RuleList = (typeof RULE_LISTS)[number];

export interface Rule {
  name: string;
  doc?: string;
  /** Absent means TRANSFORM, as in Confluent. */
  kind?: RuleKind;
  /** Absent means WRITEREAD, as in Confluent. */
  mode?: RuleMode;
  type: string;
  tags?: string[];
  params?: Record<string, string>;
  expr?: string;
  onSuccess?: string;
  onFailure?: string;
  disabled?: boolean;
}

export interface RuleSet {
  migrationRules?: Rule[];
  domainRules?: Rule[];
  encodingRules?: Rule[];
  /** Confluent Cloud's execution environment switch; kept as sent. */
  enableAt?: string;
  [other: string]: unknown;
}

/** `properties` values are strings in Confluent; other keys are kept as sent. */
export interface Metadata {
  tags?: Record<string, string[]>;
  properties?: Record<string, string>;
  sensitive?: string[];
  [other: string]: unknown;
}

export const kindOf = (rule: Rule): RuleKind => rule.kind ?? 'TRANSFORM';
export const modeOf = (rule: Rule): RuleMode => rule.mode ?? 'WRITEREAD';

/** Every rule with the list it sits in. */
export function rulesOf(ruleSet: RuleSet | null | undefined): Array<{ list: RuleList; index: number; rule: Rule }> {
  if (!ruleSet) return [];
  return RULE_LISTS.flatMap((list) => (Array.isArray(ruleSet[list]) ? ruleSet[list]! : []).map((rule, index) => ({ list, index, rule })));
}

/** No rules in any list and nothing else said: the same as no rule set at all. */
export function isEmptyRuleSet(ruleSet: RuleSet | null | undefined): boolean {
  if (!ruleSet) return true;
  return Object.entries(ruleSet).every(([, v]) => v === undefined || v === null || (Array.isArray(v) && v.length === 0));
}

export function isEmptyMetadata(metadata: Metadata | null | undefined): boolean {
  return !metadata || Object.keys(metadata).length === 0;
}

/** The value of one metadata property (e.g. the compatibility group's `major_version`), or undefined. */
export function metadataProperty(metadata: Metadata | null | undefined, name: string): string | undefined {
  const props = metadata?.properties;
  if (!props || typeof props !== 'object') return undefined;
  const value = (props as Record<string, unknown>)[name];
  return value === undefined || value === null ? undefined : String(value);
}

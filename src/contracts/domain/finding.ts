/** Stable rule ids: clients, waivers and stored findings refer to them. */
export const CONTRACT_RULES = [
  'field-budget',
  'growth-per-version',
  'growth-total',
  'max-depth',
  'tag-not-allowed',
  'credential-field',
  'required-field-missing',
  'entity-replica',
  'untagged-personal-field',
  'personal-data-unencrypted',
] as const;

export type ContractRule = (typeof CONTRACT_RULES)[number];

export type Severity = 'BLOCK' | 'WARN';

/** One thing the replica guard found in a schema version: data first, rendered into messages by each protocol. */
export interface Finding {
  rule: ContractRule;
  severity: Severity;
  /** Field path the finding is about; '' for the schema as a whole. */
  path: string;
  message: string;
  /** What to do instead. */
  hint: string;
}

export const isContractRule = (value: unknown): value is ContractRule =>
  typeof value === 'string' && (CONTRACT_RULES as readonly string[]).includes(value);

/** `a, b, c and 4 more`: findings name fields without becoming walls of text. */
export function listOf(items: string[], max = 8): string {
  const shown = items.slice(0, max).map((i) => `\`${i}\``);
  const rest = items.length - shown.length;
  return rest > 0 ? `${shown.join(', ')} and ${rest} more` : shown.join(', ');
}

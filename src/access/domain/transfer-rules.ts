/**
 * Which jurisdictions data may flow between without a recorded legal basis. A rule is directional
 * (`EU>CH`: data living in the EU may be processed in CH); `A<>B` stands for both directions.
 * Transfers inside one jurisdiction never cross a border.
 */
export interface TransferRule {
  from: string;
  to: string;
}

const ADEQUACY = ['UK', 'CH', 'JP', 'CA'];

/** EU and EEA among each other and with jurisdictions the EU recognises as adequate. */
export const DEFAULT_ALLOWED_TRANSFERS: readonly string[] = ['EU<>EEA', ...ADEQUACY.flatMap((j) => [`EU<>${j}`, `EEA<>${j}`])];

const RULE = /^([A-Z][A-Z0-9_]{0,31})\s*(<>|>)\s*([A-Z][A-Z0-9_]{0,31})$/;

export type ParsedTransferRules = { rules: TransferRule[]; problems: [] } | { rules: null; problems: string[] };

/** Parses `A<>B` / `A>B` entries; every jurisdiction named must be a known one. */
export function parseTransferRules(entries: readonly string[], jurisdictions: readonly string[]): ParsedTransferRules {
  const rules: TransferRule[] = [];
  const problems: string[] = [];
  for (const entry of entries) {
    const match = RULE.exec(entry.trim());
    if (!match) {
      problems.push(`'${entry}' is not a transfer rule; write FROM>TO or A<>B, e.g. EU<>UK`);
      continue;
    }
    const [, from, arrow, to] = match;
    for (const j of [from, to]) {
      if (!jurisdictions.includes(j)) problems.push(`'${entry}' names '${j}', which is not in CHARTER_JURISDICTIONS`);
    }
    if (from === to) problems.push(`'${entry}' names the same jurisdiction twice`);
    rules.push({ from, to });
    if (arrow === '<>') rules.push({ from: to, to: from });
  }
  return problems.length ? { rules: null, problems } : { rules, problems: [] };
}

/** Data living in `topicJurisdiction`, processed in `consumerJurisdiction`, leaves its regime. */
export function isCrossBorder(topicJurisdiction: string, consumerJurisdiction: string, rules: readonly TransferRule[]): boolean {
  if (topicJurisdiction === consumerJurisdiction) return false;
  return !rules.some((r) => r.from === topicJurisdiction && r.to === consumerJurisdiction);
}

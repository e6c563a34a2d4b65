import { namePattern, normalizeName } from '../field-names';
import { Finding } from '../finding';
import { ContractCheck } from './rule-input';

export interface RequiredFieldResult {
  findings: Finding[];
  /** Paths of the fields that satisfy a requirement: envelope, not entity data. */
  satisfiedBy: Set<string>;
}

/**
 * A required field may sit at any depth (`metadata.eventId`) but not inside an array or map
 * element, where it would not identify the event.
 */
export function requiredFieldFindings({ contract, candidate }: ContractCheck): RequiredFieldResult {
  const findings: Finding[] = [];
  const satisfiedBy = new Set<string>();
  const eligible = candidate.filter((f) => !f.path.includes('[]'));
  for (const required of contract.requiredFields) {
    const patterns = required.names.map(namePattern);
    const match = eligible.find((f) => patterns.some((p) => p.test(normalizeName(f.name))));
    if (match) {
      satisfiedBy.add(match.path);
      continue;
    }
    findings.push({
      rule: 'required-field-missing',
      severity: 'BLOCK',
      path: '',
      message: `The schema has no ${required.label} field: expected one named ${alternatives(required.names)} (case and separators do not matter).`,
      hint: `Add a top-level \`${required.names[0]}\` field holding the ${required.label}, so consumers can ${purpose(required.label)}.`,
    });
  }
  return { findings, satisfiedBy };
}

function alternatives(names: string[]): string {
  const quoted = names.map((n) => `\`${n}\``);
  return quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}` : quoted[0];
}

function purpose(label: string): string {
  if (/id/i.test(label)) return 'deduplicate and trace it';
  if (/time/i.test(label)) return 'order it and know when the change happened';
  return 'rely on it';
}

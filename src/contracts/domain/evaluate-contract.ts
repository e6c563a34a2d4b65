import { CONTRACT_RULES, Finding } from './finding';
import { replicaFindings } from './rules/entity-replica-rule';
import { requiredFieldFindings } from './rules/required-field-rule';
import { ContractCheck } from './rules/rule-input';
import { sizeFindings } from './rules/size-rules';
import { tagFindings } from './rules/tag-rules';
import { unencryptedPersonalDataFindings } from './rules/encryption-rule';

export type { ContractCheck, EntityDescription } from './rules/rule-input';

/**
 * Everything the topic's payload contract has to say about a candidate schema version, in a
 * stable order (by rule, then as the fields appear). With enforcement WARN nothing blocks.
 */
export function evaluateContract(check: ContractCheck): Finding[] {
  const required = requiredFieldFindings(check);
  const findings = [
    ...sizeFindings(check),
    ...tagFindings(check),
    ...required.findings,
    ...replicaFindings(check, required.satisfiedBy),
    ...unencryptedPersonalDataFindings(check),
  ];
  const order = (f: Finding) => CONTRACT_RULES.indexOf(f.rule);
  findings.sort((a, b) => order(a) - order(b));
  return check.contract.enforcement === 'WARN' ? findings.map((f) => ({ ...f, severity: 'WARN' })) : findings;
}

export const blocking = (findings: Finding[]): Finding[] => findings.filter((f) => f.severity === 'BLOCK');

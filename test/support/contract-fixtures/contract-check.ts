import { SchemaType } from '@charter/engine';
import { Classification, TopicIntent } from '../../../src/catalogue/topics/domain/topic-vocabulary';
import { ContractCheck, evaluateContract, EntityDescription } from '../../../src/contracts/domain/evaluate-contract';
import { Finding } from '../../../src/contracts/domain/finding';
import { defaultContract, PayloadContract } from '../../../src/contracts/domain/payload-contract';
import { fieldsOf } from '../../../src/contracts/domain/schema-fields';
import { parseShape, Shape } from './schema-shapes';

export interface CheckOptions {
  contract?: Partial<PayloadContract>;
  intent?: TopicIntent;
  classification?: Classification;
  history?: Shape[];
  entities?: EntityDescription[];
  dataContract?: ContractCheck['dataContract'];
}

/**
 * Evaluates a shape written in one format against a contract (EVENT defaults unless changed). Specs only.
 * `personal-data-unencrypted` is off unless the contract given names its policy: each rule's spec
 * checks its own rule, and most shapes carry PII without any rule set.
 */
export function checkShape(schemaType: SchemaType, shape: Shape, options: CheckOptions = {}): Finding[] {
  const intent = options.intent ?? 'EVENT';
  return evaluateContract({
    contract: { ...defaultContract(intent), unencryptedPersonalData: { CONFIDENTIAL: 'OFF', RESTRICTED: 'OFF' }, ...options.contract },
    intent,
    classification: options.classification ?? 'CONFIDENTIAL',
    candidate: fieldsOf(parseShape(schemaType, shape)),
    history: (options.history ?? []).map((s) => fieldsOf(parseShape(schemaType, s))),
    entities: options.entities ?? [],
    dataContract: options.dataContract,
  });
}

/** `rule@path` (BLOCK) or `rule@path (WARN)`, compact enough to compare whole lists. */
export const summary = (findings: Finding[]): string[] =>
  findings.map((f) => `${f.rule}@${f.path}${f.severity === 'WARN' ? ' (WARN)' : ''}`);

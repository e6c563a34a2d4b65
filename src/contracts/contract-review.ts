import { EntityManager } from 'typeorm';
import { ParsedSchema } from '@charter/engine';
import { ContractCheck, evaluateContract } from './domain/evaluate-contract';
import { Finding } from './domain/finding';
import { fieldsOf, SchemaField } from './domain/schema-fields';
import { topicOfSubject } from '../catalogue/topics/domain/topic-vocabulary';
import { nameOf } from '../registry/qualified-subject';
import { topicStore } from '../catalogue/topics/topic.store';
import { contractStore, TopicContractView } from './contract.store';

export interface ContractReview {
  contract: TopicContractView;
  fields: SchemaField[];
  findings: Finding[];
}

/**
 * Checks a candidate for a subject against the contract of the catalogued topic it belongs to.
 * Only value subjects are governed: keys identify, they do not carry the payload. Undefined when
 * no contract applies (not a `<topic>-value` subject, or the topic is not catalogued). A subject in
 * a named context (`:.eu:orders-value`) is held to the contract of the topic of its unqualified name.
 */
export async function reviewCandidate(
  em: EntityManager,
  subject: string,
  schema: ParsedSchema,
  history: ReadonlyArray<{ schema: ParsedSchema }>,
  dataContract?: ContractCheck['dataContract'],
): Promise<ContractReview | undefined> {
  const owner = topicOfSubject(nameOf(subject));
  if (!owner || owner.part !== 'value') return undefined;
  const topic = await topicStore.byName(em, owner.topic);
  if (!topic) return undefined;
  const contract = await contractStore.contractOf(em, topic);
  const fields = fieldsOf(schema);
  // The rules compare with the first and the latest version only; long histories cost nothing more.
  const compared = history.length <= 2 ? history : [history[0], history[history.length - 1]];
  const findings = evaluateContract({
    contract: contract.enforced,
    intent: topic.intent,
    classification: topic.classification,
    candidate: fields,
    history: compared.map((h) => fieldsOf(h.schema)),
    entities: await contractStore.entities(em),
    dataContract,
  });
  return { contract, fields, findings };
}

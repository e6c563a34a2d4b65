import { Classification, TopicIntent } from '../../../catalogue/topics/domain/topic-vocabulary';
import { PayloadContract } from '../payload-contract';
import { SchemaField } from '../schema-fields';
import { Metadata, RuleSet } from '../../../data-contracts/domain/rule-set';

/** A system-of-record entity declared in the catalogue, as the replica rule needs it. */
export interface EntityDescription {
  id: string;
  name: string;
  attributes: string[];
  /** Where consumers should look the entity up instead (for hints). */
  sourceSystem?: string;
}

export interface ContractCheck {
  contract: PayloadContract;
  intent: TopicIntent;
  classification: Classification;
  candidate: SchemaField[];
  /** Fields of the subject's existing versions, oldest first; the rules read the first and the latest. */
  history: SchemaField[][];
  entities: EntityDescription[];
  /** The candidate's metadata and data-contract rules, as the version would be stored. */
  dataContract?: { metadata?: Metadata | null; ruleSet?: RuleSet | null };
}

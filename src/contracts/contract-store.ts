import { EntityManager } from 'typeorm';
import { EntityDescription } from './domain/evaluate-contract';
import {
  ContractLimits,
  DEFAULT_UNENCRYPTED_POLICY,
  defaultContract,
  defaultLimits,
  PayloadContract,
  withinLimits,
} from './domain/payload-contract';
import { CatalogueEntityEntity } from '../catalogue/entities/catalogue-entity.entity';
import { TopicIntent } from '../catalogue/topics/domain/topic-vocabulary';
import { TopicEntity } from '../catalogue/topics/topic.entity';
import { ContractWaiverEntity } from './contract-records.entity';
import { ContractLimitsEntity, TopicContractEntity } from './contract-settings.entity';

/** A topic's contract as written, as enforced, and the ceilings that make the difference. */
export interface TopicContractView {
  topic: TopicEntity;
  /** What the owner wrote, or the intent's defaults when they wrote nothing. */
  written: PayloadContract;
  /** `written` within the steward's current ceilings: what registrations are checked against. */
  enforced: PayloadContract;
  limits: ContractLimits;
  row?: TopicContractEntity;
  limitsRow?: ContractLimitsEntity;
}

/** Reads of contract data inside a caller's transaction (the registry's, or a service's). */
export const contractStore = {
  async limitsOf(em: EntityManager, intent: TopicIntent): Promise<{ limits: ContractLimits; row?: ContractLimitsEntity }> {
    const row = await em.findOneBy(ContractLimitsEntity, { intent });
    return { limits: row ? limitsFromRow(row) : defaultLimits(), row: row ?? undefined };
  },

  async contractOf(em: EntityManager, topic: TopicEntity): Promise<TopicContractView> {
    // One after the other: a transaction's queries share one connection anyway.
    const { limits, row: limitsRow } = await this.limitsOf(em, topic.intent);
    const row = await em.findOneBy(TopicContractEntity, { topicId: topic.id });
    const written = row ? contractFromRow(row) : defaultContract(topic.intent);
    return { topic, written, enforced: withinLimits(written, limits), limits, row: row ?? undefined, limitsRow };
  },

  async entities(em: EntityManager): Promise<EntityDescription[]> {
    const rows = await em.find(CatalogueEntityEntity, { order: { name: 'ASC' } });
    return rows.map((e) => ({ id: e.id, name: e.name, attributes: e.attributes, sourceSystem: e.sourceSystem }));
  },

  grantedWaivers(em: EntityManager, subject: string, schemaVersion: number): Promise<ContractWaiverEntity[]> {
    return em.find(ContractWaiverEntity, { where: { subject, schemaVersion, state: 'GRANTED' }, order: { requestedAt: 'ASC' } });
  },
};

export function contractFromRow(row: TopicContractEntity): PayloadContract {
  return {
    maxLeafFields: row.maxLeafFields,
    maxFieldsAddedPerVersion: row.maxFieldsAddedPerVersion,
    maxFieldsAddedTotal: row.maxFieldsAddedTotal,
    maxDepth: row.maxDepth,
    allowedTags: row.allowedTags,
    requiredFields: row.requiredFields,
    entityOverlapThreshold: row.entityOverlapThreshold,
    enforcement: row.enforcement,
  };
}

export function limitsFromRow(row: ContractLimitsEntity): ContractLimits {
  return {
    maxLeafFields: row.maxLeafFields,
    maxFieldsAddedPerVersion: row.maxFieldsAddedPerVersion,
    maxFieldsAddedTotal: row.maxFieldsAddedTotal,
    maxDepth: row.maxDepth,
    maxEntityOverlapThreshold: row.maxEntityOverlapThreshold,
    allowedTags: row.allowedTags,
    allowWarnEnforcement: row.allowWarnEnforcement,
    personalTags: row.personalTags ?? [],
    unencryptedPersonalData: { ...DEFAULT_UNENCRYPTED_POLICY, ...(row.unencryptedPersonalData ?? {}) },
  };
}

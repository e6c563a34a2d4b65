import { DeepPartial, EntityManager, In } from 'typeorm';
import { EntityDescription } from './domain/evaluate-contract';
import {
  ContractLimits,
  DEFAULT_UNENCRYPTED_POLICY,
  defaultContract,
  defaultLimits,
  PayloadContract,
  withinLimits,
} from './domain/payload-contract';
import { catalogueEntityStore } from '../catalogue/entities/catalogue-entity.store';
import { TopicIntent } from '../catalogue/topics/domain/topic-vocabulary';
import { TopicEntity } from '../catalogue/topics/topic.entity';
import { ContractCheckEntity } from './contract-records.entity';
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

// Limits rows may not exist yet; writers of one intent take turns on this lock instead of a row lock.
const LIMITS_LOCK_KEY = 7_316_050;
const INTENTS = ['EVENT', 'STATE', 'COMMAND'] as const;

/** The latest checked version of a catalogued topic's value subject, as `closestToBudget` ranks them. */
export interface LatestValueCheck {
  topic_id: string;
  intent: string;
  subject: string;
  schema_version: number;
  leaf_fields: number;
}

/**
 * Topic contracts, steward ceilings and the guard's checks, read and written inside a caller's
 * transaction (the registry's, or a service's); readers outside one pass `dataSource.manager`.
 */
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
    const rows = await catalogueEntityStore.list(em);
    return rows.map((e) => ({ id: e.id, name: e.name, attributes: e.attributes, sourceSystem: e.sourceSystem }));
  },

  /** The written contracts of many topics in one statement; topics without a row are absent. */
  contractRowsOf(em: EntityManager, topicIds: readonly string[]): Promise<TopicContractEntity[]> {
    return em.find(TopicContractEntity, { where: { topicId: In([...topicIds]) } });
  },

  /** Every intent's stored ceilings (intents without a row follow the defaults). */
  allLimitRows(em: EntityManager): Promise<ContractLimitsEntity[]> {
    return em.find(ContractLimitsEntity);
  },

  /** Inserts the topic's contract row, or updates it when `row` carries the stored one's version. */
  async saveContract(em: EntityManager, row: DeepPartial<TopicContractEntity>): Promise<void> {
    await em.save(em.create(TopicContractEntity, row));
  },

  async deleteContract(em: EntityManager, topicId: string): Promise<void> {
    await em.delete(TopicContractEntity, { topicId });
  },

  /** Until the transaction ends, the one writer of `intent`'s ceilings (whose row may not exist yet). */
  async lockLimits(em: EntityManager, intent: TopicIntent): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock($1, $2)', [LIMITS_LOCK_KEY, INTENTS.indexOf(intent)]);
  },

  async saveLimits(em: EntityManager, row: DeepPartial<ContractLimitsEntity>): Promise<void> {
    await em.save(em.create(ContractLimitsEntity, row));
  },

  /** The guard's findings and field figures for one registered version. */
  async insertCheck(em: EntityManager, check: ContractCheckEntity): Promise<void> {
    await em.insert(ContractCheckEntity, check);
  },

  /** Every recorded check of the given subjects, all versions, in one statement. */
  checksOf(em: EntityManager, subjects: readonly string[]): Promise<ContractCheckEntity[]> {
    return em.find(ContractCheckEntity, { where: { subject: In([...subjects]) } });
  },

  /** Per catalogued topic's value subject, the check of its latest live version. */
  latestValueChecks(em: EntityManager): Promise<LatestValueCheck[]> {
    return em.query(
      `SELECT DISTINCT ON (c.subject) c.topic_id, t.intent, c.subject, c.schema_version, c.leaf_fields
         FROM contract_check c
         JOIN registry_subject_version v ON v.subject = c.subject AND v.version = c.schema_version AND NOT v.deleted
         JOIN topic t ON t.id = c.topic_id AND c.subject = t.name || '-value'
        ORDER BY c.subject, c.schema_version DESC`,
    );
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

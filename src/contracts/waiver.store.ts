import { EntityManager, In } from 'typeorm';
import type { WaiverState } from './domain/waiver-decision';
import { ContractWaiverEntity } from './contract-records.entity';

/** A waiver as its requester leaves it: the store adds the id and the version. */
export type NewWaiver = Omit<ContractWaiverEntity, 'id' | 'version'>;

/** Waivers: requested by an owner, decided by a steward, read by the guard inside registrations. */
export const waiverStore = {
  /** Throws the unique violation of `contract_waiver_open_unique` when one is already open: the caller words it. */
  insert(em: EntityManager, waiver: NewWaiver): Promise<ContractWaiverEntity> {
    return em.save(em.create(ContractWaiverEntity, waiver));
  },

  /** The waiver, locked until the deciding transaction ends; null when there is none. */
  lock(em: EntityManager, id: string): Promise<ContractWaiverEntity | null> {
    return em.findOne(ContractWaiverEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  },

  /** Writes a decided waiver (its version column refuses a stale write). */
  save(em: EntityManager, waiver: ContractWaiverEntity): Promise<ContractWaiverEntity> {
    return em.save(waiver);
  },

  /** Newest first. */
  list(em: EntityManager, filter: { subject?: string; state?: WaiverState }, limit: number): Promise<ContractWaiverEntity[]> {
    return em.find(ContractWaiverEntity, {
      where: { ...(filter.subject ? { subject: filter.subject } : {}), ...(filter.state ? { state: filter.state } : {}) },
      order: { requestedAt: 'DESC' },
      take: limit,
    });
  },

  /** Every waiver of the given subjects, all versions, oldest first, in one statement. */
  ofSubjects(em: EntityManager, subjects: readonly string[]): Promise<ContractWaiverEntity[]> {
    return em.find(ContractWaiverEntity, { where: { subject: In([...subjects]) }, order: { requestedAt: 'ASC' } });
  },

  /** The granted waivers of one version, oldest first: the guard applies them in that order. */
  granted(em: EntityManager, subject: string, schemaVersion: number): Promise<ContractWaiverEntity[]> {
    return em.find(ContractWaiverEntity, { where: { subject, schemaVersion, state: 'GRANTED' }, order: { requestedAt: 'ASC' } });
  },
};

import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../auth/domain/principal';
import { ContractProblem, validateContract, validateLimits } from './domain/contract-validation';
import { ContractLimits, PayloadContract } from './domain/payload-contract';
import { Clock } from '../kernel/clock';
import { DomainError, notFound } from '../kernel/domain-error';
import { TopicIntent } from '../catalogue/topics/domain/topic-vocabulary';
import { TopicEntity } from '../catalogue/topics/topic.entity';
import { topicStore } from '../catalogue/topics/topic.store';
import { teamStore } from '../catalogue/teams/team.store';
import { assertMayEditContract, assertMaySetLimits } from './contract-permissions';
import { ContractLimitsEntity } from './contract-settings.entity';
import { contractStore, TopicContractView } from './contract.store';

/** Writes of topic contracts and steward ceilings, each with its audit entry in one transaction. */
@Injectable()
export class TopicContractService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  view(topicName: string): Promise<TopicContractView> {
    const em = this.dataSource.manager;
    return topicNamed(em, topicName).then((topic) => contractStore.contractOf(em, topic));
  }

  /** Merges `change` over the topic's written contract; the result must hold on its own and within the ceilings. */
  async update(
    actor: Principal,
    topicName: string,
    change: Partial<PayloadContract>,
    expectedVersion?: number,
  ): Promise<TopicContractView> {
    return this.dataSource.transaction(async (em) => {
      const topic = await topicNamed(em, topicName, true);
      assertMayEditContract(actor, await ownerSlugOf(em, topic));
      const current = await contractStore.contractOf(em, topic);
      checkVersion(`The contract of topic '${topicName}'`, current.row?.version, expectedVersion);
      const next: PayloadContract = { ...current.written, ...definedOnly(change) };
      rejectProblems(validateContract(next, current.limits));
      await contractStore.saveContract(em, {
        ...(current.row ?? {}),
        ...next,
        topicId: topic.id,
        updatedBy: actor.username,
        updatedAt: this.clock.now(),
      });
      await this.record(em, actor, 'contract.updated', 'topic', topic.name, { before: current.row ? current.written : null, after: next });
      return contractStore.contractOf(em, topic);
    });
  }

  /** Back to the intent's defaults (within the ceilings). */
  async reset(actor: Principal, topicName: string): Promise<TopicContractView> {
    return this.dataSource.transaction(async (em) => {
      const topic = await topicNamed(em, topicName, true);
      assertMayEditContract(actor, await ownerSlugOf(em, topic));
      const current = await contractStore.contractOf(em, topic);
      if (current.row) {
        await contractStore.deleteContract(em, topic.id);
        await this.record(em, actor, 'contract.reset', 'topic', topic.name, { before: current.written });
      }
      return contractStore.contractOf(em, topic);
    });
  }

  async limits(): Promise<Array<{ intent: TopicIntent; limits: ContractLimits; row?: ContractLimitsEntity }>> {
    const em = this.dataSource.manager;
    const out = [];
    for (const intent of ['EVENT', 'STATE', 'COMMAND'] as const) out.push({ intent, ...(await contractStore.limitsOf(em, intent)) });
    return out;
  }

  /** `unencryptedPersonalDataChange` changes only the classifications it names. */
  async setLimits(
    actor: Principal,
    intent: TopicIntent,
    change: Partial<ContractLimits> & { unencryptedPersonalDataChange?: Partial<ContractLimits['unencryptedPersonalData']> },
    expectedVersion?: number,
  ) {
    assertMaySetLimits(actor);
    return this.dataSource.transaction(async (em) => {
      await contractStore.lockLimits(em, intent);
      const current = await contractStore.limitsOf(em, intent);
      checkVersion(`The ${intent} contract limits`, current.row?.version, expectedVersion);
      const { unencryptedPersonalDataChange, ...plain } = change;
      const next: ContractLimits = { ...current.limits, ...definedOnly(plain) };
      if (unencryptedPersonalDataChange) {
        next.unencryptedPersonalData = { ...next.unencryptedPersonalData, ...definedOnly(unencryptedPersonalDataChange) };
      }
      rejectProblems(validateLimits(next));
      await contractStore.saveLimits(em, {
        ...(current.row ?? {}),
        ...next,
        intent,
        updatedBy: actor.username,
        updatedAt: this.clock.now(),
      });
      await this.record(em, actor, 'contract.limits-updated', 'contract-limits', intent, { before: current.limits, after: next });
      return { intent, ...(await contractStore.limitsOf(em, intent)) };
    });
  }

  private record(
    em: EntityManager,
    actor: Principal,
    action: string,
    targetType: string,
    targetId: string,
    details: Record<string, unknown>,
  ) {
    return this.audit.append(em, { actor: actor.username, action, targetType, targetId, details });
  }
}

/** The topic named `name`, locked for the writer's transaction when `lock` is set. */
export async function topicNamed(em: EntityManager, name: string, lock = false): Promise<TopicEntity> {
  const topic = await (lock ? topicStore.lockByName(em, name) : topicStore.byName(em, name));
  if (!topic) throw notFound('Topic', name);
  return topic;
}

/** The slug of the team owning `topic` (which always has one). */
export async function ownerSlugOf(em: EntityManager, topic: TopicEntity): Promise<string> {
  return (await teamStore.byId(em, topic.ownerTeamId)).slug;
}

/** A first write has no version to compare; later ones must name the version they saw, if any. */
function checkVersion(what: string, current: number | undefined, expected: number | undefined): void {
  if (expected === undefined || expected === (current ?? 0)) return;
  throw new DomainError('STALE_VERSION', `${what} is at version ${current ?? 0}, not ${expected}; reload it and retry.`, {
    field: 'expectedVersion',
    rule: 'current-version',
  });
}

function definedOnly<T extends object>(change: Partial<T>): Partial<T> {
  return Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;
}

/** Every problem in one message; the first one names the field and rule for clients. */
export function rejectProblems(problems: ContractProblem[]): void {
  if (problems.length === 0) return;
  throw new DomainError('INVALID_INPUT', problems.map((p) => `'${p.field}': ${p.message} (rule: ${p.rule})`).join('; '), {
    field: problems[0].field,
    rule: problems[0].rule,
    problems,
  });
}

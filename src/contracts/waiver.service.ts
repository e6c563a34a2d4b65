import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { isSteward, Principal } from '../auth/domain/principal';
import { ContractRule } from './domain/finding';
import { decideWaiver, WaiverCommand, WaiverState } from './domain/waiver-decision';
import { isUniqueViolation } from '../database/pg-errors';
import { Clock } from '../kernel/clock';
import { DomainError, invalidInput, notFound } from '../kernel/domain-error';
import { registryStore } from '../registry/registry.store';
import { topicOfSubject } from '../catalogue/topics/domain/topic-vocabulary';
import { assertMayRequestWaiver } from './contract-permissions';
import { ContractWaiverEntity } from './contract-records.entity';
import { ownerSlugOf, topicNamed } from './topic-contract.service';
import { waiverStore } from './waiver.store';

export interface WaiverRequest {
  subject: string;
  schemaVersion: number;
  rule: ContractRule;
  path?: string;
  schemaFingerprint?: string;
  justification: string;
}

/** Waivers: an owner asks for one version to pass a blocking rule, a steward (someone else) decides. */
@Injectable()
export class WaiverService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async request(actor: Principal, input: WaiverRequest): Promise<ContractWaiverEntity> {
    const owner = topicOfSubject(input.subject);
    if (!owner || owner.part !== 'value') {
      throw invalidInput(
        'subject',
        'value-subject',
        `'${input.subject}' is not the value subject of a topic ('<topic>-value'); only those have payload contracts.`,
      );
    }
    try {
      return await this.dataSource.transaction(async (em) => {
        const topic = await topicNamed(em, owner.topic);
        assertMayRequestWaiver(actor, await ownerSlugOf(em, topic));
        const versions = await registryStore.versionsOf(em, input.subject);
        const latest = versions[versions.length - 1]?.version ?? 0;
        if (input.schemaVersion <= latest) {
          throw invalidInput(
            'schemaVersion',
            'future-version',
            `Version ${input.schemaVersion} of '${input.subject}' is already registered; a waiver is for a version still to come (the next one is ${latest + 1}).`,
          );
        }
        const waiver = await waiverStore.insert(em, {
          subject: input.subject,
          schemaVersion: input.schemaVersion,
          schemaFingerprint: input.schemaFingerprint ?? null,
          rule: input.rule,
          path: input.path ?? null,
          justification: input.justification,
          state: 'REQUESTED',
          requestedBy: actor.username,
          requestedAt: this.clock.now(),
          decidedBy: null,
          decidedAt: null,
          decisionNote: null,
        });
        await this.record(em, actor, 'contract.waiver-requested', waiver, { justification: waiver.justification });
        return waiver;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'contract_waiver_open_unique')) {
        throw new DomainError(
          'ALREADY_EXISTS',
          `A waiver of rule '${input.rule}'${input.path ? ` at '${input.path}'` : ''} for version ${input.schemaVersion} of '${input.subject}'${input.schemaFingerprint ? ' and this schema' : ''} is already requested or granted.`,
          { field: 'rule', rule: 'one-open-waiver' },
        );
      }
      throw err;
    }
  }

  async decide(
    actor: Principal,
    id: string,
    command: WaiverCommand,
    note?: string,
    expectedVersion?: number,
  ): Promise<ContractWaiverEntity> {
    return this.dataSource.transaction(async (em) => {
      const waiver = await waiverStore.lock(em, id);
      if (!waiver) throw notFound('Waiver', id);
      if (expectedVersion !== undefined && expectedVersion !== waiver.version) {
        throw new DomainError(
          'STALE_VERSION',
          `Waiver '${id}' is at version ${waiver.version}, not ${expectedVersion}; reload it and retry.`,
          {
            field: 'expectedVersion',
            rule: 'current-version',
          },
        );
      }
      const before: WaiverState = waiver.state;
      waiver.state = decideWaiver(waiver, command, { username: actor.username, steward: isSteward(actor) });
      waiver.decidedBy = actor.username;
      waiver.decidedAt = this.clock.now();
      waiver.decisionNote = note ?? null;
      const saved = await waiverStore.save(em, waiver);
      await this.record(em, actor, command === 'APPROVE' ? 'contract.waiver-granted' : 'contract.waiver-rejected', saved, {
        before,
        after: saved.state,
        note: saved.decisionNote,
      });
      return saved;
    });
  }

  list(filter: { subject?: string; state?: WaiverState }, limit = 200): Promise<ContractWaiverEntity[]> {
    return waiverStore.list(this.dataSource.manager, filter, limit);
  }

  /** Waivers of many subject versions (`subject@version` keys) in one statement, for DataLoaders. */
  async forVersions(keys: readonly string[]): Promise<ContractWaiverEntity[][]> {
    const subjects = [...new Set(keys.map((k) => k.slice(0, k.lastIndexOf('@'))))];
    const rows = await waiverStore.ofSubjects(this.dataSource.manager, subjects);
    return keys.map((k) => rows.filter((w) => `${w.subject}@${w.schemaVersion}` === k));
  }

  private record(em: EntityManager, actor: Principal, action: string, waiver: ContractWaiverEntity, details: Record<string, unknown>) {
    return this.audit.append(em, {
      actor: actor.username,
      action,
      targetType: 'contract-waiver',
      targetId: waiver.id,
      details: { subject: waiver.subject, version: waiver.schemaVersion, rule: waiver.rule, path: waiver.path, ...details },
    });
  }
}

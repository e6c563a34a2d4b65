import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { Principal } from '../../auth/domain/principal';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { isUniqueViolation } from '../../database/pg-errors';
import { Clock } from '../../kernel/clock';
import { DomainError, invalidInput, notFound } from '../../kernel/domain-error';
import { ClusterService } from '../clusters/cluster.service';
import { teamStore } from '../teams/team.store';
import { TopicChange, TopicChangeListeners } from './topic-change-listeners';
import { Lifecycle } from './domain/topic-vocabulary';
import {
  assertConsistent,
  assertLifecycleMove,
  assertMayChangeLifecycle,
  assertMayRegister,
  assertMayTransfer,
  assertMayUpdate,
} from './topic-permissions';
import { changesBetween, snapshotOf } from './topic-snapshot';
import { TopicEntity } from './topic.entity';
import { topicStore } from './topic.store';
import {
  DeprecateTopicCommand,
  RegisterTopicCommand,
  RetireTopicCommand,
  TransferTopicCommand,
  UpdateTopicCommand,
} from './topic.commands';

const DETAIL_FIELDS = [
  'displayName',
  'description',
  'residency',
  'accessPolicy',
  'maxGrantDays',
  'tags',
  'contacts',
  'retentionMs',
  'partitions',
  'intent',
  'lifecycle',
] as const;

/** Catalogue writes: each runs in one transaction with its audit entry and the topic-change listeners. */
@Injectable()
export class TopicService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly listeners: TopicChangeListeners,
    private readonly clusters: ClusterService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async register(actor: Principal, input: RegisterTopicCommand): Promise<TopicEntity> {
    assertMayRegister(actor, input.ownerTeam);
    this.assertKnownJurisdiction(input.jurisdiction);
    const accessPolicy = input.accessPolicy ?? (input.classification === 'RESTRICTED' ? 'OWNER_AND_STEWARD_APPROVAL' : 'OWNER_APPROVAL');
    assertConsistent({ classification: input.classification, accessPolicy });
    try {
      return await this.dataSource.transaction(async (em) => {
        const team = await teamStore.bySlug(em, input.ownerTeam);
        if (!team) throw new DomainError('NOT_FOUND', `Team '${input.ownerTeam}' does not exist.`, { field: 'ownerTeam', rule: 'exists' });
        const cluster = await this.clusters.forNewTopic(em, input.cluster);
        const topic = await topicStore.insert(em, {
          name: input.name,
          displayName: input.displayName ?? input.name,
          description: input.description ?? '',
          ownerTeamId: team.id,
          clusterId: cluster.id,
          intent: input.intent,
          classification: input.classification,
          jurisdiction: input.jurisdiction,
          residency: input.residency ?? [],
          accessPolicy,
          maxGrantDays: input.maxGrantDays ?? null,
          lifecycle: input.lifecycle ?? 'DRAFT',
          sunsetAt: null,
          replacementTopicId: null,
          tags: input.tags ?? [],
          contacts: (input.contacts ?? []).map((c) => ({ kind: c.kind, value: c.value })),
          retentionMs: input.retentionMs ?? null,
          partitions: input.partitions ?? null,
          updatedAt: this.clock.now(),
        });
        await this.record(em, actor, 'topic.registered', topic, { after: snapshotOf(topic), cluster: cluster.name });
        return topic;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'topic_name_unique')) {
        throw new DomainError('ALREADY_EXISTS', `A topic named '${input.name}' is already catalogued.`, { field: 'name', rule: 'unique' });
      }
      throw err;
    }
  }

  async update(actor: Principal, input: UpdateTopicCommand): Promise<TopicEntity> {
    return this.change(actor, input.name, input.expectedVersion, async (_em, topic, ownerSlug) => {
      const otherFields = DETAIL_FIELDS.filter((f) => input[f] !== undefined && JSON.stringify(input[f]) !== JSON.stringify(topic[f]));
      assertMayUpdate(actor, ownerSlug, topic, { classification: input.classification, jurisdiction: input.jurisdiction, otherFields });
      if (input.jurisdiction !== undefined) this.assertKnownJurisdiction(input.jurisdiction);
      if (input.lifecycle !== undefined && input.lifecycle !== topic.lifecycle) assertLifecycleMove(topic.lifecycle, input.lifecycle);
      for (const f of otherFields) (topic as unknown as Record<string, unknown>)[f] = input[f];
      if (input.contacts) topic.contacts = input.contacts.map((c) => ({ kind: c.kind, value: c.value }));
      if (input.classification !== undefined) topic.classification = input.classification;
      if (input.jurisdiction !== undefined) topic.jurisdiction = input.jurisdiction;
      assertConsistent(topic);
      return 'topic.updated';
    });
  }

  async transfer(actor: Principal, input: TransferTopicCommand): Promise<TopicEntity> {
    return this.change(actor, input.name, input.expectedVersion, async (em, topic, ownerSlug) => {
      assertMayTransfer(actor, ownerSlug);
      const target = await teamStore.bySlug(em, input.toTeam);
      if (!target) throw new DomainError('NOT_FOUND', `Team '${input.toTeam}' does not exist.`, { field: 'toTeam', rule: 'exists' });
      topic.ownerTeamId = target.id;
      return 'topic.transferred';
    });
  }

  async deprecate(actor: Principal, input: DeprecateTopicCommand): Promise<TopicEntity> {
    return this.change(actor, input.name, input.expectedVersion, async (em, topic, ownerSlug) => {
      assertMayChangeLifecycle(actor, ownerSlug);
      assertLifecycleMove(topic.lifecycle, 'DEPRECATED');
      if (input.sunsetAt.getTime() <= this.clock.now().getTime()) {
        throw invalidInput('sunsetAt', 'future', 'The sunset date must be in the future.');
      }
      topic.replacementTopicId = input.replacementTopic ? await this.replacementId(em, topic, input.replacementTopic) : null;
      topic.sunsetAt = input.sunsetAt;
      topic.lifecycle = 'DEPRECATED';
      return 'topic.deprecated';
    });
  }

  async retire(actor: Principal, input: RetireTopicCommand): Promise<TopicEntity> {
    const override = { force: input.force ?? false, reason: input.reason?.trim() || undefined };
    return this.change(
      actor,
      input.name,
      input.expectedVersion,
      async (_em, topic, ownerSlug) => {
        assertMayChangeLifecycle(actor, ownerSlug);
        assertLifecycleMove(topic.lifecycle, 'RETIRED');
        topic.lifecycle = 'RETIRED' satisfies Lifecycle;
        return 'topic.retired';
      },
      override,
    );
  }

  /**
   * The shape of every change: lock the row, check the caller's version, let `apply` check rights
   * and mutate, then save, audit before/after and tell the listeners — all in one transaction.
   */
  private async change(
    actor: Principal,
    name: string,
    expectedVersion: number | undefined,
    apply: (em: EntityManager, topic: TopicEntity, ownerSlug: string) => Promise<string>,
    override?: TopicChange['override'],
  ): Promise<TopicEntity> {
    return this.dataSource.transaction(async (em) => {
      const topic = await topicStore.lockByName(em, name);
      if (!topic) throw notFound('Topic', name);
      if (expectedVersion !== undefined && expectedVersion !== topic.version) {
        throw new DomainError(
          'STALE_VERSION',
          `Topic '${name}' is at version ${topic.version}, not ${expectedVersion}; reload it and retry.`,
          {
            field: 'expectedVersion',
            rule: 'current-version',
          },
        );
      }
      const owner = await teamStore.byId(em, topic.ownerTeamId);
      const before = topicStore.copyOf(em, topic);
      const action = await apply(em, topic, owner.slug);
      const diff = changesBetween(before, topic);
      if (Object.keys(diff.after).length === 0) return topic;
      topic.updatedAt = this.clock.now();
      const saved = await topicStore.save(em, topic);
      await this.record(em, actor, action, saved, diff);
      await this.listeners.notify(em, { before, after: saved, actor, override });
      return saved;
    });
  }

  private async replacementId(em: EntityManager, topic: TopicEntity, replacement: string): Promise<string> {
    if (replacement === topic.name) throw invalidInput('replacementTopic', 'not-self', 'A topic cannot replace itself.');
    const target = await topicStore.byName(em, replacement);
    if (!target)
      throw new DomainError('NOT_FOUND', `Topic '${replacement}' does not exist.`, { field: 'replacementTopic', rule: 'exists' });
    if (target.lifecycle === 'RETIRED' || target.lifecycle === 'DEPRECATED') {
      throw invalidInput(
        'replacementTopic',
        'live-replacement',
        `Topic '${replacement}' is ${target.lifecycle} and cannot be a replacement.`,
      );
    }
    return target.id;
  }

  private assertKnownJurisdiction(code: string): void {
    if (!this.config.jurisdictions.includes(code)) {
      throw invalidInput(
        'jurisdiction',
        'known-jurisdiction',
        `'${code}' is not a configured jurisdiction; use one of ${this.config.jurisdictions.join(', ')}.`,
      );
    }
  }

  private record(em: EntityManager, actor: Principal, action: string, topic: TopicEntity, details: Record<string, unknown>) {
    return this.audit.append(em, { actor: actor.username, action, targetType: 'topic', targetId: topic.name, details });
  }
}

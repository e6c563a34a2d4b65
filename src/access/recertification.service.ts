import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { teamStore } from '../catalogue/teams/team.store';
import { topicStore } from '../catalogue/topics/topic.store';
import { Clock } from '../kernel/clock';
import { DomainError, invalidInput, notFound } from '../kernel/domain-error';
import { isUuid } from './access-ids';
import { seesEverything } from './access-visibility';
import { AccessDecisionService } from './access-decision.service';
import { AccessActor } from './domain/access-vocabulary';
import {
  assertMayStart,
  CampaignState,
  checkAnswer,
  checkDeadlineDays,
  checkNote,
  deadlineAfter,
  ItemState,
  RecertificationScope,
  scopeOf,
  ScopeInput,
} from './domain/recertification';
import { canSee } from './domain/visibility';
import { accessRequestStore, snapshotOf } from './persistence/access-request.store';
import { RecertificationCampaignEntity, RecertificationItemEntity } from './persistence/recertification.entity';
import { GrantScope, ItemWithGrant, recertificationStore } from './persistence/recertification.store';
import { enqueueCampaignStarted } from './webhooks/recertification-events';

export type { ItemWithGrant } from './persistence/recertification.store';

export interface StartRecertification {
  scope: ScopeInput;
  deadlineDays: number;
  note?: string | null;
}

export interface AnswerRecertification {
  itemId: string;
  decision: string;
  reason?: string | null;
}

const MAX_CAMPAIGNS_LISTED = 500;

/**
 * Recertification campaigns: a steward starts one over a scope, the topics' owners confirm or
 * revoke each grant in it. Revocation goes through the access workflow's own `apply` (its
 * transition table, audit entry and webhook). The deadline is the RecertificationDeadlineJob's.
 */
@Injectable()
export class RecertificationService {
  private readonly logger = new Logger('Recertification');

  constructor(
    private readonly dataSource: DataSource,
    private readonly decisions: AccessDecisionService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async start(actor: AccessActor, command: StartRecertification): Promise<RecertificationCampaignEntity> {
    try {
      assertMayStart(actor);
    } catch (err) {
      await this.auditRefusal(actor, 'recertification.start.refused', 'recertification-campaign', '-', err);
      throw err;
    }
    const scope = scopeOf(command.scope);
    const deadlineDays = checkDeadlineDays(command.deadlineDays);
    const note = checkNote(command.note);
    return this.dataSource.transaction(async (em) => {
      const grants = await this.grantScope(em, scope);
      const now = this.clock.now();
      const campaign = await recertificationStore.insertCampaign(em, {
        scopeKind: scope.kind,
        scopeValue: scope.value,
        deadlineDays,
        note,
        state: 'OPEN',
        startedBy: actor.username,
        startedAt: now,
        deadline: deadlineAfter(now, deadlineDays),
        closedAt: null,
      });
      const inScope = await recertificationStore.countInScope(em, grants, now);
      const created = await recertificationStore.insertItems(em, campaign, grants, now);
      const announced = await recertificationStore.announcedItems(em, created);
      await this.audit.append(em, {
        actor: actor.username,
        action: 'recertification.campaign.started',
        targetType: 'recertification-campaign',
        targetId: campaign.id,
        details: {
          scope: { kind: scope.kind, value: scope.value },
          deadlineDays,
          deadline: campaign.deadline.toISOString(),
          items: created.length,
          alreadyUnderReview: inScope - created.length,
          ...(note ? { note } : {}),
        },
      });
      await enqueueCampaignStarted(em, campaign, announced);
      return campaign;
    });
  }

  async answer(actor: AccessActor, command: AnswerRecertification): Promise<ItemWithGrant> {
    const { itemId } = command;
    if (!isUuid(itemId)) throw itemNotFound(itemId);
    try {
      return await this.dataSource.transaction(async (em) => {
        // Lock order: the item, then (in lockRequest) the topic and the grant; the deadline job takes the item first too.
        const item = await recertificationStore.lockItem(em, itemId);
        if (!item) throw itemNotFound(itemId);
        const loaded = await accessRequestStore.lockRequest(em, item.grantId, { lockTopic: true });
        const grant = snapshotOf(loaded);
        if (!canSee(grant, actor)) throw itemNotFound(itemId);
        const now = this.clock.now();
        const answer = checkAnswer(item, grant, command.decision, command.reason, actor, now);
        const context = { recertificationCampaign: item.campaignId, recertificationItem: item.id };
        if (answer.decision === 'REVOKE') {
          await this.decisions.apply(em, loaded, { kind: 'revoke', reason: answer.reason }, actor, context);
        } else {
          await this.audit.append(em, {
            actor: actor.username,
            action: 'recertification.grant.confirmed',
            targetType: 'access-request',
            targetId: item.grantId,
            details: {
              ...context,
              topic: loaded.topic.name,
              requestingTeam: loaded.requestingTeam.slug,
              ...(answer.reason ? { reason: answer.reason } : {}),
            },
          });
        }
        await closeItem(em, item, answer.decision === 'REVOKE' ? 'REVOKED' : 'CONFIRMED', actor.username, now, answer.reason);
        return { item, grant: loaded.request };
      });
    } catch (err) {
      if (err instanceof DomainError && err.code === 'FORBIDDEN') {
        await this.auditRefusal(actor, 'recertification.answer.refused', 'recertification-item', itemId, err, {
          decision: command.decision,
        });
      }
      throw err;
    }
  }

  /** Campaigns the caller may see: all for admins and stewards, else those holding an item of their teams. */
  async list(actor: AccessActor, state?: CampaignState | null): Promise<RecertificationCampaignEntity[]> {
    return recertificationStore.campaigns(this.dataSource.manager, state, seesEverything(actor) ? null : actor, MAX_CAMPAIGNS_LISTED);
  }

  async find(actor: AccessActor, id: string): Promise<RecertificationCampaignEntity> {
    if (!isUuid(id)) throw notFound('Recertification campaign', id);
    const campaign = await recertificationStore.campaign(this.dataSource.manager, id);
    if (!campaign) throw notFound('Recertification campaign', id);
    if (!seesEverything(actor) && (await this.itemsOf(actor, [id]))[0].length === 0) throw notFound('Recertification campaign', id);
    return campaign;
  }

  /** The items of each campaign the caller may see, with their grants, in two statements. */
  async itemsOf(actor: AccessActor, campaignIds: readonly string[]): Promise<ItemWithGrant[][]> {
    return recertificationStore.itemsOf(this.dataSource.manager, campaignIds, seesEverything(actor) ? null : actor);
  }

  /** The grants in scope, by the id of its team or topic: a campaign over a team or topic that does not exist is refused. */
  private async grantScope(em: EntityManager, scope: RecertificationScope): Promise<GrantScope> {
    if (scope.kind === 'TEAM') {
      const team = await teamStore.bySlug(em, scope.value);
      if (!team) throw invalidInput('scope.team', 'known-team', `'scope.team': team '${scope.value}' does not exist.`);
      return { kind: 'TEAM', param: team.id };
    }
    if (scope.kind === 'TOPIC') {
      const topic = await topicStore.byName(em, scope.value);
      if (!topic) throw invalidInput('scope.topic', 'known-topic', `'scope.topic': topic '${scope.value}' does not exist.`);
      return { kind: 'TOPIC', param: topic.id };
    }
    return { kind: 'CLASSIFICATION', param: scope.value };
  }

  /** A refused decision is on the record too, in a transaction of its own (the decision's rolled back). */
  private async auditRefusal(
    actor: AccessActor,
    action: string,
    targetType: string,
    targetId: string,
    err: unknown,
    details: Record<string, unknown> = {},
  ) {
    if (!(err instanceof DomainError)) return;
    try {
      await this.dataSource.transaction((em) =>
        this.audit.append(em, {
          actor: actor.username,
          action,
          targetType,
          targetId,
          details: { ...details, code: err.code, rule: err.details.rule ?? null, message: err.message },
        }),
      );
    } catch (auditErr) {
      this.logger.error({ err: auditErr }, 'Could not audit a refused recertification decision');
    }
  }
}

const itemNotFound = (id: string) =>
  new DomainError('NOT_FOUND', `Recertification item '${id}' does not exist.`, {
    field: 'itemId',
    target: 'Recertification item',
    key: id,
  });

/** Moves an item out of OPEN exactly once: a second writer (another replica, the deadline job) finds it closed. */
export async function closeItem(
  em: EntityManager,
  item: RecertificationItemEntity,
  state: Exclude<ItemState, 'OPEN'>,
  by: string,
  now: Date,
  reason: string | null,
): Promise<void> {
  if (!(await recertificationStore.closeOpenItem(em, item.id, { state, decidedBy: by, decidedAt: now, reason }))) {
    throw new DomainError('CONFLICT', `Recertification item ${item.id} was closed meanwhile; reload it.`, {
      field: 'itemId',
      rule: 'item-closed',
    });
  }
  Object.assign(item, { state, decidedBy: by, decidedAt: now, reason });
}

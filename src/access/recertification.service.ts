import { Injectable, Logger } from '@nestjs/common';
import { Brackets, DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { TeamEntity } from '../catalogue/teams/team.entity';
import { TopicEntity } from '../catalogue/topics/topic.entity';
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
import { AccessRequestEntity } from './persistence/access-request.entity';
import { lockRequest, snapshotOf } from './persistence/access-request.store';
import { RecertificationCampaignEntity, RecertificationItemEntity } from './persistence/recertification.entity';
import { AnnouncedItem, enqueueCampaignStarted } from './webhooks/recertification-events';

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

/** An item with the grant it is about. */
export interface ItemWithGrant {
  item: RecertificationItemEntity;
  grant: AccessRequestEntity;
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
      const filter = await this.scopeFilter(em, scope);
      const now = this.clock.now();
      const campaign = await em.save(
        em.create(RecertificationCampaignEntity, {
          scopeKind: scope.kind,
          scopeValue: scope.value,
          deadlineDays,
          note,
          state: 'OPEN' as CampaignState,
          startedBy: actor.username,
          startedAt: now,
          deadline: deadlineAfter(now, deadlineDays),
          closedAt: null,
        }),
      );
      const inScope: Array<{ count: number }> = await em.query(
        `SELECT count(*)::int AS count FROM access_request r JOIN topic t ON t.id = r.topic_id
          WHERE r.state = 'APPROVED' AND r.grant_end > $1 AND ${filter.sql.replace('$X', '$2')}`,
        [now, filter.param],
      );
      // A grant already under an open item of another campaign is left to that one.
      const created: Array<{ id: string; grant_id: string }> = await em.query(
        `INSERT INTO recertification_item (campaign_id, grant_id, deadline)
         SELECT $1, r.id, $2 FROM access_request r JOIN topic t ON t.id = r.topic_id
          WHERE r.state = 'APPROVED' AND r.grant_end > $3 AND ${filter.sql.replace('$X', '$4')}
          ORDER BY r.id
         ON CONFLICT (grant_id) WHERE state = 'OPEN' DO NOTHING
         RETURNING id, grant_id`,
        [campaign.id, campaign.deadline, now, filter.param],
      );
      const announced = await this.announcedItems(em, created);
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
          alreadyUnderReview: inScope[0].count - created.length,
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
        const item = await em.findOne(RecertificationItemEntity, { where: { id: itemId }, lock: { mode: 'pessimistic_write' } });
        if (!item) throw itemNotFound(itemId);
        const loaded = await lockRequest(em, item.grantId, { lockTopic: true });
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
    const qb = this.dataSource
      .getRepository(RecertificationCampaignEntity)
      .createQueryBuilder('c')
      .orderBy('c.started_at', 'DESC')
      .addOrderBy('c.id', 'ASC')
      .limit(MAX_CAMPAIGNS_LISTED);
    if (state) qb.andWhere('c.state = :state', { state });
    if (!seesEverything(actor)) {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM recertification_item i JOIN access_request r ON r.id = i.grant_id JOIN topic t ON t.id = r.topic_id
          WHERE i.campaign_id = c.id AND (${VISIBLE_GRANT_SQL}))`,
        visibilityParams(actor),
      );
    }
    return qb.getMany();
  }

  async find(actor: AccessActor, id: string): Promise<RecertificationCampaignEntity> {
    if (!isUuid(id)) throw notFound('Recertification campaign', id);
    const campaign = await this.dataSource.getRepository(RecertificationCampaignEntity).findOneBy({ id });
    if (!campaign) throw notFound('Recertification campaign', id);
    if (!seesEverything(actor) && (await this.itemsOf(actor, [id]))[0].length === 0) throw notFound('Recertification campaign', id);
    return campaign;
  }

  /** The items of each campaign the caller may see, with their grants, in two statements. */
  async itemsOf(actor: AccessActor, campaignIds: readonly string[]): Promise<ItemWithGrant[][]> {
    const qb = this.dataSource
      .getRepository(RecertificationItemEntity)
      .createQueryBuilder('i')
      .innerJoin(AccessRequestEntity, 'r', 'r.id = i.grant_id')
      .innerJoin(TopicEntity, 't', 't.id = r.topic_id')
      .where('i.campaign_id = ANY(:ids)', { ids: [...campaignIds] })
      .orderBy('t.name', 'ASC')
      .addOrderBy('i.id', 'ASC');
    if (!seesEverything(actor)) qb.andWhere(new Brackets((w) => w.where(VISIBLE_GRANT_SQL, visibilityParams(actor))));
    const items = await qb.getMany();
    const grants = items.length
      ? await this.dataSource.getRepository(AccessRequestEntity).findBy({ id: In(items.map((i) => i.grantId)) })
      : [];
    const byId = new Map(grants.map((g) => [g.id, g]));
    return campaignIds.map((id) => items.filter((i) => i.campaignId === id).map((item) => ({ item, grant: byId.get(item.grantId)! })));
  }

  private async scopeFilter(em: EntityManager, scope: RecertificationScope): Promise<{ sql: string; param: string }> {
    if (scope.kind === 'TEAM') {
      const team = await em.findOneBy(TeamEntity, { slug: scope.value });
      if (!team) throw invalidInput('scope.team', 'known-team', `'scope.team': team '${scope.value}' does not exist.`);
      return { sql: 'r.requesting_team_id = $X', param: team.id };
    }
    if (scope.kind === 'TOPIC') {
      const topic = await em.findOneBy(TopicEntity, { name: scope.value });
      if (!topic) throw invalidInput('scope.topic', 'known-topic', `'scope.topic': topic '${scope.value}' does not exist.`);
      return { sql: 'r.topic_id = $X', param: topic.id };
    }
    return { sql: 't.classification = $X', param: scope.value };
  }

  private async announcedItems(em: EntityManager, created: ReadonlyArray<{ id: string; grant_id: string }>): Promise<AnnouncedItem[]> {
    if (created.length === 0) return [];
    const rows: Array<Omit<AnnouncedItem, 'itemId'>> = await em.query(
      `SELECT r.id AS "grantId", t.name AS "topic", o.slug AS "ownerTeam", o.id AS "ownerTeamId", c.slug AS "requestingTeam",
              c.id AS "requestingTeamId", r.operation AS "operation", r.kafka_principal AS "kafkaPrincipal",
              r.application_name AS "applicationName"
         FROM access_request r JOIN topic t ON t.id = r.topic_id JOIN team o ON o.id = t.owner_team_id JOIN team c ON c.id = r.requesting_team_id
        WHERE r.id = ANY($1)`,
      [created.map((c) => c.grant_id)],
    );
    const byGrant = new Map(rows.map((r) => [r.grantId, r]));
    return created.map((c) => ({ itemId: c.id, ...byGrant.get(c.grant_id)! }));
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

/** `canSee` of the grant in SQL: `r` the grant, `t` its topic. */
const VISIBLE_GRANT_SQL = `r.requesting_team_id IN (SELECT id FROM team WHERE slug = ANY(:visTeams))
  OR t.owner_team_id IN (SELECT id FROM team WHERE slug = ANY(:visTeams)) OR r.requested_by = :visMe`;
const visibilityParams = (actor: AccessActor) => ({ visTeams: [...actor.teams], visMe: actor.username });

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
  const result = await em
    .createQueryBuilder()
    .update(RecertificationItemEntity)
    .set({ state, decidedBy: by, decidedAt: now, reason })
    .where(`id = :id AND state = 'OPEN'`, { id: item.id })
    .execute();
  if (result.affected !== 1) {
    throw new DomainError('CONFLICT', `Recertification item ${item.id} was closed meanwhile; reload it.`, {
      field: 'itemId',
      rule: 'item-closed',
    });
  }
  Object.assign(item, { state, decidedBy: by, decidedAt: now, reason });
}

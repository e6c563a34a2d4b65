import { Brackets, DeepPartial, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { TeamEntity } from '../../catalogue/teams/team.entity';
import { teamStore } from '../../catalogue/teams/team.store';
import { TopicEntity } from '../../catalogue/topics/topic.entity';
import { topicStore } from '../../catalogue/topics/topic.store';
import { DomainError, notFound } from '../../kernel/domain-error';
import { EFFECTIVE_STATE_SQL, restrictToVisible } from '../access-visibility';
import { AccessActor, AccessRequestSnapshot, AccessState, LegalBasis, SlotKind } from '../domain/access-vocabulary';
import { RequestShape, TopicPolicyView } from '../domain/approval-policy';
import { Decision } from '../domain/decide';
import { AccessRequestEntity, ApprovalSlotEntity } from './access-request.entity';

/** A request with everything the rules and the notifications need, read inside one transaction. */
export interface LoadedRequest {
  request: AccessRequestEntity;
  slots: ApprovalSlotEntity[];
  topic: TopicEntity;
  ownerTeam: TeamEntity;
  requestingTeam: TeamEntity;
}

/**
 * Locks a request for a decision. Locks are always taken in one order — the topic (shared, so
 * topic changes wait for decisions in flight and the other way round), then the request — so
 * concurrent decisions and topic changes queue instead of deadlocking. The expiry job passes
 * `lockTopic: false`: expiry does not depend on the topic's policy.
 */
async function lockRequest(em: EntityManager, id: string, options: { lockTopic: boolean }): Promise<LoadedRequest> {
  const peek = await em.findOne(AccessRequestEntity, { where: { id }, select: { id: true, topicId: true } });
  if (!peek) throw notFound('Access request', id);
  // The request's foreign key keeps its topic in the catalogue.
  const topic = options.lockTopic ? await topicStore.shareLockById(em, peek.topicId) : await topicStore.byId(em, peek.topicId);
  const request = await em.findOne(AccessRequestEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!request || !topic) throw notFound('Access request', id);
  return loadRest(em, request, topic);
}

async function loadRest(em: EntityManager, request: AccessRequestEntity, topic: TopicEntity): Promise<LoadedRequest> {
  // One after another: a transaction is one connection, which runs one statement at a time.
  const slots = await em.find(ApprovalSlotEntity, { where: { requestId: request.id }, order: { kind: 'ASC' } });
  const ownerTeam = await teamStore.byId(em, topic.ownerTeamId);
  const requestingTeam = await teamStore.byId(em, request.requestingTeamId);
  return { request, slots, topic, ownerTeam, requestingTeam };
}

export function snapshotOf(loaded: LoadedRequest): AccessRequestSnapshot {
  const { request } = loaded;
  return {
    id: request.id,
    state: request.state,
    requestedBy: request.requestedBy,
    requestingTeam: loaded.requestingTeam.slug,
    ownerTeam: loaded.ownerTeam.slug,
    slots: loaded.slots.map((s) => ({ kind: s.kind, decision: s.decision, decidedBy: s.decidedBy, decidedAt: s.decidedAt })),
    durationDays: request.durationDays,
    grant: request.grantStart && request.grantEnd ? { start: request.grantStart, end: request.grantEnd } : null,
    version: request.version,
  };
}

export function topicPolicyOf(topic: TopicEntity): TopicPolicyView {
  return {
    name: topic.name,
    classification: topic.classification,
    jurisdiction: topic.jurisdiction,
    accessPolicy: topic.accessPolicy,
    maxGrantDays: topic.maxGrantDays,
    lifecycle: topic.lifecycle,
  };
}

export function requestShapeOf(request: AccessRequestEntity): RequestShape {
  return { operation: request.operation, consumerJurisdiction: request.consumerJurisdiction, kafkaPrincipal: request.kafkaPrincipal };
}

export function legalBasisOf(request: AccessRequestEntity): LegalBasis | null {
  return request.legalBasisMechanism && request.legalBasisReference
    ? { mechanism: request.legalBasisMechanism, reference: request.legalBasisReference }
    : null;
}

/**
 * Writes a decision: the new state guarded by the version that was read (a concurrent writer that
 * slipped past the row lock makes this fail rather than overwrite), and the slot it fills, which
 * must still be open.
 */
async function writeDecision(em: EntityManager, loaded: LoadedRequest, decision: Decision, actor: string, now: Date): Promise<void> {
  const { request } = loaded;
  const stateChanges = decision.to !== decision.from;
  const set: Partial<AccessRequestEntity> = { state: decision.to, updatedAt: now };
  if (stateChanges) Object.assign(set, { stateReason: decision.reason, stateChangedBy: actor, stateChangedAt: now });
  if (decision.grant) Object.assign(set, { grantStart: decision.grant.start, grantEnd: decision.grant.end });
  // A steward who reinstates a suspended grant has reviewed the flag that suspended it.
  if (decision.to === 'APPROVED' && decision.from === 'SUSPENDED') Object.assign(set, { flaggedAt: null, flagReasons: [] });
  const updated = await em
    .createQueryBuilder()
    .update(AccessRequestEntity)
    .set({ ...set, version: () => 'version + 1' })
    .where('id = :id AND version = :version', { id: request.id, version: request.version })
    .execute();
  if (updated.affected !== 1) throw staleVersion(request);
  Object.assign(request, set, { version: request.version + 1 });
  if (decision.slot) {
    const filled = await em
      .createQueryBuilder()
      .update(ApprovalSlotEntity)
      .set({ decision: decision.slot.decision, decidedBy: decision.slot.decidedBy, decidedAt: decision.slot.decidedAt })
      .where('request_id = :id AND kind = :kind AND decision IS NULL', { id: request.id, kind: decision.slot.kind })
      .execute();
    if (filled.affected !== 1) throw staleVersion(request);
    const slot = loaded.slots.find((s) => s.kind === decision.slot!.kind)!;
    Object.assign(slot, { decision: decision.slot.decision, decidedBy: decision.slot.decidedBy, decidedAt: decision.slot.decidedAt });
  }
}

function staleVersion(request: AccessRequestEntity): DomainError {
  return new DomainError('STALE_VERSION', `Access request ${request.id} changed while it was being decided; reload it and retry.`, {
    field: 'id',
    rule: 'current-version',
  });
}

function requestWithId(em: EntityManager, id: string): Promise<AccessRequestEntity | null> {
  return em.findOneBy(AccessRequestEntity, { id });
}

function insertRequest(em: EntityManager, request: DeepPartial<AccessRequestEntity>): Promise<AccessRequestEntity> {
  return em.save(em.create(AccessRequestEntity, request));
}

/** Opens one approval slot of each kind, in one statement. */
async function insertSlots(em: EntityManager, requestId: string, kinds: readonly SlotKind[], requestedBy: string): Promise<void> {
  await em.insert(
    ApprovalSlotEntity,
    kinds.map((kind) => ({ requestId, kind, requestedBy })),
  );
}

/** A topic's pending requests and live grants, oldest first, locked; rows another transaction holds are skipped. */
function lockLiveOnTopic(em: EntityManager, topicId: string, now: Date): Promise<AccessRequestEntity[]> {
  return em
    .getRepository(AccessRequestEntity)
    .createQueryBuilder('r')
    .where(`r.topic_id = :id AND (r.state = 'PENDING' OR (r.state IN ('APPROVED', 'SUSPENDED') AND r.grant_end > :now))`, {
      id: topicId,
      now,
    })
    .orderBy('r.created_at', 'ASC')
    .setLock('pessimistic_write')
    .setOnLocked('skip_locked')
    .getMany();
}

/** Sets or clears a grant's flag, guarded by the version that was read. */
async function writeFlag(
  em: EntityManager,
  request: AccessRequestEntity,
  flag: Pick<AccessRequestEntity, 'flaggedAt' | 'flagReasons'>,
  now: Date,
): Promise<void> {
  await em.update(AccessRequestEntity, { id: request.id, version: request.version }, { ...flag, updatedAt: now });
}

/** Replaces why a pending request needs its approvals, guarded by the version that was read. */
async function writeApprovalReasons(em: EntityManager, request: AccessRequestEntity, reasons: string[], now: Date): Promise<void> {
  await em.update(AccessRequestEntity, { id: request.id, version: request.version }, { approvalReasons: reasons, updatedAt: now });
}

export interface AccessRequestFilter {
  /** Effective states (an approved grant past its end counts as EXPIRED). */
  states?: AccessState[];
  topic?: string;
  requestingTeam?: string;
  ownerTeam?: string;
  requestedBy?: string;
}

/** Where a page starts: after the (created_at, id) of the previous page's last row. */
export interface RequestCursor {
  createdAt: Date;
  id: string;
}

/** Up to `limit` rows of a page, newest first, and how many rows all pages hold. */
export interface RequestRows {
  rows: AccessRequestEntity[];
  totalCount: number;
}

/** A request, if `actor` may see it (`canSee` in SQL). */
function requestVisibleTo(em: EntityManager, actor: AccessActor, id: string, now: Date): Promise<AccessRequestEntity | null> {
  return restrictToVisible(requests(em, now).andWhere('r.id = :id', { id }), actor).getOne();
}

/** Requests `actor` may see that meet the filter. */
function requestsPage(
  em: EntityManager,
  actor: AccessActor,
  filter: AccessRequestFilter,
  now: Date,
  after: RequestCursor | undefined,
  limit: number,
): Promise<RequestRows> {
  const qb = restrictToVisible(requests(em, now), actor);
  if (filter.states?.length) qb.andWhere(`${EFFECTIVE_STATE_SQL} IN (:...states)`, { states: filter.states });
  if (filter.topic) qb.andWhere('t.name = :topic', { topic: filter.topic });
  if (filter.requestingTeam) qb.andWhere('r.requesting_team_id = (SELECT id FROM team WHERE slug = :rt)', { rt: filter.requestingTeam });
  if (filter.ownerTeam) qb.andWhere('t.owner_team_id = (SELECT id FROM team WHERE slug = :ot)', { ot: filter.ownerTeam });
  if (filter.requestedBy) qb.andWhere('r.requested_by = :rb', { rb: filter.requestedBy });
  return page(qb, after, limit);
}

/** Requests where `actor` may fill an open slot now: not their own, no slot of theirs yet. */
function pendingApprovalsPage(
  em: EntityManager,
  actor: AccessActor,
  now: Date,
  after: RequestCursor | undefined,
  limit: number,
): Promise<RequestRows> {
  const qb = requests(em, now)
    .andWhere(`r.state = 'PENDING' AND r.requested_by <> :me`, { me: actor.username })
    .andWhere('NOT EXISTS (SELECT 1 FROM access_approval_slot m WHERE m.request_id = r.id AND m.decided_by = :me)')
    .andWhere(
      new Brackets((w) =>
        w
          .where(
            `EXISTS (SELECT 1 FROM access_approval_slot o WHERE o.request_id = r.id AND o.decision IS NULL AND o.kind = 'OWNER'
              AND t.owner_team_id IN (SELECT id FROM team WHERE slug = ANY(:myTeams)))`,
            { myTeams: [...actor.teams] },
          )
          .orWhere(
            `(:isSteward AND EXISTS (SELECT 1 FROM access_approval_slot s WHERE s.request_id = r.id AND s.decision IS NULL AND s.kind = 'STEWARD'))`,
            { isSteward: actor.roles.includes('steward') },
          ),
      ),
    );
  return page(qb, after, limit);
}

/** Slots of many requests in one statement, by kind. */
function slotsOfRequests(em: EntityManager, requestIds: readonly string[]): Promise<ApprovalSlotEntity[]> {
  return em.find(ApprovalSlotEntity, { where: { requestId: In([...requestIds]) }, order: { kind: 'ASC' } });
}

/** Requests `r` with their topic `t`; `:now` decides which grants have ended (grants are requests too). */
export function requests(em: EntityManager, now: Date): SelectQueryBuilder<AccessRequestEntity> {
  return em
    .getRepository(AccessRequestEntity)
    .createQueryBuilder('r')
    .innerJoin(TopicEntity, 't', 't.id = r.topic_id')
    .setParameter('now', now);
}

/** Newest first; keyed on (created_at, id), so pages never overlap. The count comes first, then the rows. */
async function page(qb: SelectQueryBuilder<AccessRequestEntity>, after: RequestCursor | undefined, limit: number): Promise<RequestRows> {
  const totalCount = await qb.clone().getCount();
  const rows = qb.clone().orderBy('r.created_at', 'DESC').addOrderBy('r.id', 'DESC');
  if (after) rows.andWhere('(r.created_at, r.id) < (:at, :afterId)', { at: after.createdAt, afterId: after.id });
  return { rows: await rows.limit(limit).getMany(), totalCount };
}

/**
 * Access requests and their approval slots. The mappings above (snapshotOf, topicPolicyOf,
 * requestShapeOf, legalBasisOf) stay plain functions: they read no table.
 */
export const accessRequestStore = {
  lockRequest,
  loadRest,
  writeDecision,
  requestWithId,
  insertRequest,
  insertSlots,
  lockLiveOnTopic,
  writeFlag,
  writeApprovalReasons,
  requestVisibleTo,
  requestsPage,
  pendingApprovalsPage,
  slotsOfRequests,
};

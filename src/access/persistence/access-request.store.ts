import { EntityManager } from 'typeorm';
import { TeamEntity } from '../../catalogue/teams/team.entity';
import { TopicEntity } from '../../catalogue/topics/topic.entity';
import { DomainError, notFound } from '../../kernel/domain-error';
import { AccessRequestSnapshot, LegalBasis } from '../domain/access-vocabulary';
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
export async function lockRequest(em: EntityManager, id: string, options: { lockTopic: boolean }): Promise<LoadedRequest> {
  const peek = await em.findOne(AccessRequestEntity, { where: { id }, select: { id: true, topicId: true } });
  if (!peek) throw notFound('Access request', id);
  const topic = await em.findOne(TopicEntity, {
    where: { id: peek.topicId },
    ...(options.lockTopic ? { lock: { mode: 'pessimistic_read' as const } } : {}),
  });
  const request = await em.findOne(AccessRequestEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!request || !topic) throw notFound('Access request', id);
  return loadRest(em, request, topic);
}

export async function loadRest(em: EntityManager, request: AccessRequestEntity, topic: TopicEntity): Promise<LoadedRequest> {
  // One after another: a transaction is one connection, which runs one statement at a time.
  const slots = await em.find(ApprovalSlotEntity, { where: { requestId: request.id }, order: { kind: 'ASC' } });
  const ownerTeam = await em.findOneByOrFail(TeamEntity, { id: topic.ownerTeamId });
  const requestingTeam = await em.findOneByOrFail(TeamEntity, { id: request.requestingTeamId });
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
export async function writeDecision(em: EntityManager, loaded: LoadedRequest, decision: Decision, actor: string, now: Date): Promise<void> {
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

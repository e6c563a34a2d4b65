import { EntityManager } from 'typeorm';
import { AccessRequestSnapshot, LegalBasis } from '../../../access/domain/access-vocabulary';
import { TopicPolicyView } from '../../../access/domain/approval-policy';
import { Decision } from '../../../access/domain/decide';
import { ClusterEntity } from '../../../catalogue/clusters/cluster.entity';
import { TeamEntity } from '../../../catalogue/teams/team.entity';
import { TopicEntity } from '../../../catalogue/topics/topic.entity';
import { DomainError, notFound } from '../../../kernel/domain-error';
import { MirrorApprovalSlotEntity, MirrorRequestEntity } from './mirror-request.entity';

export const MIRROR_NOUN = 'mirror request';

/** A mirror request with everything the rules and the audit need, read inside one transaction. */
export interface LoadedMirror {
  request: MirrorRequestEntity;
  slots: MirrorApprovalSlotEntity[];
  topic: TopicEntity;
  ownerTeam: TeamEntity;
  requestingTeam: TeamEntity;
  source: ClusterEntity;
  target: ClusterEntity;
}

/**
 * Locks a mirror request for a decision, in the access workflow's order: the topic (shared, so
 * topic changes and decisions queue rather than deadlock), then the request.
 */
export async function lockMirror(em: EntityManager, id: string): Promise<LoadedMirror> {
  const peek = await em.findOne(MirrorRequestEntity, { where: { id }, select: { id: true, topicId: true } });
  if (!peek) throw notFound('Mirror request', id);
  const topic = await em.findOne(TopicEntity, { where: { id: peek.topicId }, lock: { mode: 'pessimistic_read' } });
  const request = await em.findOne(MirrorRequestEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!request || !topic) throw notFound('Mirror request', id);
  return loadMirrorRest(em, request, topic);
}

export async function loadMirrorRest(em: EntityManager, request: MirrorRequestEntity, topic: TopicEntity): Promise<LoadedMirror> {
  const slots = await em.find(MirrorApprovalSlotEntity, { where: { requestId: request.id }, order: { kind: 'ASC' } });
  const ownerTeam = await em.findOneByOrFail(TeamEntity, { id: topic.ownerTeamId });
  const requestingTeam = await em.findOneByOrFail(TeamEntity, { id: request.requestingTeamId });
  const source = await em.findOneByOrFail(ClusterEntity, { id: request.sourceClusterId });
  const target = await em.findOneByOrFail(ClusterEntity, { id: request.targetClusterId });
  return { request, slots, topic, ownerTeam, requestingTeam, source, target };
}

/** The request as the access workflow's `decide` sees it. */
export function mirrorSnapshotOf(loaded: LoadedMirror): AccessRequestSnapshot {
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
    noun: MIRROR_NOUN,
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

export function mirrorLegalBasisOf(request: MirrorRequestEntity): LegalBasis | null {
  return request.legalBasisMechanism && request.legalBasisReference
    ? { mechanism: request.legalBasisMechanism, reference: request.legalBasisReference }
    : null;
}

/**
 * Writes a decision guarded by the version that was read, and the slot it fills, which must still
 * be open (as the access workflow does for grants).
 */
export async function writeMirrorDecision(em: EntityManager, loaded: LoadedMirror, decision: Decision, actor: string, now: Date) {
  const { request } = loaded;
  const set: Partial<MirrorRequestEntity> = { state: decision.to, updatedAt: now };
  if (decision.to !== decision.from) Object.assign(set, { stateReason: decision.reason, stateChangedBy: actor, stateChangedAt: now });
  if (decision.grant) Object.assign(set, { grantStart: decision.grant.start, grantEnd: decision.grant.end });
  if (decision.to === 'APPROVED' && decision.from === 'SUSPENDED') Object.assign(set, { flaggedAt: null, flagReasons: [] });
  const updated = await em
    .createQueryBuilder()
    .update(MirrorRequestEntity)
    .set({ ...set, version: () => 'version + 1' })
    .where('id = :id AND version = :version', { id: request.id, version: request.version })
    .execute();
  if (updated.affected !== 1) throw staleVersion(request);
  Object.assign(request, set, { version: request.version + 1 });
  if (!decision.slot) return;
  const fill = { decision: decision.slot.decision, decidedBy: decision.slot.decidedBy, decidedAt: decision.slot.decidedAt };
  const filled = await em
    .createQueryBuilder()
    .update(MirrorApprovalSlotEntity)
    .set(fill)
    .where('request_id = :id AND kind = :kind AND decision IS NULL', { id: request.id, kind: decision.slot.kind })
    .execute();
  if (filled.affected !== 1) throw staleVersion(request);
  Object.assign(
    loaded.slots.find((s) => s.kind === decision.slot!.kind)!,
    fill,
  );
}

function staleVersion(request: MirrorRequestEntity): DomainError {
  return new DomainError('STALE_VERSION', `Mirror request ${request.id} changed while it was being decided; reload it and retry.`, {
    field: 'id',
    rule: 'current-version',
  });
}

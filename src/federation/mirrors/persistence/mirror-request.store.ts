import { EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { ACTIVE_GRANT_SQL, EFFECTIVE_STATE_SQL, restrictToVisible } from '../../../access/access-visibility';
import { AccessActor, AccessRequestSnapshot, AccessState, LegalBasis, SlotKind } from '../../../access/domain/access-vocabulary';
import { TopicPolicyView } from '../../../access/domain/approval-policy';
import { Decision } from '../../../access/domain/decide';
import { ProcessingRow } from '../../../access/processing-row';
import { ClusterEntity } from '../../../catalogue/clusters/cluster.entity';
import { clusterStore } from '../../../catalogue/clusters/cluster.store';
import { TeamEntity } from '../../../catalogue/teams/team.entity';
import { teamStore } from '../../../catalogue/teams/team.store';
import { TopicEntity } from '../../../catalogue/topics/topic.entity';
import { topicStore } from '../../../catalogue/topics/topic.store';
import { DomainError, notFound } from '../../../kernel/domain-error';
import { MirrorApprovalSlotEntity, MirrorRequestEntity } from './mirror-request.entity';

export const MIRROR_NOUN = 'mirror request';

export interface MirrorRequestFilter {
  /** Effective states (an approved mirror past its end counts as EXPIRED). */
  states?: AccessState[];
  topic?: string;
  sourceCluster?: string;
  targetCluster?: string;
  requestingTeam?: string;
}

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
  const topic = await topicStore.shareLockById(em, peek.topicId);
  const request = await em.findOne(MirrorRequestEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!request || !topic) throw notFound('Mirror request', id);
  return loadMirrorRest(em, request, topic);
}

export async function loadMirrorRest(em: EntityManager, request: MirrorRequestEntity, topic: TopicEntity): Promise<LoadedMirror> {
  const slots = await em.find(MirrorApprovalSlotEntity, { where: { requestId: request.id }, order: { kind: 'ASC' } });
  const ownerTeam = await teamStore.byId(em, topic.ownerTeamId);
  const requestingTeam = await teamStore.byId(em, request.requestingTeamId);
  const source = await clusterStore.byId(em, request.sourceClusterId);
  const target = await clusterStore.byId(em, request.targetClusterId);
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

/**
 * Reads and writes of mirror requests and their slots (the topics, clusters and teams they refer
 * to are read through the catalogue's stores). Callers pass `now`: an approved mirror past its end
 * reads as EXPIRED, and the caller's clock decides when that is.
 */
export const mirrorRequestStore = {
  /** A new request and then its open slots (the slots reference the request's id). */
  async insert(
    em: EntityManager,
    fields: Omit<MirrorRequestEntity, 'id' | 'version'>,
    slots: readonly SlotKind[],
    requestedBy: string,
  ): Promise<MirrorRequestEntity> {
    const request = await em.save(em.create(MirrorRequestEntity, fields));
    await em.insert(
      MirrorApprovalSlotEntity,
      slots.map((kind) => ({ requestId: request.id, kind, requestedBy })),
    );
    return request;
  },

  /**
   * Up to `limit` granted mirrors whose end has passed, oldest end first, locked; `SKIP LOCKED`
   * leaves rows another replica holds to that replica.
   */
  lockEndedBatch(em: EntityManager, now: Date, limit: number): Promise<MirrorRequestEntity[]> {
    return em
      .getRepository(MirrorRequestEntity)
      .createQueryBuilder('r')
      .where(`r.state IN ('APPROVED', 'SUSPENDED') AND r.grant_end <= :now`, { now })
      .orderBy('r.grant_end', 'ASC')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  },

  /** A topic's granted, unended mirrors, oldest first, locked (skipping those a decision in flight holds). */
  lockLiveOfTopic(em: EntityManager, topicId: string, now: Date): Promise<MirrorRequestEntity[]> {
    return em
      .getRepository(MirrorRequestEntity)
      .createQueryBuilder('r')
      .where(`r.topic_id = :id AND r.state IN ('APPROVED', 'SUSPENDED') AND r.grant_end > :now`, { id: topicId, now })
      .orderBy('r.created_at', 'ASC')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  },

  /** Sets or clears a mirror's flag, guarded by the version that was read. */
  async writeFlag(
    em: EntityManager,
    request: MirrorRequestEntity,
    flag: Pick<MirrorRequestEntity, 'flaggedAt' | 'flagReasons'>,
    now: Date,
  ): Promise<void> {
    await em.update(MirrorRequestEntity, { id: request.id, version: request.version }, { ...flag, updatedAt: now });
  },

  /** The request if `actor` may see it (the teams involved, its requester, stewards and admins). */
  visibleById(em: EntityManager, actor: AccessActor, id: string, now: Date): Promise<MirrorRequestEntity | null> {
    return restrictToVisible(requests(em, now).andWhere('r.id = :id', { id }), actor).getOne();
  },

  /**
   * The requests `actor` may see that meet `filter`, newest first, from after the cursor's
   * (createdAt, id): the total first, then up to `limit` rows.
   */
  async page(
    em: EntityManager,
    actor: AccessActor,
    filter: MirrorRequestFilter,
    after: { createdAt: Date; id: string } | undefined,
    limit: number,
    now: Date,
  ): Promise<{ rows: MirrorRequestEntity[]; totalCount: number }> {
    const qb = restrictToVisible(requests(em, now), actor);
    if (filter.states?.length) qb.andWhere(`${EFFECTIVE_STATE_SQL} IN (:...states)`, { states: filter.states });
    if (filter.topic) qb.andWhere('t.name = :topic', { topic: filter.topic });
    if (filter.sourceCluster)
      qb.andWhere('r.source_cluster_id = (SELECT id FROM kafka_cluster WHERE name = :sc)', { sc: filter.sourceCluster });
    if (filter.targetCluster)
      qb.andWhere('r.target_cluster_id = (SELECT id FROM kafka_cluster WHERE name = :tc)', { tc: filter.targetCluster });
    if (filter.requestingTeam) qb.andWhere('r.requesting_team_id = (SELECT id FROM team WHERE slug = :rt)', { rt: filter.requestingTeam });
    const totalCount = await qb.clone().getCount();
    const page = qb.clone().orderBy('r.created_at', 'DESC').addOrderBy('r.id', 'DESC');
    if (after) page.andWhere('(r.created_at, r.id) < (:at, :afterId)', { at: after.createdAt, afterId: after.id });
    const rows = await page.limit(limit).getMany();
    return { rows, totalCount };
  },

  /** Active mirrors (approved, unexpired, not suspended) of the topics, in one statement. */
  activeOfTopics(em: EntityManager, topicIds: readonly string[], now: Date): Promise<MirrorRequestEntity[]> {
    return requests(em, now)
      .andWhere(ACTIVE_GRANT_SQL)
      .andWhere('r.topic_id = ANY(:ids)', { ids: [...topicIds] })
      .orderBy('r.grant_start', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .getMany();
  },

  /** The target regions of the topics' active mirrors, one row per (topic, region), in one statement. */
  activeRegionsOfTopics(em: EntityManager, topicIds: readonly string[], now: Date): Promise<Array<{ topicId: string; region: string }>> {
    return em
      .createQueryBuilder()
      .from(MirrorRequestEntity, 'r')
      .innerJoin(ClusterEntity, 'c', 'c.id = r.target_cluster_id')
      .select(['r.topic_id AS "topicId"', 'c.region AS "region"'])
      .distinct(true)
      .where(ACTIVE_GRANT_SQL, { now })
      .andWhere('r.topic_id = ANY(:ids)', { ids: [...topicIds] })
      .orderBy('c.region', 'ASC')
      .getRawMany();
  },

  /** Names of the topics with an active mirror from one cluster to another, in name order. */
  async activeTopicNamesForPair(em: EntityManager, sourceId: string, targetId: string, now: Date): Promise<string[]> {
    const rows: Array<{ name: string }> = await em
      .createQueryBuilder()
      .from(MirrorRequestEntity, 'r')
      .innerJoin(TopicEntity, 't', 't.id = r.topic_id')
      .select('t.name', 'name')
      .distinct(true)
      .where(ACTIVE_GRANT_SQL, { now })
      .andWhere('r.source_cluster_id = :sourceId AND r.target_cluster_id = :targetId', { sourceId, targetId })
      .orderBy('t.name', 'ASC')
      .getRawMany();
    return rows.map((r) => r.name);
  },

  slotsOf(em: EntityManager, requestIds: readonly string[]): Promise<MirrorApprovalSlotEntity[]> {
    return em.getRepository(MirrorApprovalSlotEntity).find({ where: { requestId: In([...requestIds]) }, order: { kind: 'ASC' } });
  },

  /**
   * Active mirrors as transfers in the records of processing, of one topic or all; of the topics
   * `ownerTeams` own, or of every topic when it is null. Dates come back as the driver gives them.
   */
  processingRows(em: EntityManager, topic: string | undefined, ownerTeams: readonly string[] | null, now: Date): Promise<ProcessingRow[]> {
    const qb = em
      .createQueryBuilder()
      .from(MirrorRequestEntity, 'r')
      .innerJoin(TopicEntity, 't', 't.id = r.topic_id')
      .innerJoin('team', 'o', 'o.id = t.owner_team_id')
      .innerJoin('team', 'c', 'c.id = r.requesting_team_id')
      .innerJoin(ClusterEntity, 'k', 'k.id = r.target_cluster_id')
      .where(ACTIVE_GRANT_SQL, { now })
      .select([
        'r.id AS "requestId"',
        't.name AS "topic"',
        't.classification AS "classification"',
        't.jurisdiction AS "topicJurisdiction"',
        'o.slug AS "ownerTeam"',
        'c.slug AS "consumerTeam"',
        `'mirrormaker2' AS "applicationName"`,
        `'' AS "kafkaPrincipal"`,
        `'READ' AS "operation"`,
        'r.purpose AS "purpose"',
        'r.purpose_category AS "purposeCategory"',
        'k.jurisdiction AS "consumerJurisdiction"',
        'r.cross_border AS "crossBorder"',
        'r.legal_basis_mechanism AS "legalBasisMechanism"',
        'r.legal_basis_reference AS "legalBasisReference"',
        'r.grant_start AS "grantStart"',
        'r.grant_end AS "grantEnd"',
        `'MIRROR' AS "transfer"`,
        'k.name AS "targetCluster"',
      ]);
    if (topic) qb.andWhere('t.name = :topic', { topic });
    if (ownerTeams) qb.andWhere('o.slug = ANY(:mine)', { mine: [...ownerTeams] });
    return qb.getRawMany<ProcessingRow>();
  },
};

/** Mirror requests `r` joined to their topic `t`, with `:now` set for the effective state. */
function requests(em: EntityManager, now: Date): SelectQueryBuilder<MirrorRequestEntity> {
  return em
    .getRepository(MirrorRequestEntity)
    .createQueryBuilder('r')
    .innerJoin(TopicEntity, 't', 't.id = r.topic_id')
    .setParameter('now', now);
}

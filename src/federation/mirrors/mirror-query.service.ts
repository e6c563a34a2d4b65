import { Injectable } from '@nestjs/common';
import { DataSource, In, SelectQueryBuilder } from 'typeorm';
import { isUuid } from '../../access/access-ids';
import { ACTIVE_GRANT_SQL, EFFECTIVE_STATE_SQL, restrictToVisible, seesEverything } from '../../access/access-visibility';
import { AccessActor, AccessState } from '../../access/domain/access-vocabulary';
import { ProcessingRow } from '../../access/grant-query.service';
import { ClusterEntity } from '../../catalogue/clusters/cluster.entity';
import { TopicEntity } from '../../catalogue/topics/topic.entity';
import { Clock } from '../../kernel/clock';
import { notFound } from '../../kernel/domain-error';
import { checkPageSize, decodeCursor, encodeCursor, Page } from '../../kernel/paging';
import { MirrorApprovalSlotEntity, MirrorRequestEntity } from './persistence/mirror-request.entity';

export interface MirrorRequestFilter {
  /** Effective states (an approved mirror past its end counts as EXPIRED). */
  states?: AccessState[];
  topic?: string;
  sourceCluster?: string;
  targetCluster?: string;
  requestingTeam?: string;
}

/** Reads of mirror requests: pages, active mirrors per topic or cluster pair, records of processing. */
@Injectable()
export class MirrorQueryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async findVisible(actor: AccessActor, id: string): Promise<MirrorRequestEntity> {
    if (!isUuid(id)) throw notFound('Mirror request', id);
    const row = await restrictToVisible(this.base().andWhere('r.id = :id', { id }), actor).getOne();
    if (!row) throw notFound('Mirror request', id);
    return row;
  }

  /** Requests the caller may see (as for access requests: the teams involved, stewards and admins), newest first. */
  async list(actor: AccessActor, filter: MirrorRequestFilter, first: number, after?: string): Promise<Page<MirrorRequestEntity>> {
    checkPageSize(first);
    const qb = restrictToVisible(this.base(), actor);
    if (filter.states?.length) qb.andWhere(`${EFFECTIVE_STATE_SQL} IN (:...states)`, { states: filter.states });
    if (filter.topic) qb.andWhere('t.name = :topic', { topic: filter.topic });
    if (filter.sourceCluster)
      qb.andWhere('r.source_cluster_id = (SELECT id FROM kafka_cluster WHERE name = :sc)', { sc: filter.sourceCluster });
    if (filter.targetCluster)
      qb.andWhere('r.target_cluster_id = (SELECT id FROM kafka_cluster WHERE name = :tc)', { tc: filter.targetCluster });
    if (filter.requestingTeam) qb.andWhere('r.requesting_team_id = (SELECT id FROM team WHERE slug = :rt)', { rt: filter.requestingTeam });
    const totalCount = await qb.clone().getCount();
    const page = qb.clone().orderBy('r.created_at', 'DESC').addOrderBy('r.id', 'DESC');
    if (after) {
      const [createdAt, id] = decodeCursor(after, ['timestamp', 'uuid']);
      page.andWhere('(r.created_at, r.id) < (:at, :afterId)', { at: new Date(createdAt), afterId: id });
    }
    const rows = await page.limit(first + 1).getMany();
    const items = rows.slice(0, first);
    const last = items[items.length - 1];
    return { items, totalCount, hasNextPage: rows.length > first, endCursor: last ? mirrorCursorOf(last) : undefined };
  }

  /** Active mirrors (approved, unexpired, not suspended) of each topic, in one statement. */
  async activeByTopicIds(topicIds: readonly string[]): Promise<MirrorRequestEntity[][]> {
    const rows = await this.base()
      .andWhere(ACTIVE_GRANT_SQL)
      .andWhere('r.topic_id = ANY(:ids)', { ids: [...topicIds] })
      .orderBy('r.grant_start', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .getMany();
    return topicIds.map((id) => rows.filter((r) => r.topicId === id));
  }

  /** The regions active mirrors copy each topic to, in one statement. */
  async mirrorRegionsByTopicIds(topicIds: readonly string[]): Promise<string[][]> {
    const rows: Array<{ topicId: string; region: string }> = await this.dataSource
      .createQueryBuilder()
      .from(MirrorRequestEntity, 'r')
      .innerJoin(ClusterEntity, 'c', 'c.id = r.target_cluster_id')
      .select(['r.topic_id AS "topicId"', 'c.region AS "region"'])
      .distinct(true)
      .where(ACTIVE_GRANT_SQL, { now: this.clock.now() })
      .andWhere('r.topic_id = ANY(:ids)', { ids: [...topicIds] })
      .orderBy('c.region', 'ASC')
      .getRawMany();
    return topicIds.map((id) => rows.filter((r) => r.topicId === id).map((r) => r.region));
  }

  /** Names of the topics with an active mirror from one cluster to another: the MirrorMaker 2 allowlist. */
  async activeTopicsForPair(sourceId: string, targetId: string): Promise<string[]> {
    const rows: Array<{ name: string }> = await this.dataSource
      .createQueryBuilder()
      .from(MirrorRequestEntity, 'r')
      .innerJoin(TopicEntity, 't', 't.id = r.topic_id')
      .select('t.name', 'name')
      .distinct(true)
      .where(ACTIVE_GRANT_SQL, { now: this.clock.now() })
      .andWhere('r.source_cluster_id = :sourceId AND r.target_cluster_id = :targetId', { sourceId, targetId })
      .orderBy('t.name', 'ASC')
      .getRawMany();
    return rows.map((r) => r.name);
  }

  async slotsOf(requestIds: readonly string[]): Promise<MirrorApprovalSlotEntity[][]> {
    const rows = await this.dataSource
      .getRepository(MirrorApprovalSlotEntity)
      .find({ where: { requestId: In([...requestIds]) }, order: { kind: 'ASC' } });
    return requestIds.map((id) => rows.filter((s) => s.requestId === id));
  }

  /** Active mirrors as transfers in the records of processing; owners see their topics', stewards and admins all. */
  async processingRows(actor: AccessActor, topic: string | undefined, now: Date): Promise<ProcessingRow[]> {
    const qb = this.dataSource
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
    if (!seesEverything(actor)) qb.andWhere('o.slug = ANY(:mine)', { mine: [...actor.teams] });
    const rows = await qb.getRawMany<ProcessingRow>();
    return rows.map((r) => ({ ...r, grantStart: new Date(r.grantStart), grantEnd: new Date(r.grantEnd) }));
  }

  private base(): SelectQueryBuilder<MirrorRequestEntity> {
    return this.dataSource
      .getRepository(MirrorRequestEntity)
      .createQueryBuilder('r')
      .innerJoin(TopicEntity, 't', 't.id = r.topic_id')
      .setParameter('now', this.clock.now());
  }
}

export const mirrorCursorOf = (r: MirrorRequestEntity) => encodeCursor([r.createdAt.toISOString(), r.id]);

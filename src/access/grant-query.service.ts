import { Injectable } from '@nestjs/common';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { TeamEntity } from '../catalogue/teams/team.entity';
import { TopicEntity } from '../catalogue/topics/topic.entity';
import { Clock } from '../kernel/clock';
import { forbidden, notFound } from '../kernel/domain-error';
import { ACTIVE_GRANT_SQL, seesEverything } from './access-visibility';
import { AccessActor, AccessOperation } from './domain/access-vocabulary';
import { ProcessingRow } from './processing-row';
import { AclBinding, aclBindings, GrantForAcl } from './domain/acl-bindings';
import { AccessRequestEntity, ApprovalSlotEntity } from './persistence/access-request.entity';
import { ProcessingRecordSources } from './processing-record-sources';

export type { ProcessingRow, ProcessingTransfer } from './processing-row';

/** Reads of grants: active ones by team or topic, flagged ones, records of processing, Kafka ACLs. */
@Injectable()
export class GrantQueryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly sources: ProcessingRecordSources,
  ) {}

  /** Active grants held by each team, in one statement. */
  async activeByTeamIds(teamIds: readonly string[]): Promise<AccessRequestEntity[][]> {
    const rows = await this.active()
      .andWhere('r.requesting_team_id = ANY(:ids)', { ids: [...teamIds] })
      .getMany();
    return teamIds.map((id) => rows.filter((r) => r.requestingTeamId === id));
  }

  /**
   * Whether one of the teams holds an active grant (approved, not suspended, end not reached) for
   * `operation` on the topic, as of now: the key registry asks at every data key read.
   */
  async hasActiveGrant(topicName: string, teamSlugs: readonly string[], operation: AccessOperation): Promise<boolean> {
    if (teamSlugs.length === 0) return false;
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM access_request r
         JOIN topic t ON t.id = r.topic_id
         JOIN team c ON c.id = r.requesting_team_id
        WHERE t.name = $1 AND c.slug = ANY($2) AND r.operation = $3 AND r.state = 'APPROVED' AND r.grant_end > $4
        LIMIT 1`,
      [topicName, [...teamSlugs], operation, this.clock.now()],
    );
    return rows.length > 0;
  }

  /** Active grants on each topic, in one statement. */
  async activeByTopicIds(topicIds: readonly string[]): Promise<AccessRequestEntity[][]> {
    const rows = await this.active()
      .andWhere('r.topic_id = ANY(:ids)', { ids: [...topicIds] })
      .getMany();
    return topicIds.map((id) => rows.filter((r) => r.topicId === id));
  }

  /** Grants a topic change flagged that are still live (active or suspended), for owners and stewards. */
  flagged(actor: AccessActor, topic?: string): Promise<AccessRequestEntity[]> {
    const qb = this.requests()
      .andWhere(`r.flagged_at IS NOT NULL AND r.state IN ('APPROVED', 'SUSPENDED') AND r.grant_end > :now`)
      .orderBy('r.flagged_at', 'DESC')
      .addOrderBy('r.id', 'ASC');
    if (topic) qb.andWhere('t.name = :topic', { topic });
    if (!seesEverything(actor)) qb.andWhere('t.owner_team_id IN (SELECT id FROM team WHERE slug = ANY(:mine))', { mine: [...actor.teams] });
    return qb.getMany();
  }

  /** Who receives which topic's data, where and why: active grants, by topic then consumer team. */
  async recordsOfProcessing(actor: AccessActor, topic?: string): Promise<ProcessingRow[]> {
    const now = this.clock.now();
    const grants = await this.grantRecords(actor, now, topic);
    const others = await this.sources.rows(actor, topic, now);
    if (others.length === 0) return grants;
    // Grants arrive in the database's order; with other transfers, one order for all, topic first.
    return [...grants, ...others].sort(
      (a, b) =>
        compare(a.topic, b.topic) ||
        compare(a.transfer, b.transfer) ||
        compare(a.consumerTeam, b.consumerTeam) ||
        a.grantStart.getTime() - b.grantStart.getTime(),
    );
  }

  private async grantRecords(actor: AccessActor, now: Date, topic?: string): Promise<ProcessingRow[]> {
    const qb = this.dataSource
      .createQueryBuilder()
      .from(AccessRequestEntity, 'r')
      .innerJoin(TopicEntity, 't', 't.id = r.topic_id')
      .innerJoin(TeamEntity, 'o', 'o.id = t.owner_team_id')
      .innerJoin(TeamEntity, 'c', 'c.id = r.requesting_team_id')
      .where(ACTIVE_GRANT_SQL, { now })
      .select([
        'r.id AS "requestId"',
        't.name AS "topic"',
        't.classification AS "classification"',
        't.jurisdiction AS "topicJurisdiction"',
        'o.slug AS "ownerTeam"',
        'c.slug AS "consumerTeam"',
        'r.application_name AS "applicationName"',
        'r.kafka_principal AS "kafkaPrincipal"',
        'r.operation AS "operation"',
        'r.purpose AS "purpose"',
        'r.purpose_category AS "purposeCategory"',
        'r.consumer_jurisdiction AS "consumerJurisdiction"',
        'r.cross_border AS "crossBorder"',
        'r.legal_basis_mechanism AS "legalBasisMechanism"',
        'r.legal_basis_reference AS "legalBasisReference"',
        'r.grant_start AS "grantStart"',
        'r.grant_end AS "grantEnd"',
        `'GRANT' AS "transfer"`,
        'NULL AS "targetCluster"',
      ])
      .orderBy('t.name', 'ASC')
      .addOrderBy('c.slug', 'ASC')
      .addOrderBy('r.grant_start', 'ASC');
    if (topic) qb.andWhere('t.name = :topic', { topic });
    if (!seesEverything(actor)) qb.andWhere('o.slug = ANY(:mine)', { mine: [...actor.teams] });
    const rows = await qb.getRawMany<ProcessingRow>();
    return rows.map((r) => ({ ...r, grantStart: new Date(r.grantStart), grantEnd: new Date(r.grantEnd) }));
  }

  /** The ACL bindings a topic's active grants imply; for its owners, stewards and admins. */
  async aclsOfTopic(actor: AccessActor, topicName: string): Promise<AclBinding[]> {
    const topic = await this.dataSource.getRepository(TopicEntity).findOneBy({ name: topicName });
    if (!topic) throw notFound('Topic', topicName);
    if (!seesEverything(actor)) {
      const owner = await this.dataSource.getRepository(TeamEntity).findOneBy({ id: topic.ownerTeamId });
      if (!owner || !actor.teams.includes(owner.slug)) {
        throw forbidden(`Only admins, stewards and members of the owning team can read the ACLs of topic '${topicName}'.`);
      }
    }
    const [grants] = await this.aclGrantsByTopicIds([{ id: topic.id, name: topic.name }]);
    return aclBindings(grants);
  }

  /** Active grants of each topic as the ACL rules see them, whether an owner approved each, in two statements. */
  async aclGrantsByTopicIds(topics: ReadonlyArray<{ id: string; name: string }>): Promise<GrantForAcl[][]> {
    const byTopic = await this.activeByTopicIds(topics.map((t) => t.id));
    const ids = byTopic.flat().map((g) => g.id);
    const approved = ids.length
      ? await this.dataSource
          .getRepository(ApprovalSlotEntity)
          .createQueryBuilder('s')
          .select('s.request_id', 'requestId')
          .where(`s.request_id = ANY(:ids) AND s.kind = 'OWNER' AND s.decision = 'APPROVED'`, { ids })
          .getRawMany<{ requestId: string }>()
      : [];
    const ownerApproved = new Set(approved.map((r) => r.requestId));
    return byTopic.map((grants, i) =>
      grants.map((g) => ({
        topic: topics[i].name,
        operation: g.operation,
        kafkaPrincipal: g.kafkaPrincipal,
        applicationName: g.applicationName,
        ownerApproved: ownerApproved.has(g.id),
      })),
    );
  }

  private requests(): SelectQueryBuilder<AccessRequestEntity> {
    return this.dataSource
      .getRepository(AccessRequestEntity)
      .createQueryBuilder('r')
      .innerJoin(TopicEntity, 't', 't.id = r.topic_id')
      .setParameter('now', this.clock.now());
  }

  private active(): SelectQueryBuilder<AccessRequestEntity> {
    return this.requests().where(ACTIVE_GRANT_SQL).orderBy('r.grant_start', 'ASC').addOrderBy('r.id', 'ASC');
  }
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

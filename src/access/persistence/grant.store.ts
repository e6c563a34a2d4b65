import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { TeamEntity } from '../../catalogue/teams/team.entity';
import { TopicEntity } from '../../catalogue/topics/topic.entity';
import { ACTIVE_GRANT_SQL } from '../access-visibility';
import { AccessOperation } from '../domain/access-vocabulary';
import { ProcessingRow } from '../processing-row';
import { AccessRequestEntity, ApprovalSlotEntity } from './access-request.entity';
import { requests } from './access-request.store';

/**
 * Grants: access requests once approved, read by team and topic, by the key registry and the
 * schema read policy, and claimed by the expiry job. `ownedBy` limits a read to topics owned by
 * one of those teams (null: every topic).
 */
export const grantStore = {
  /** Active grants held by any of the teams, in one statement, oldest first. */
  activeOfTeams(em: EntityManager, teamIds: readonly string[], now: Date): Promise<AccessRequestEntity[]> {
    return active(em, now)
      .andWhere('r.requesting_team_id = ANY(:ids)', { ids: [...teamIds] })
      .getMany();
  },

  /** Active grants on any of the topics, in one statement, oldest first. */
  activeOnTopics(em: EntityManager, topicIds: readonly string[], now: Date): Promise<AccessRequestEntity[]> {
    return active(em, now)
      .andWhere('r.topic_id = ANY(:ids)', { ids: [...topicIds] })
      .getMany();
  },

  /** Whether one of the teams holds an active grant for `operation` on the topic. */
  async anyActive(
    em: EntityManager,
    topicName: string,
    teamSlugs: readonly string[],
    operation: AccessOperation,
    now: Date,
  ): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `SELECT 1 FROM access_request r
         JOIN topic t ON t.id = r.topic_id
         JOIN team c ON c.id = r.requesting_team_id
        WHERE t.name = $1 AND c.slug = ANY($2) AND r.operation = $3 AND r.state = 'APPROVED' AND r.grant_end > $4
        LIMIT 1`,
      [topicName, [...teamSlugs], operation, now],
    );
    return rows.length > 0;
  },

  /** Flagged grants still live (active or suspended), most recently flagged first. */
  flagged(em: EntityManager, topic: string | undefined, ownedBy: readonly string[] | null, now: Date): Promise<AccessRequestEntity[]> {
    const qb = requests(em, now)
      .andWhere(`r.flagged_at IS NOT NULL AND r.state IN ('APPROVED', 'SUSPENDED') AND r.grant_end > :now`)
      .orderBy('r.flagged_at', 'DESC')
      .addOrderBy('r.id', 'ASC');
    if (topic) qb.andWhere('t.name = :topic', { topic });
    if (ownedBy) qb.andWhere('t.owner_team_id IN (SELECT id FROM team WHERE slug = ANY(:mine))', { mine: [...ownedBy] });
    return qb.getMany();
  },

  /** Active grants as records of processing, by topic, consumer team and start. */
  async processingRows(
    em: EntityManager,
    topic: string | undefined,
    ownedBy: readonly string[] | null,
    now: Date,
  ): Promise<ProcessingRow[]> {
    const qb = em
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
    if (ownedBy) qb.andWhere('o.slug = ANY(:mine)', { mine: [...ownedBy] });
    const rows = await qb.getRawMany<ProcessingRow>();
    return rows.map((r) => ({ ...r, grantStart: new Date(r.grantStart), grantEnd: new Date(r.grantEnd) }));
  },

  /** Which of the grants an owner approved, in one statement (none without grants). */
  async ownerApproved(em: EntityManager, grantIds: readonly string[]): Promise<Set<string>> {
    const approved = grantIds.length
      ? await em
          .getRepository(ApprovalSlotEntity)
          .createQueryBuilder('s')
          .select('s.request_id', 'requestId')
          .where(`s.request_id = ANY(:ids) AND s.kind = 'OWNER' AND s.decision = 'APPROVED'`, { ids: [...grantIds] })
          .getRawMany<{ requestId: string }>()
      : [];
    return new Set(approved.map((r) => r.requestId));
  },

  /**
   * Of the named topics, the RESTRICTED ones that none of the teams owns or holds an active READ
   * grant on, in one statement.
   */
  async restrictedFrom(em: EntityManager, topicNames: readonly string[], teamSlugs: readonly string[], now: Date): Promise<string[]> {
    const rows: Array<{ name: string }> = await em.query(
      `SELECT t.name FROM topic t JOIN team o ON o.id = t.owner_team_id
        WHERE t.name = ANY($1) AND t.classification = 'RESTRICTED' AND NOT o.slug = ANY($2)
          AND NOT EXISTS (
            SELECT 1 FROM access_request r JOIN team c ON c.id = r.requesting_team_id
             WHERE r.topic_id = t.id AND r.operation = 'READ' AND r.state = 'APPROVED' AND r.grant_end > $3 AND c.slug = ANY($2))`,
      [[...topicNames], [...teamSlugs], now],
    );
    return rows.map((r) => r.name);
  },

  /** Approved or suspended grants whose end has passed, claimed for expiry. */
  claimEnded(em: EntityManager, now: Date, limit: number): Promise<AccessRequestEntity[]> {
    return claim(em, `r.state IN ('APPROVED', 'SUSPENDED') AND r.grant_end <= :now`, { now }, limit);
  },

  /** Approved grants ending by `horizon` whose holders were not warned yet, claimed for the warning. */
  claimExpiring(em: EntityManager, now: Date, horizon: Date, limit: number): Promise<AccessRequestEntity[]> {
    return claim(
      em,
      `r.state = 'APPROVED' AND r.grant_end > :now AND r.grant_end <= :horizon AND r.expiry_warned_at IS NULL`,
      { now, horizon },
      limit,
    );
  },

  /** Not a change of the request (no version bump): a client's expectedVersion stays valid. */
  async markExpiryWarned(em: EntityManager, grantId: string, now: Date): Promise<void> {
    await em.query('UPDATE access_request SET expiry_warned_at = $1 WHERE id = $2', [now, grantId]);
  },
};

function active(em: EntityManager, now: Date): SelectQueryBuilder<AccessRequestEntity> {
  return requests(em, now).where(ACTIVE_GRANT_SQL).orderBy('r.grant_start', 'ASC').addOrderBy('r.id', 'ASC');
}

/** Locked rows, soonest end first; rows another replica holds are skipped, not waited for: that replica is handling them. */
function claim(em: EntityManager, where: string, params: Record<string, unknown>, limit: number): Promise<AccessRequestEntity[]> {
  return em
    .getRepository(AccessRequestEntity)
    .createQueryBuilder('r')
    .where(where, params)
    .orderBy('r.grant_end', 'ASC')
    .limit(limit)
    .setLock('pessimistic_write')
    .setOnLocked('skip_locked')
    .getMany();
}

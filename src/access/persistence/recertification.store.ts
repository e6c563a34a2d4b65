import { Brackets, EntityManager, In } from 'typeorm';
import { TopicEntity } from '../../catalogue/topics/topic.entity';
import { AccessActor } from '../domain/access-vocabulary';
import { CampaignState, ItemState, RecertificationScopeKind } from '../domain/recertification';
import { AnnouncedItem } from '../webhooks/recertification-events';
import { AccessRequestEntity } from './access-request.entity';
import { RecertificationCampaignEntity, RecertificationItemEntity } from './recertification.entity';

/** An item with the grant it is about. */
export interface ItemWithGrant {
  item: RecertificationItemEntity;
  grant: AccessRequestEntity;
}

/** The grants a campaign covers: `param` is the team's id, the topic's id or the classification. */
export interface GrantScope {
  kind: RecertificationScopeKind;
  param: string;
}

/** An item a campaign opened, as its INSERT returns it. */
export interface CreatedItem {
  id: string;
  grant_id: string;
}

/** What closes an item: the outcome, who or what decided, when and why. */
export interface ItemClosing {
  state: Exclude<ItemState, 'OPEN'>;
  decidedBy: string;
  decidedAt: Date;
  reason: string | null;
}

/** Recertification campaigns and their items, one per grant under review. */
export const recertificationStore = {
  insertCampaign(em: EntityManager, campaign: Omit<RecertificationCampaignEntity, 'id'>): Promise<RecertificationCampaignEntity> {
    return em.save(em.create(RecertificationCampaignEntity, campaign));
  },

  /** Live grants in the scope, whether or not another campaign already reviews them. */
  async countInScope(em: EntityManager, scope: GrantScope, now: Date): Promise<number> {
    const rows: Array<{ count: number }> = await em.query(
      `SELECT count(*)::int AS count FROM access_request r JOIN topic t ON t.id = r.topic_id
        WHERE r.state = 'APPROVED' AND r.grant_end > $1 AND ${scopeSql(scope, '$2')}`,
      [now, scope.param],
    );
    return rows[0].count;
  },

  /** Opens an item for each live grant in the scope; a grant already under an open item of another campaign is left to that one. */
  insertItems(em: EntityManager, campaign: RecertificationCampaignEntity, scope: GrantScope, now: Date): Promise<CreatedItem[]> {
    return em.query(
      `INSERT INTO recertification_item (campaign_id, grant_id, deadline)
       SELECT $1, r.id, $2 FROM access_request r JOIN topic t ON t.id = r.topic_id
        WHERE r.state = 'APPROVED' AND r.grant_end > $3 AND ${scopeSql(scope, '$4')}
        ORDER BY r.id
       ON CONFLICT (grant_id) WHERE state = 'OPEN' DO NOTHING
       RETURNING id, grant_id`,
      [campaign.id, campaign.deadline, now, scope.param],
    );
  },

  /** The new items with their grants, topics and teams, in one statement, as the announcement names them. */
  async announcedItems(em: EntityManager, created: readonly CreatedItem[]): Promise<AnnouncedItem[]> {
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
  },

  lockItem(em: EntityManager, id: string): Promise<RecertificationItemEntity | null> {
    return em.findOne(RecertificationItemEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  },

  /**
   * Newest campaigns first; with `visibleTo`, only those holding an item whose grant that caller
   * may see (null: all of them).
   */
  campaigns(
    em: EntityManager,
    state: CampaignState | null | undefined,
    visibleTo: AccessActor | null,
    limit: number,
  ): Promise<RecertificationCampaignEntity[]> {
    const qb = em
      .getRepository(RecertificationCampaignEntity)
      .createQueryBuilder('c')
      .orderBy('c.started_at', 'DESC')
      .addOrderBy('c.id', 'ASC')
      .limit(limit);
    if (state) qb.andWhere('c.state = :state', { state });
    if (visibleTo) {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM recertification_item i JOIN access_request r ON r.id = i.grant_id JOIN topic t ON t.id = r.topic_id
          WHERE i.campaign_id = c.id AND (${VISIBLE_GRANT_SQL}))`,
        visibilityParams(visibleTo),
      );
    }
    return qb.getMany();
  },

  campaign(em: EntityManager, id: string): Promise<RecertificationCampaignEntity | null> {
    return em.findOneBy(RecertificationCampaignEntity, { id });
  },

  /** The items of each campaign (with `visibleTo`, those whose grant that caller may see), with their grants, in two statements. */
  async itemsOf(em: EntityManager, campaignIds: readonly string[], visibleTo: AccessActor | null): Promise<ItemWithGrant[][]> {
    const qb = em
      .getRepository(RecertificationItemEntity)
      .createQueryBuilder('i')
      .innerJoin(AccessRequestEntity, 'r', 'r.id = i.grant_id')
      .innerJoin(TopicEntity, 't', 't.id = r.topic_id')
      .where('i.campaign_id = ANY(:ids)', { ids: [...campaignIds] })
      .orderBy('t.name', 'ASC')
      .addOrderBy('i.id', 'ASC');
    if (visibleTo) qb.andWhere(new Brackets((w) => w.where(VISIBLE_GRANT_SQL, visibilityParams(visibleTo))));
    const items = await qb.getMany();
    const grants = items.length ? await em.findBy(AccessRequestEntity, { id: In(items.map((i) => i.grantId)) }) : [];
    const byId = new Map(grants.map((g) => [g.id, g]));
    return campaignIds.map((id) => items.filter((i) => i.campaignId === id).map((item) => ({ item, grant: byId.get(item.grantId)! })));
  },

  /**
   * Moves an item out of OPEN; false when it was no longer open. The condition makes a second
   * writer (another replica, the deadline job) find it closed instead of closing it twice.
   */
  async closeOpenItem(em: EntityManager, id: string, closing: ItemClosing): Promise<boolean> {
    const result = await em
      .createQueryBuilder()
      .update(RecertificationItemEntity)
      .set(closing)
      .where(`id = :id AND state = 'OPEN'`, { id })
      .execute();
    return result.affected === 1;
  },

  /** Open items past their deadline, locked; items another replica holds are skipped, not waited for. */
  claimDue(em: EntityManager, now: Date, limit: number): Promise<RecertificationItemEntity[]> {
    return em
      .getRepository(RecertificationItemEntity)
      .createQueryBuilder('i')
      .where(`i.state = 'OPEN' AND i.deadline <= :now`, { now })
      .orderBy('i.deadline', 'ASC')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  },

  /** Closes campaigns past their deadline with nothing open left; the conditional UPDATE closes each once. */
  async closeDueCampaigns(em: EntityManager, now: Date): Promise<string[]> {
    const closed: Array<{ id: string }> = await em.query(
      // In a CTE so that every driver returns the rows (an UPDATE's own result differs between them).
      `WITH closed AS (
         UPDATE recertification_campaign c SET state = 'CLOSED', closed_at = $1
          WHERE c.state = 'OPEN' AND c.deadline <= $1
            AND NOT EXISTS (SELECT 1 FROM recertification_item i WHERE i.campaign_id = c.id AND i.state = 'OPEN')
          RETURNING c.id)
       SELECT id FROM closed`,
      [now],
    );
    return closed.map((c) => c.id);
  },

  /** How many of a campaign's items ended in each state. */
  async itemCounts(em: EntityManager, campaignId: string): Promise<Record<string, number>> {
    const counts: Array<{ state: string; n: number }> = await em.query(
      'SELECT state, count(*)::int AS n FROM recertification_item WHERE campaign_id = $1 GROUP BY state ORDER BY state',
      [campaignId],
    );
    return Object.fromEntries(counts.map((c) => [c.state, c.n]));
  },
};

const SCOPE_SQL: Record<RecertificationScopeKind, string> = {
  TEAM: 'r.requesting_team_id',
  TOPIC: 'r.topic_id',
  CLASSIFICATION: 't.classification',
};

/** The scope's condition on `r` (the grant) and `t` (its topic), its value at `placeholder`. */
const scopeSql = (scope: GrantScope, placeholder: string) => `${SCOPE_SQL[scope.kind]} = ${placeholder}`;

/** `canSee` of the grant in SQL: `r` the grant, `t` its topic. */
const VISIBLE_GRANT_SQL = `r.requesting_team_id IN (SELECT id FROM team WHERE slug = ANY(:visTeams))
  OR t.owner_team_id IN (SELECT id FROM team WHERE slug = ANY(:visTeams)) OR r.requested_by = :visMe`;
const visibilityParams = (actor: AccessActor) => ({ visTeams: [...actor.teams], visMe: actor.username });

import { EntityManager, In } from 'typeorm';
import { WebhookOutboxEntity, WebhookSubscriptionEntity } from './webhook.entity';

/** What a new or replaced subscription is set to. */
export interface WebhookSettings {
  teamId: string;
  url: string;
  secret: string;
  createdBy: string;
  updatedAt: Date;
}

/** An outbox row claimed for delivery, as `UPDATE … RETURNING` gives it back. */
export interface ClaimedDelivery {
  id: string;
  delivery_id: string;
  team_id: string;
  event_type: string;
  payload: Record<string, unknown>;
  attempts: number;
}

/** How a delivery attempt ended. */
export type DeliveryOutcome = 'delivered' | 'retried' | 'failed';

/** What an attempt leaves on its row: the receiver's status and error, and when a retry is due. */
export interface DeliveryResult {
  outcome: DeliveryOutcome;
  status: number | null;
  error: string | null;
  retryDelayMs: number;
}

/** A team's webhook subscription and the outbox of events to send. */
export const webhookStore = {
  subscriptionOf(em: EntityManager, teamId: string): Promise<WebhookSubscriptionEntity | null> {
    return em.findOneBy(WebhookSubscriptionEntity, { teamId });
  },

  /** Replaces the URL and secret of `existing`, or inserts the team's first subscription (`createdBy` is kept from the first). */
  put(em: EntityManager, existing: WebhookSubscriptionEntity | null, settings: WebhookSettings): Promise<WebhookSubscriptionEntity> {
    const { url, secret, updatedAt } = settings;
    return em.save(existing ? Object.assign(existing, { url, secret, updatedAt }) : em.create(WebhookSubscriptionEntity, settings));
  },

  /** Whether the team had a subscription to remove. */
  async remove(em: EntityManager, teamId: string): Promise<boolean> {
    const removed = await em.delete(WebhookSubscriptionEntity, { teamId });
    return !!removed.affected;
  },

  /** Subscriptions of many teams in one statement, in no particular order. */
  ofTeams(em: EntityManager, teamIds: readonly string[]): Promise<WebhookSubscriptionEntity[]> {
    return em.findBy(WebhookSubscriptionEntity, { teamId: In([...teamIds]) });
  },

  /**
   * Queues one event for each team of `teamIds` that has a webhook, in the caller's transaction, and
   * says how many were queued. `payloadOf` gives each team its own body (the same one is fine).
   */
  async enqueue(
    em: EntityManager,
    teamIds: readonly string[],
    eventType: string,
    payloadOf: (teamId: string) => Record<string, unknown>,
  ): Promise<number> {
    const subscribed = await em.find(WebhookSubscriptionEntity, { where: { teamId: In([...teamIds]) }, select: { teamId: true } });
    if (subscribed.length === 0) return 0;
    const rows = subscribed.map(({ teamId }) => em.create(WebhookOutboxEntity, { teamId, eventType, payload: payloadOf(teamId) }));
    await em.save(rows);
    return rows.length;
  },

  /** The subscriptions of the teams of claimed deliveries, in no particular order. */
  subscriptionsOfAny(em: EntityManager, teamIds: readonly string[]): Promise<WebhookSubscriptionEntity[]> {
    return em
      .getRepository(WebhookSubscriptionEntity)
      .createQueryBuilder('s')
      .where('s.team_id = ANY(:ids)', { ids: [...teamIds] })
      .getMany();
  },

  /**
   * Claims up to `batch` due rows and leases them for `leaseMs`, counting the attempt. `SKIP LOCKED`
   * hands concurrent replicas different rows; the lease keeps them from the others until it runs out.
   */
  async claimDue(em: EntityManager, leaseMs: number, batch: number): Promise<ClaimedDelivery[]> {
    const rows: ClaimedDelivery[] = await em.query(
      `UPDATE webhook_outbox o
          SET leased_until = now() + ($1::integer * interval '1 millisecond'), attempts = o.attempts + 1
        WHERE o.id IN (
          SELECT id FROM webhook_outbox
           WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()
             AND (leased_until IS NULL OR leased_until < now())
           ORDER BY next_attempt_at, id
           LIMIT $2
           FOR UPDATE SKIP LOCKED)
        RETURNING o.id, o.delivery_id, o.team_id, o.event_type, o.payload, o.attempts`,
      [leaseMs, batch],
    );
    // pg returns [rows, count] for UPDATE ... RETURNING through TypeORM; PGlite returns rows.
    return (Array.isArray(rows[0]) ? rows[0] : rows) as ClaimedDelivery[];
  },

  /** Releases a claimed row's lease and records its attempt: delivered, failed for good, or due again after the delay. */
  async finishDelivery(em: EntityManager, id: string, result: DeliveryResult): Promise<void> {
    await em.query(
      `UPDATE webhook_outbox
          SET leased_until = NULL, last_status = $2, last_error = $3,
              delivered_at = CASE WHEN $4 = 'delivered' THEN now() END,
              failed_at = CASE WHEN $4 = 'failed' THEN now() END,
              next_attempt_at = CASE WHEN $4 = 'retried' THEN now() + ($5::integer * interval '1 millisecond') ELSE next_attempt_at END
        WHERE id = $1`,
      [id, result.status, result.error?.slice(0, 1000) ?? null, result.outcome, result.retryDelayMs],
    );
  },

  /**
   * Deletes up to `batch` rows whose `column` is older than `days`, oldest first, and says how many.
   * `SKIP LOCKED` hands concurrent purges different rows.
   */
  async purgeBatch(em: EntityManager, column: 'delivered_at' | 'failed_at', days: number, batch: number): Promise<number> {
    const [{ deleted }] = await em.query(
      `WITH doomed AS (
         SELECT id FROM webhook_outbox
          WHERE ${column} < now() - ($1::integer * interval '1 day')
          ORDER BY ${column}
          LIMIT $2
          FOR UPDATE SKIP LOCKED),
       gone AS (DELETE FROM webhook_outbox o USING doomed d WHERE o.id = d.id RETURNING 1)
       SELECT count(*)::integer AS deleted FROM gone`,
      [days, batch],
    );
    return deleted;
  },
};

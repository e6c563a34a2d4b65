import { EntityManager, In } from 'typeorm';
import { TeamEntity } from '../../catalogue/teams/team.entity';
import { WebhookSubscriptionEntity } from './webhook.entity';

/** What a new or replaced subscription is set to. */
export interface WebhookSettings {
  teamId: string;
  url: string;
  secret: string;
  createdBy: string;
  updatedAt: Date;
}

/** A team's webhook subscription, and the team rows it hangs on. */
export const webhookStore = {
  /** The team, locked: two replicas setting its webhook at once queue rather than both insert. */
  lockTeam(em: EntityManager, slug: string): Promise<TeamEntity | null> {
    return em.findOne(TeamEntity, { where: { slug }, lock: { mode: 'pessimistic_write' } });
  },

  team(em: EntityManager, slug: string): Promise<TeamEntity | null> {
    return em.findOneBy(TeamEntity, { slug });
  },

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
};

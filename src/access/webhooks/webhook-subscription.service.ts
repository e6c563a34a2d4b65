import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { teamStore } from '../../catalogue/teams/team.store';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { Clock } from '../../kernel/clock';
import { DomainError, forbidden, invalidInput, notFound } from '../../kernel/domain-error';
import { AccessActor } from '../domain/access-vocabulary';
import { WebhookSubscriptionEntity } from '../persistence/webhook.entity';
import { webhookStore } from '../persistence/webhook.store';
import { checkWebhookUrl } from './webhook-url';

export interface TeamWebhookResult {
  subscription: WebhookSubscriptionEntity;
  /** The signing secret, returned only by the call that sets it. */
  secret: string;
}

const mayManage = (actor: AccessActor, team: string) => actor.roles.includes('admin') || actor.teams.includes(team);

/** A team's webhook URL and signing secret. */
@Injectable()
export class WebhookSubscriptionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Sets (or replaces) the URL; without a secret Charter makes one. The secret is shown once. */
  async set(actor: AccessActor, teamSlug: string, url: string, secret?: string | null): Promise<TeamWebhookResult> {
    if (!mayManage(actor, teamSlug)) throw forbidden(`Only admins and members of team '${teamSlug}' can set its webhook.`);
    await checkWebhookUrl(url, { allowPrivateAddresses: this.config.webhooks.allowPrivateAddresses });
    const signingSecret = secret ?? `whsec_${randomBytes(32).toString('base64url')}`;
    if (signingSecret.length < 32 || signingSecret.length > 200) {
      throw invalidInput('secret', 'length', "'secret' must be 32 to 200 characters, or left out for Charter to generate one.");
    }
    return this.dataSource.transaction(async (em) => {
      // Locked: two replicas setting the team's webhook at once queue rather than both insert.
      const team = await teamStore.lockBySlug(em, teamSlug);
      if (!team) throw new DomainError('NOT_FOUND', `Team '${teamSlug}' does not exist.`, { field: 'team', rule: 'exists' });
      const existing = await webhookStore.subscriptionOf(em, team.id);
      const subscription = await webhookStore.put(em, existing, {
        teamId: team.id,
        url,
        secret: signingSecret,
        createdBy: actor.username,
        updatedAt: this.clock.now(),
      });
      // The secret stays out of the audit log: the log is readable by admins and stewards.
      await this.audit.append(em, {
        actor: actor.username,
        action: existing ? 'team.webhook-replaced' : 'team.webhook-set',
        targetType: 'team',
        targetId: team.slug,
        details: { url, secretGenerated: !secret },
      });
      return { subscription, secret: signingSecret };
    });
  }

  async remove(actor: AccessActor, teamSlug: string): Promise<boolean> {
    if (!mayManage(actor, teamSlug)) throw forbidden(`Only admins and members of team '${teamSlug}' can remove its webhook.`);
    return this.dataSource.transaction(async (em) => {
      const team = await teamStore.bySlug(em, teamSlug);
      if (!team) throw notFound('Team', teamSlug);
      if (!(await webhookStore.remove(em, team.id))) return false;
      await this.audit.append(em, {
        actor: actor.username,
        action: 'team.webhook-removed',
        targetType: 'team',
        targetId: team.slug,
        details: {},
      });
      return true;
    });
  }

  /** Subscriptions of many teams, for the per-request DataLoader (callers never expose the secret). */
  async ofTeams(teamIds: readonly string[]): Promise<Array<WebhookSubscriptionEntity | null>> {
    const rows = await webhookStore.ofTeams(this.dataSource.manager, teamIds);
    return teamIds.map((id) => rows.find((r) => r.teamId === id) ?? null);
  }
}

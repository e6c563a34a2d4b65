import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { WebhookOutboxEntity, WebhookSubscriptionEntity } from '../access/persistence/webhook.entity';
import { AuditService } from '../audit/audit.service';
import { SYSTEM } from '../auth/domain/principal';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Clock } from '../kernel/clock';
import { TalliedReads } from './domain/read-tally';
import { UsageMetrics } from './usage-metrics';
import { UsageRecorder } from './usage-recorder';
import { grantCoversSql, OWNER_MEMBER_SQL, SHADOW_CLASSIFICATIONS, TOPIC_OF_SUBJECT_SQL } from './usage-sql';

export const SHADOW_CONSUMER_EVENT = 'usage.shadow-consumer';

interface RaisedFinding {
  topicId: string;
  topic: string;
  classification: string;
  ownerTeamId: string;
  ownerTeam: string;
  principal: string;
  firstReadAt: Date;
}

/**
 * After each flush, looks whether the readers just written read a CONFIDENTIAL or RESTRICTED
 * topic's schemas without a grant (or membership of the owning team). Each such (topic, principal)
 * is raised once: the finding's primary key decides which replica raises it, and that replica
 * audits it and queues the webhook for the owning team and the stewards' team in the same
 * transaction. Detection only: the read was already served.
 */
@Injectable()
export class ShadowConsumerDetector implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly recorder: UsageRecorder,
    private readonly audit: AuditService,
    private readonly metrics: UsageMetrics,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit() {
    this.recorder.onFlushed((written) => this.detect(written).then(() => undefined));
  }

  async detect(written: readonly TalliedReads[]): Promise<RaisedFinding[]> {
    const readers = written.filter((r) => r.authenticated || r.principal === 'anonymous');
    if (readers.length === 0) return [];
    const subjects = readers.map((r) => r.subject);
    const principals = readers.map((r) => r.principal);
    const days = [...new Set(readers.map((r) => r.day))];
    const raised = await this.dataSource.transaction(async (em) => {
      const found: RaisedFinding[] = await em.query(
        `WITH candidates AS (
           SELECT t.id AS topic_id, u.principal, t.classification, min(u.first_read_at) AS first_read_at
             FROM schema_usage u
             JOIN topic t ON t.name = ${TOPIC_OF_SUBJECT_SQL}
            WHERE (u.subject, u.principal) IN (SELECT * FROM unnest($1::text[], $2::text[]))
              AND u.day = ANY($3::date[]) AND t.classification = ANY($4::text[])
              AND NOT ${grantCoversSql('$5')} AND NOT ${OWNER_MEMBER_SQL}
            GROUP BY t.id, u.principal, t.classification)
         INSERT INTO usage_shadow_finding (topic_id, principal, classification, first_read_at, raised_at)
         SELECT topic_id, principal, classification, first_read_at, $5 FROM candidates
         ON CONFLICT (topic_id, principal) DO NOTHING
         RETURNING topic_id AS "topicId", principal, classification, first_read_at AS "firstReadAt"`,
        [subjects, principals, days, SHADOW_CLASSIFICATIONS, this.clock.now()],
      );
      for (const finding of found) await this.announce(em, finding);
      return found;
    });
    for (const finding of raised) this.metrics.shadowRaised(finding.classification);
    return raised;
  }

  private async announce(em: EntityManager, finding: RaisedFinding): Promise<void> {
    const [topic]: Array<{ name: string; ownerTeamId: string; ownerTeam: string }> = await em.query(
      `SELECT t.name, t.owner_team_id AS "ownerTeamId", o.slug AS "ownerTeam" FROM topic t JOIN team o ON o.id = t.owner_team_id WHERE t.id = $1`,
      [finding.topicId],
    );
    Object.assign(finding, { topic: topic.name, ownerTeamId: topic.ownerTeamId, ownerTeam: topic.ownerTeam });
    const details = {
      topic: topic.name,
      classification: finding.classification,
      ownerTeam: topic.ownerTeam,
      principal: finding.principal,
      firstReadAt: new Date(finding.firstReadAt).toISOString(),
    };
    await this.audit.append(em, {
      actor: SYSTEM.username,
      action: 'usage.shadow-consumer-raised',
      targetType: 'topic',
      targetId: topic.name,
      details,
    });
    await this.enqueue(em, topic.ownerTeamId, {
      type: SHADOW_CONSUMER_EVENT,
      occurredAt: this.clock.now().toISOString(),
      finding: details,
    });
  }

  /** For the owning team and the stewards' team, each with a webhook set. */
  private async enqueue(em: EntityManager, ownerTeamId: string, payload: Record<string, unknown>) {
    const teamIds = [ownerTeamId];
    if (this.config.usage.stewardTeam) {
      const rows: Array<{ id: string }> = await em.query('SELECT id FROM team WHERE slug = $1', [this.config.usage.stewardTeam]);
      teamIds.push(...rows.map((r) => r.id));
    }
    const subscribed = await em.find(WebhookSubscriptionEntity, { where: { teamId: In([...new Set(teamIds)]) }, select: { teamId: true } });
    if (subscribed.length === 0) return;
    await em.save(subscribed.map((s) => em.create(WebhookOutboxEntity, { teamId: s.teamId, eventType: payload.type as string, payload })));
  }
}

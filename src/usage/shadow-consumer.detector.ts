import { webhookStore } from '../access/persistence/webhook.store';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { SYSTEM } from '../auth/domain/principal';
import { teamStore } from '../catalogue/teams/team.store';
import { topicStore } from '../catalogue/topics/topic.store';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Clock } from '../kernel/clock';
import { TalliedReads } from './domain/read-tally';
import { UsageMetrics } from './usage-metrics';
import { UsageRecorder } from './usage-recorder';
import { ShadowFinding, usageStore } from './usage.store';

export const SHADOW_CONSUMER_EVENT = 'usage.shadow-consumer';

interface RaisedFinding extends ShadowFinding {
  topic: string;
  ownerTeamId: string;
  ownerTeam: string;
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
      const found = await usageStore.raiseShadowFindings(em, { subjects, principals, days }, this.clock.now());
      const announced: RaisedFinding[] = [];
      for (const finding of found) announced.push(await this.announce(em, finding));
      return announced;
    });
    for (const finding of raised) this.metrics.shadowRaised(finding.classification);
    return raised;
  }

  private async announce(em: EntityManager, finding: ShadowFinding): Promise<RaisedFinding> {
    // The finding's row references its topic, in this same transaction.
    const topic = (await topicStore.withOwnerById(em, finding.topicId))!;
    const details = {
      topic: topic.name,
      classification: finding.classification,
      ownerTeam: topic.ownerSlug,
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
    return { ...finding, topic: topic.name, ownerTeamId: topic.ownerTeamId, ownerTeam: topic.ownerSlug };
  }

  /** For the owning team and the stewards' team, each with a webhook set. */
  private async enqueue(em: EntityManager, ownerTeamId: string, payload: Record<string, unknown>) {
    const teamIds = [ownerTeamId];
    if (this.config.usage.stewardTeam) {
      const stewards = await teamStore.bySlug(em, this.config.usage.stewardTeam);
      if (stewards) teamIds.push(stewards.id);
    }
    await webhookStore.enqueue(em, [...new Set(teamIds)], payload.type as string, () => payload);
  }
}

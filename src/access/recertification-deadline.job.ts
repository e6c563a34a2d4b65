import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { SYSTEM } from '../auth/domain/principal';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Clock } from '../kernel/clock';
import { AccessDecisionService } from './access-decision.service';
import { deadlineOutcome } from './domain/recertification';
import { accessRequestStore, snapshotOf } from './persistence/access-request.store';
import { recertificationStore } from './persistence/recertification.store';
import { closeItem } from './recertification.service';

const BATCH = 100;

export interface DeadlineRun {
  suspended: number;
  lapsed: number;
  closedCampaigns: number;
}

/**
 * At a campaign's deadline, suspends every grant nobody answered for (audited, with the access
 * workflow's `access.grant.suspended` webhook) and closes the campaign. Every replica runs it, on
 * the expiry job's interval; `FOR UPDATE SKIP LOCKED` hands each open item to exactly one of them,
 * and the conditional `UPDATE ... WHERE state = 'OPEN'` on items and campaigns makes a second pass a
 * no-op, so each grant is suspended, audited and announced once however many replicas run.
 */
@Injectable()
export class RecertificationDeadlineJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RecertificationDeadlineJob.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly decisions: AccessDecisionService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap() {
    const interval = this.config.access.expiryJobIntervalMs;
    if (interval > 0) this.timer = setInterval(() => this.tick(), interval).unref();
  }

  async onApplicationShutdown() {
    clearInterval(this.timer);
    await this.running;
  }

  private tick() {
    if (this.running) return;
    this.running = this.runOnce()
      .catch((err) => this.logger.error({ err }, 'Recertification deadline run failed; it is retried on the next tick'))
      .finally(() => (this.running = undefined));
  }

  async runOnce(): Promise<DeadlineRun> {
    const run: DeadlineRun = { suspended: 0, lapsed: 0, closedCampaigns: 0 };
    for (let n = BATCH; n === BATCH;) n = await this.dataSource.transaction((em) => this.closeBatch(em, run));
    run.closedCampaigns = await this.dataSource.transaction((em) => this.closeCampaigns(em));
    return run;
  }

  private async closeBatch(em: EntityManager, run: DeadlineRun): Promise<number> {
    const now = this.clock.now();
    const items = await recertificationStore.claimDue(em, now, BATCH);
    for (const item of items) {
      const loaded = await accessRequestStore.lockRequest(em, item.grantId, { lockTopic: false });
      const outcome = deadlineOutcome(snapshotOf(loaded), now);
      if (outcome === 'SUSPENDED') {
        const reason = `Not recertified by the deadline of recertification campaign ${item.campaignId} (${item.deadline.toISOString()}).`;
        await this.decisions.apply(em, loaded, { kind: 'suspend', reason }, SYSTEM, {
          recertificationCampaign: item.campaignId,
          recertificationItem: item.id,
        });
        run.suspended++;
      } else {
        run.lapsed++;
      }
      await closeItem(em, item, outcome, SYSTEM.username, now, null);
    }
    return items.length;
  }

  /** Campaigns past their deadline with nothing open left; the conditional UPDATE closes each once. */
  private async closeCampaigns(em: EntityManager): Promise<number> {
    const now = this.clock.now();
    const closed = await recertificationStore.closeDueCampaigns(em, now);
    for (const id of closed) {
      const items = await recertificationStore.itemCounts(em, id);
      await this.audit.append(em, {
        actor: SYSTEM.username,
        action: 'recertification.campaign.closed',
        targetType: 'recertification-campaign',
        targetId: id,
        details: { items },
      });
    }
    return closed.length;
  }
}

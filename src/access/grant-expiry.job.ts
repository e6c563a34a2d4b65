import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SYSTEM } from '../auth/domain/principal';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { topicStore } from '../catalogue/topics/topic.store';
import { Clock } from '../kernel/clock';
import { AccessDecisionService } from './access-decision.service';
import { DAY_MS } from './domain/access-vocabulary';
import { accessRequestStore } from './persistence/access-request.store';
import { grantStore } from './persistence/grant.store';
import { accessEventPayload, enqueueAccessEvent } from './webhooks/webhook-outbox';

const BATCH = 100;

export interface ExpiryRun {
  expired: number;
  warned: number;
}

/**
 * Marks ended grants EXPIRED (audited, with a webhook) and warns teams of grants about to end.
 * Every replica runs it; `FOR UPDATE SKIP LOCKED` hands each row to exactly one of them, and the
 * state check in `decide` plus the version guard make a second pass over a row a no-op.
 * Queries never wait for it: they already treat an ended grant as inactive.
 */
@Injectable()
export class GrantExpiryJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(GrantExpiryJob.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly decisions: AccessDecisionService,
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
    if (this.running) return; // the previous run of this replica is still going
    this.running = this.runOnce()
      .catch((err) => this.logger.error({ err }, 'Grant expiry run failed; it is retried on the next tick'))
      .finally(() => (this.running = undefined));
  }

  async runOnce(): Promise<ExpiryRun> {
    let expired = 0;
    for (let n = BATCH; n === BATCH; expired += n) n = await this.dataSource.transaction((em) => this.expireBatch(em));
    let warned = 0;
    if (this.config.access.expiryWarningDays > 0) {
      for (let n = BATCH; n === BATCH; warned += n) n = await this.dataSource.transaction((em) => this.warnBatch(em));
    }
    return { expired, warned };
  }

  private async expireBatch(em: EntityManager): Promise<number> {
    const now = this.clock.now();
    const rows = await grantStore.claimEnded(em, now, BATCH);
    for (const request of rows) {
      const topic = await topicStore.byId(em, request.topicId);
      await this.decisions.apply(em, await accessRequestStore.loadRest(em, request, topic), { kind: 'expire' }, SYSTEM);
    }
    return rows.length;
  }

  private async warnBatch(em: EntityManager): Promise<number> {
    const now = this.clock.now();
    const horizon = new Date(now.getTime() + this.config.access.expiryWarningDays * DAY_MS);
    const rows = await grantStore.claimExpiring(em, now, horizon, BATCH);
    for (const request of rows) {
      await grantStore.markExpiryWarned(em, request.id, now);
      request.expiryWarnedAt = now;
      const topic = await topicStore.byId(em, request.topicId);
      const loaded = await accessRequestStore.loadRest(em, request, topic);
      await enqueueAccessEvent(em, loaded, accessEventPayload('access.grant.expiring-soon', loaded, SYSTEM.username, now));
    }
    return rows.length;
  }
}

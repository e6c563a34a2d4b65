import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SYSTEM } from '../auth/domain/principal';
import { TopicEntity } from '../catalogue/topics/topic.entity';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Clock } from '../kernel/clock';
import { AccessDecisionService } from './access-decision.service';
import { DAY_MS } from './domain/access-vocabulary';
import { AccessRequestEntity } from './persistence/access-request.entity';
import { loadRest } from './persistence/access-request.store';
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
    const rows = await this.claim(em, `r.state IN ('APPROVED', 'SUSPENDED') AND r.grant_end <= :now`, { now });
    for (const request of rows) {
      const topic = await em.findOneByOrFail(TopicEntity, { id: request.topicId });
      await this.decisions.apply(em, await loadRest(em, request, topic), { kind: 'expire' }, SYSTEM);
    }
    return rows.length;
  }

  private async warnBatch(em: EntityManager): Promise<number> {
    const now = this.clock.now();
    const horizon = new Date(now.getTime() + this.config.access.expiryWarningDays * DAY_MS);
    const rows = await this.claim(
      em,
      `r.state = 'APPROVED' AND r.grant_end > :now AND r.grant_end <= :horizon AND r.expiry_warned_at IS NULL`,
      {
        now,
        horizon,
      },
    );
    for (const request of rows) {
      // Not a change of the request (no version bump): a client's expectedVersion stays valid.
      await em.query('UPDATE access_request SET expiry_warned_at = $1 WHERE id = $2', [now, request.id]);
      request.expiryWarnedAt = now;
      const topic = await em.findOneByOrFail(TopicEntity, { id: request.topicId });
      const loaded = await loadRest(em, request, topic);
      await enqueueAccessEvent(em, loaded, accessEventPayload('access.grant.expiring-soon', loaded, SYSTEM.username, now));
    }
    return rows.length;
  }

  /** Rows another replica holds are skipped, not waited for: that replica is handling them. */
  private claim(em: EntityManager, where: string, params: Record<string, unknown>): Promise<AccessRequestEntity[]> {
    return em
      .getRepository(AccessRequestEntity)
      .createQueryBuilder('r')
      .where(where, params)
      .orderBy('r.grant_end', 'ASC')
      .limit(BATCH)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }
}

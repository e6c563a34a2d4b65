import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SYSTEM } from '../../auth/domain/principal';
import { topicStore } from '../../catalogue/topics/topic.store';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { Clock } from '../../kernel/clock';
import { MirrorDecisionService } from './mirror-decision.service';
import { loadMirrorRest, mirrorRequestStore } from './persistence/mirror-request.store';

const BATCH = 100;

/**
 * Marks ended mirrors EXPIRED, audited, on the grant expiry job's interval. Exports never wait for
 * it (they already leave out a mirror past its end); it puts the end on the record. Every replica
 * runs it; `FOR UPDATE SKIP LOCKED` hands each row to one of them and `decide` makes a second pass a no-op.
 */
@Injectable()
export class MirrorExpiryJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MirrorExpiryJob.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly decisions: MirrorDecisionService,
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
      .catch((err) => this.logger.error({ err }, 'Mirror expiry run failed; it is retried on the next tick'))
      .finally(() => (this.running = undefined));
  }

  /** Returns how many mirrors it expired. */
  async runOnce(): Promise<number> {
    let expired = 0;
    for (let n = BATCH; n === BATCH; expired += n) n = await this.dataSource.transaction((em) => this.expireBatch(em));
    return expired;
  }

  private async expireBatch(em: EntityManager): Promise<number> {
    const rows = await mirrorRequestStore.lockEndedBatch(em, this.clock.now(), BATCH);
    for (const request of rows) {
      const topic = await topicStore.byId(em, request.topicId);
      await this.decisions.apply(em, await loadMirrorRest(em, request, topic), { kind: 'expire' }, SYSTEM);
    }
    return rows.length;
  }
}

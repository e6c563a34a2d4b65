import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, EntitySubscriberInterface, TransactionCommitEvent } from 'typeorm';
import { AuditService } from './audit.service';
import { hasUnsealed, sealPending } from './audit-sealer';

/** Entries committed together are chained in one pass: a pass starts this long after a commit. */
const SEAL_DELAY_MS = 50;
/** Catches what another process left unsealed (a killed replica, the CLI): the bound on the delay. */
const POLL_MS = 1_000;

/**
 * Runs the sealer on every replica: shortly after a transaction of this replica that appended an
 * entry commits, and once a second in case another process left entries behind. Replicas take
 * turns through the sealer's database lock; one that finds the lock taken tries again shortly,
 * since the running pass may have begun before its entries committed.
 */
@Injectable()
export class AuditSealJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AuditSealJob.name);
  private poller?: NodeJS.Timeout;
  private scheduled?: NodeJS.Timeout;
  private running?: Promise<void>;
  private rerun = false;
  private stopped = false;
  /** Wall-clock time of this replica's last pass that left nothing it could see unsealed. */
  lastSealedAt?: Date;

  private readonly subscriber: EntitySubscriberInterface = {
    afterTransactionCommit: (event: TransactionCommitEvent) => {
      // Fired after savepoints too: only the outermost commit makes entries visible.
      if (!event.queryRunner.isTransactionActive && this.audit.takeAppended(event.queryRunner)) this.request(SEAL_DELAY_MS);
    },
  };

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  onApplicationBootstrap() {
    this.dataSource.subscribers.push(this.subscriber);
    this.poller = setInterval(() => this.poll(), POLL_MS).unref();
    this.request(0);
  }

  async onApplicationShutdown() {
    this.stopped = true;
    clearInterval(this.poller);
    clearTimeout(this.scheduled);
    const index = this.dataSource.subscribers.indexOf(this.subscriber);
    if (index >= 0) this.dataSource.subscribers.splice(index, 1);
    await this.running;
  }

  private request(delayMs: number) {
    if (this.stopped || this.scheduled) return;
    this.scheduled = setTimeout(() => {
      this.scheduled = undefined;
      this.start(() => this.pass());
    }, delayMs).unref();
  }

  private poll() {
    if (this.running || this.scheduled) return;
    this.start(async () => {
      if (await hasUnsealed(this.dataSource)) await this.pass();
    });
  }

  private start(work: () => Promise<void>) {
    if (this.stopped) return;
    if (this.running) {
      this.rerun = true;
      return;
    }
    this.running = work()
      .catch((err) => this.logger.error({ err }, 'Audit sealing failed; it is retried shortly'))
      .finally(() => {
        this.running = undefined;
        if (this.rerun) {
          this.rerun = false;
          this.request(SEAL_DELAY_MS);
        }
      });
  }

  private async pass() {
    const run = await sealPending(this.dataSource, { wait: false });
    if (run.busy) this.rerun = true;
    else this.lastSealedAt = new Date();
  }
}

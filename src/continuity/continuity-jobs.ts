import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DATABASE } from '../database/database.module';
import { Database } from '../database/open-database';
import { Clock } from '../kernel/clock';
import { BackupRunner } from './backup-runner';
import { ContinuityMetrics } from './continuity-metrics';
import { dueSlot } from './domain/schedule';
import { APP_STARTER, AppStarter } from './drill-answers';
import { DrillRunner } from './drill-runner';
import { JobLease } from './job-lease';

/** How often each replica looks whether a new slot is due; the database is asked only when one is. */
const TICK_MS = 500;
/** A holder renews its lease well within this; a killed holder's slot is taken over after it. */
const LEASE_MS = 60_000;

interface Scheduled {
  lease: JobLease;
  expression: string;
  run: () => Promise<void>;
  lastSlot?: number;
  /** While another replica holds the slot: when to look again whether its lease ran out. */
  retryAt?: number;
  running?: Promise<void>;
}

/**
 * Runs the scheduled backup (then retention) and the scheduled restore drill. Every replica keeps
 * the schedule; for each slot exactly one of them wins the slot's lease in the database.
 */
@Injectable()
export class ContinuityJobs implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ContinuityJobs.name);
  private readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly jobs: Scheduled[] = [];
  private timer?: NodeJS.Timeout;
  readonly backups: BackupRunner;
  readonly drills: DrillRunner;

  constructor(
    @Inject(APP_CONFIG) readonly config: AppConfig,
    @Inject(DATABASE) readonly database: Database,
    audit: AuditService,
    private readonly clock: Clock,
    private readonly metrics: ContinuityMetrics,
    @Inject(APP_STARTER) startApp: AppStarter,
  ) {
    this.backups = new BackupRunner(database, config.continuity, audit, clock);
    this.drills = new DrillRunner(config, database, audit, clock, startApp);
  }

  onApplicationBootstrap() {
    const c = this.config.continuity;
    const ds = this.database.dataSource;
    if (c.backup.dir) {
      this.jobs.push({
        lease: new JobLease(ds, 'backup', this.holder, LEASE_MS),
        expression: c.backup.schedule,
        run: () => this.backupAndPrune(),
      });
    }
    if (c.drillSchedule) {
      this.jobs.push({
        lease: new JobLease(ds, 'drill', this.holder, LEASE_MS),
        expression: c.drillSchedule,
        run: () => this.drillNow().then(() => undefined),
      });
    }
    if (this.jobs.length > 0) this.timer = setInterval(() => this.tick(), TICK_MS).unref();
  }

  async onApplicationShutdown() {
    clearInterval(this.timer);
    await Promise.all(this.jobs.map((j) => j.running));
  }

  async backupAndPrune(): Promise<void> {
    try {
      await this.backups.backupNow();
      await this.backups.applyRetention();
      this.metrics.storeChanged();
    } catch (err) {
      this.metrics.backupFailed();
      throw err;
    }
  }

  async drillNow(file?: string) {
    const drill = await this.drills.drill(file);
    this.metrics.drillFinished(drill);
    if (drill.outcome === 'failed') this.logger.error({ reason: drill.reason }, 'Restore drill failed');
    return drill;
  }

  private tick() {
    const now = this.clock.now();
    for (const job of this.jobs) {
      const slot = dueSlot(job.expression, now);
      if (!slot || job.running) continue;
      if (slot.getTime() === job.lastSlot && (job.retryAt === undefined || now.getTime() < job.retryAt)) continue;
      job.lastSlot = slot.getTime();
      job.retryAt = undefined;
      job.running = job.lease
        .runSlot(slot, job.run)
        .then((ran) => {
          if (!ran) job.retryAt = now.getTime() + LEASE_MS;
        })
        .catch((err) => this.logger.error({ err }, `Scheduled ${job.lease.job} failed; the next slot tries again`))
        .finally(() => (job.running = undefined));
    }
  }
}

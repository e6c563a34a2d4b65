import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ChangeLog } from './change-log';
import { ExporterMetrics } from './exporter-metrics';
import { ExporterRun } from './exporter-run';
import { ExporterRecord, exporterStore } from './exporter.store';
import { InstanceInfo } from './instance-info';

/**
 * Runs the exporters. Each runnable exporter is leased to one replica at a time: a replica claims
 * the exporters whose lease is free or its own (`FOR UPDATE SKIP LOCKED`, so replicas never wait for
 * each other), and renews the lease as it moves the offset. A replica killed with -9 stops renewing;
 * once its lease runs out (CHARTER_EXPORTER_LEASE_MS) the next replica to look takes over from the
 * stored offset.
 */
@Injectable()
export class ExporterWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ExporterWorker.name);
  readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private lastReported = 0;
  private readonly changeLog: ChangeLog;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly instance: InstanceInfo,
    private readonly metrics: ExporterMetrics,
  ) {
    this.changeLog = new ChangeLog(dataSource);
  }

  onApplicationBootstrap() {
    const interval = this.config.federation.exporter.pollIntervalMs;
    if (interval === 0) return;
    if (!this.config.federation.exporter.credentialsKey) {
      this.logger.warn('CHARTER_EXPORTER_CREDENTIALS_KEY is not set: exporter credentials are stored encoded, not encrypted');
    }
    this.timer = setInterval(() => this.tick(), interval).unref();
  }

  async onApplicationShutdown() {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
    // Hand the leases back, so that another replica takes over at once rather than after they run out.
    await exporterStore.releaseLeases(this.dataSource.manager, this.holder).catch(() => undefined);
  }

  private tick() {
    if (this.running || this.stopped) return;
    this.running = this.turn()
      .catch((err) => this.reportFailure(err))
      .finally(() => (this.running = undefined));
  }

  /**
   * A standby refuses writes (SQLSTATE 25006) until failover: nothing to run there. Other failures
   * (the database unreachable, for one) are logged at most every 30 s, not on every tick.
   */
  private reportFailure(err: unknown) {
    const code = (err as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (err as { code?: string }).code;
    if (code === '25006') return;
    if (Date.now() - this.lastReported < 30_000) return;
    this.lastReported = Date.now();
    this.logger.error({ err }, 'Exporter turn failed; the next one tries again');
  }

  /** One turn: claim, then push for each claimed exporter within a budget well inside the lease. */
  async turn(): Promise<void> {
    const claimed = await this.claim();
    if (claimed.length === 0) return;
    const safe = await this.changeLog.safeHighWater();
    const facts = await this.instance.facts();
    const budget = Math.max(200, this.config.federation.exporter.leaseMs / 3 / claimed.length);
    for (const exporter of claimed) {
      if (this.stopped) return;
      const run = new ExporterRun(
        {
          dataSource: this.dataSource,
          audit: this.audit,
          config: this.config,
          instance: facts,
          changeLog: this.changeLog,
          holder: this.holder,
          onPushed: (name, n) => this.metrics.pushedChanges(name, n),
        },
        exporter,
      );
      await run.run(safe, budget);
    }
  }

  private async claim(): Promise<ExporterRecord[]> {
    const names = await exporterStore.claim(this.dataSource.manager, this.holder, this.config.federation.exporter.leaseMs);
    const out: ExporterRecord[] = [];
    for (const name of names) {
      const e = await exporterStore.get(this.dataSource, name);
      if (e) out.push(e);
    }
    return out;
  }
}

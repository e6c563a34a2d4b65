import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DATABASE } from '../database/database.module';
import { Database } from '../database/open-database';
import { Metrics } from '../operations/metrics';
import { continuityReport } from './continuity-report';
import type { DrillRecord } from './drill-runner';

/**
 * Backup, drill and per-plane recovery metrics. What the database knows (last good backup, plane
 * states) is read at scrape time, so every replica reports the same, whichever ran the job.
 */
@Injectable()
export class ContinuityMetrics {
  private readonly backupFailures: Counter;
  private readonly drillFailures: Counter;
  private readonly lastDrillRto: Gauge;

  constructor(metrics: Metrics, @Inject(DATABASE) database: Database, @Inject(APP_CONFIG) config: AppConfig) {
    const registers = [metrics.registry];
    this.backupFailures = new Counter({ name: 'charter_backup_failures_total', help: 'Scheduled backups of this replica that failed.', registers });
    this.drillFailures = new Counter({ name: 'charter_drill_failures_total', help: 'Restore drills of this replica that failed.', registers });
    new Gauge({
      name: 'charter_backup_last_success_timestamp_seconds',
      help: 'Unix time of the last good (written and verified) backup, from the database.',
      registers,
      async collect() {
        const [row] = await database.dataSource
          .query(`SELECT EXTRACT(EPOCH FROM max(created_at))::float8 AS t FROM continuity_backup WHERE deleted_at IS NULL AND verified_at IS NOT NULL`)
          .catch(() => [undefined]);
        if (row?.t !== null && row?.t !== undefined) this.set(Number(row.t));
      },
    });
    this.lastDrillRto = new Gauge({ name: 'charter_drill_last_rto_seconds', help: 'Restore time measured by the last restore drill.', registers });
    // One report per scrape, shared by the four per-plane gauges.
    let cached: { at: number; report: ReturnType<typeof continuityReport> } | undefined;
    const report = () => {
      if (!cached || Date.now() - cached.at > 1_000) cached = { at: Date.now(), report: continuityReport(database, config.continuity).catch(() => []) };
      return cached.report;
    };
    const planeGauge = (name: string, help: string, read: (p: Awaited<ReturnType<typeof continuityReport>>[number]) => number | null) =>
      new Gauge({
        name,
        help,
        labelNames: ['plane'] as const,
        registers,
        async collect() {
          const planes = await report();
          for (const p of planes) {
            const v = read(p);
            if (v !== null) this.set({ plane: p.plane }, v);
          }
        },
      });
    planeGauge('charter_continuity_measured_rpo_seconds', 'Measured recovery point per plane: replication lag or last backup age (store), oldest undelivered webhook (webhooks).', (p) => p.measuredRpoSeconds);
    planeGauge('charter_continuity_measured_rto_seconds', 'Measured recovery time per plane (the last restore drill).', (p) => p.measuredRtoSeconds);
    planeGauge('charter_continuity_objective_rpo_seconds', 'Declared recovery point objective per plane.', (p) => p.rpoSeconds);
    planeGauge('charter_continuity_objective_rto_seconds', 'Declared recovery time objective per plane.', (p) => p.rtoSeconds);
    new Gauge({
      name: 'charter_backup_last_good_age_seconds',
      help: 'Seconds since the last good backup.',
      registers,
      async collect() {
        const [row] = await database.dataSource
          .query(`SELECT EXTRACT(EPOCH FROM now() - max(created_at))::float8 AS age FROM continuity_backup WHERE deleted_at IS NULL AND verified_at IS NOT NULL`)
          .catch(() => [undefined]);
        if (row?.age !== null && row?.age !== undefined) this.set(Number(row.age));
      },
    });
  }

  backupFailed() {
    this.backupFailures.inc();
  }

  drillFinished(drill: DrillRecord) {
    if (drill.outcome === 'failed') this.drillFailures.inc();
    else this.lastDrillRto.set(drill.rtoMs / 1000);
  }
}

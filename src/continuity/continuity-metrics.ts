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
 * states) is read from the database, so every replica reports the same, whichever ran the job.
 */
/** A usual scrape interval: the database-derived gauges are at most this old. */
const STATE_TTL_MS = 15_000;

type Plane = Awaited<ReturnType<typeof continuityReport>>[number];

interface StoreState {
  /** Unix seconds of the last written and verified backup, if any. */
  lastGoodBackupAt?: number;
  planes: Plane[];
}

async function readState(database: Database, config: AppConfig): Promise<StoreState> {
  const [row] = await database.dataSource
    .query(
      `SELECT EXTRACT(EPOCH FROM max(created_at))::float8 AS t FROM continuity_backup WHERE deleted_at IS NULL AND verified_at IS NOT NULL`,
    )
    .catch(() => [undefined]);
  const planes = await continuityReport(database, config.continuity).catch(() => []);
  return { lastGoodBackupAt: row?.t === null || row?.t === undefined ? undefined : Number(row.t), planes };
}

@Injectable()
export class ContinuityMetrics {
  private readonly backupFailures: Counter;
  private readonly drillFailures: Counter;
  private readonly lastDrillRto: Gauge;
  private cached?: { at: number; state: Promise<StoreState> };

  constructor(metrics: Metrics, @Inject(DATABASE) database: Database, @Inject(APP_CONFIG) config: AppConfig) {
    const registers = [metrics.registry];
    this.backupFailures = new Counter({
      name: 'charter_backup_failures_total',
      help: 'Scheduled backups of this replica that failed.',
      registers,
    });
    this.drillFailures = new Counter({
      name: 'charter_drill_failures_total',
      help: 'Restore drills of this replica that failed.',
      registers,
    });
    // What the database knows is read at most once per scrape interval and shared by every gauge,
    // so that frequent scrapes (and every replica's) cost the store a bounded number of statements.
    const state = () => {
      if (!this.cached || Date.now() - this.cached.at > STATE_TTL_MS) this.cached = { at: Date.now(), state: readState(database, config) };
      return this.cached.state;
    };
    new Gauge({
      name: 'charter_backup_last_success_timestamp_seconds',
      help: 'Unix time of the last good (written and verified) backup, from the database.',
      registers,
      async collect() {
        const { lastGoodBackupAt } = await state();
        if (lastGoodBackupAt !== undefined) this.set(lastGoodBackupAt);
      },
    });
    this.lastDrillRto = new Gauge({
      name: 'charter_drill_last_rto_seconds',
      help: 'Restore time measured by the last restore drill.',
      registers,
    });
    const planeGauge = (name: string, help: string, read: (p: Plane) => number | null) =>
      new Gauge({
        name,
        help,
        labelNames: ['plane'] as const,
        registers,
        async collect() {
          for (const p of (await state()).planes) {
            const v = read(p);
            if (v !== null) this.set({ plane: p.plane }, v);
          }
        },
      });
    planeGauge(
      'charter_continuity_measured_rpo_seconds',
      'Measured recovery point per plane: replication lag or last backup age (store), oldest undelivered webhook (webhooks).',
      (p) => p.measuredRpoSeconds,
    );
    planeGauge(
      'charter_continuity_measured_rto_seconds',
      'Measured recovery time per plane (the last restore drill).',
      (p) => p.measuredRtoSeconds,
    );
    planeGauge('charter_continuity_objective_rpo_seconds', 'Declared recovery point objective per plane.', (p) => p.rpoSeconds);
    planeGauge('charter_continuity_objective_rto_seconds', 'Declared recovery time objective per plane.', (p) => p.rtoSeconds);
    new Gauge({
      name: 'charter_backup_last_good_age_seconds',
      help: 'Seconds since the last good backup.',
      registers,
      async collect() {
        const { lastGoodBackupAt } = await state();
        if (lastGoodBackupAt !== undefined) this.set(Date.now() / 1000 - lastGoodBackupAt);
      },
    });
  }

  /** A backup or drill of this replica changed what the database-derived gauges report: read it again. */
  storeChanged() {
    this.cached = undefined;
  }

  backupFailed() {
    this.backupFailures.inc();
  }

  drillFinished(drill: DrillRecord) {
    this.storeChanged();
    if (drill.outcome === 'failed') this.drillFailures.inc();
    else this.lastDrillRto.set(drill.rtoMs / 1000);
  }
}

import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { Metrics } from '../operations/metrics';
import { exporterStore } from './exporter.store';

const STATE_TTL_MS = 5_000;

/**
 * Exporter lag (its measured RPO) in versions and seconds, and when each last succeeded: read from
 * the database, so every replica reports the same whichever holds the lease. One query, at most
 * once per scrape interval, feeds the three gauges: a scrape is not a load on the database.
 */
@Injectable()
export class ExporterMetrics {
  private readonly pushed: Counter;
  private cached?: { at: number; rows: ReturnType<typeof exporterStore.lag> };

  constructor(metrics: Metrics, dataSource: DataSource) {
    const registers = [metrics.registry];
    this.pushed = new Counter({
      name: 'charter_exporter_changes_pushed_total',
      help: 'Registry changes this replica pushed to exporter destinations, by exporter.',
      labelNames: ['exporter'] as const,
      registers,
    });
    const lag = () => {
      if (!this.cached || Date.now() - this.cached.at > STATE_TTL_MS) {
        this.cached = { at: Date.now(), rows: exporterStore.lag(dataSource).catch(() => []) };
      }
      return this.cached.rows;
    };
    new Gauge({
      name: 'charter_exporter_lag_versions',
      help: 'Schema versions registered here and not yet pushed by the exporter.',
      labelNames: ['exporter'] as const,
      registers,
      async collect() {
        this.reset();
        for (const r of await lag()) this.set({ exporter: r.name }, r.versions);
      },
    });
    new Gauge({
      name: 'charter_exporter_lag_seconds',
      help: "Age of the oldest registry change the exporter has not pushed yet (0 when caught up): the exporter's measured RPO.",
      labelNames: ['exporter'] as const,
      registers,
      async collect() {
        this.reset();
        for (const r of await lag()) this.set({ exporter: r.name }, r.seconds);
      },
    });
    new Gauge({
      name: 'charter_exporter_last_success_timestamp_seconds',
      help: 'Unix time the exporter last pushed or found nothing to push, from the database.',
      labelNames: ['exporter'] as const,
      registers,
      async collect() {
        this.reset();
        for (const r of await lag()) if (r.lastSuccessAt !== null) this.set({ exporter: r.name }, r.lastSuccessAt);
      },
    });
  }

  pushedChanges(exporter: string, n: number) {
    this.pushed.inc({ exporter }, n);
  }
}

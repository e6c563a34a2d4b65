import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Metrics } from '../operations/metrics';
import { busiestFirst, MetricTopics } from './domain/metric-topics';

/** The observation's own metrics, on the replica's registry. */
@Injectable()
export class UsageMetrics {
  private readonly topics: MetricTopics;
  private readonly reads: Counter<'topic'>;
  private readonly flushes: Counter<'outcome'>;
  private readonly dropped: Counter;
  private readonly lastFlush: Gauge;
  private readonly shadow: Counter<'classification'>;
  private pendingKeys = () => 0;

  constructor(metrics: Metrics, @Inject(APP_CONFIG) config: AppConfig) {
    const registers = [metrics.registry];
    this.topics = new MetricTopics(config.usage.metricTopics);
    this.reads = new Counter({
      name: 'charter_usage_reads_total',
      help: `Registry reads that resolved a schema, by topic: ${config.usage.metricTopics} topics get a label of their own (the busiest when a slot was free), the rest count as "other". Counted when flushed.`,
      labelNames: ['topic'] as const,
      registers,
    });
    this.flushes = new Counter({
      name: 'charter_usage_flushes_total',
      help: 'Flushes of counted reads to the database, by outcome (a failed batch is kept and retried).',
      labelNames: ['outcome'] as const,
      registers,
    });
    this.dropped = new Counter({
      name: 'charter_usage_reads_dropped_total',
      help: 'Reads not counted because the in-memory tally was full (CHARTER_USAGE_MAX_PENDING_KEYS).',
      registers,
    });
    this.lastFlush = new Gauge({
      name: 'charter_usage_last_flush_success_timestamp_seconds',
      help: 'When counted reads were last written successfully.',
      registers,
    });
    const pending = () => this.pendingKeys();
    new Gauge({
      name: 'charter_usage_pending_keys',
      help: 'Distinct read keys counted in memory and not yet written.',
      registers,
      collect() {
        this.set(pending());
      },
    });
    this.shadow = new Counter({
      name: 'charter_usage_shadow_consumers_total',
      help: 'Shadow consumers raised: principals reading the schemas of a CONFIDENTIAL or RESTRICTED topic without a grant, each once.',
      labelNames: ['classification'] as const,
      registers,
    });
  }

  watchPending(read: () => number) {
    this.pendingKeys = read;
  }

  flushed(readsByTopic: ReadonlyArray<{ topic: string; reads: number }>) {
    for (const { topic, reads } of busiestFirst(readsByTopic)) this.reads.inc({ topic: this.topics.labelOf(topic) }, reads);
    this.flushes.inc({ outcome: 'ok' });
    this.lastFlush.setToCurrentTime();
  }

  flushFailed() {
    this.flushes.inc({ outcome: 'failed' });
  }

  droppedReads(n: number) {
    if (n > 0) this.dropped.inc(n);
  }

  shadowRaised(classification: string) {
    this.shadow.inc({ classification });
  }
}

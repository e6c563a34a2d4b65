import type { IncomingHttpHeaders } from 'node:http';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Principal } from '../auth/domain/principal';
import { topicOfSubject } from '../catalogue/topics/domain/topic-vocabulary';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Clock } from '../kernel/clock';
import { ClientIdentity, clientIdentityOf } from './domain/client-identity';
import { ReadTally, TalliedReads } from './domain/read-tally';
import { UsageMetrics } from './usage-metrics';
import { usageStore } from './usage.store';
import { seesEverything } from '../access/domain/visibility';

const DAY_MS = 86_400_000;
const MAX_REMEMBERED_CLIENTS = 1_000;
const PURGE_EVERY_MS = 3_600_000;
const PURGE_BATCH = 1_000;

/** Told of every batch once it is written: shadow-consumer detection. Its failure is its own, not the flush's. */
export type FlushListener = (written: readonly TalliedReads[]) => Promise<void>;

/**
 * Counts registry reads in memory and writes them in batches: every flush interval, and once more
 * when the app shuts down. A read only updates a map; it never waits for, nor fails because of,
 * the database. A failed flush is logged, its batch kept (within the tally's bound) and written by
 * the next one. Every replica flushes its own counts; the upserts add, so replicas never overwrite
 * each other. What a kill -9 loses is what was counted since the last flush.
 */
@Injectable()
export class UsageRecorder implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Usage');
  private readonly tally: ReadTally;
  private readonly listeners: FlushListener[] = [];
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  private lastPurge = 0;
  private readonly identities = new Map<string, ClientIdentity>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly metrics: UsageMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.tally = new ReadTally(config.usage.maxPendingKeys);
    metrics.watchPending(() => this.tally.size);
  }

  get observing(): boolean {
    return this.config.usage.observe;
  }

  onFlushed(listener: FlushListener) {
    this.listeners.push(listener);
  }

  /**
   * A read that resolved `schemaId` (of `subject`, when the request named one). Admins and stewards
   * read every topic's schemas to govern them, not to consume them: their reads are not usage (they
   * would otherwise show as consumers, shadow consumers, and hold back deletions and retirements).
   */
  observe(principal: Principal, headers: IncomingHttpHeaders, schemaId: number, subject?: string): void {
    if (!this.config.usage.observe || seesEverything(principal)) return;
    this.tally.record(
      {
        principal: principal.username,
        authenticated: principal.authenticated,
        teams: principal.teams,
        client: this.identityOf(headers['user-agent'], headers['x-client-id']),
        subject,
        schemaId,
      },
      this.clock.now(),
    );
  }

  /** Clients send the same headers on every read: their cleaned form is remembered (a bounded map). */
  private identityOf(userAgent: unknown, clientId: unknown): ClientIdentity {
    if (typeof userAgent !== 'string' || (clientId !== undefined && typeof clientId !== 'string'))
      return clientIdentityOf(userAgent, clientId);
    const raw = clientId === undefined ? userAgent : `${userAgent}\u0000${clientId}`;
    let identity = this.identities.get(raw);
    if (!identity) {
      if (this.identities.size >= MAX_REMEMBERED_CLIENTS) this.identities.clear();
      identity = clientIdentityOf(userAgent, clientId);
      this.identities.set(raw, identity);
    }
    return identity;
  }

  onApplicationBootstrap() {
    if (this.config.usage.observe) this.timer = setInterval(() => void this.flush(), this.config.usage.flushIntervalMs).unref();
  }

  async beforeApplicationShutdown() {
    clearInterval(this.timer);
    await this.flush();
  }

  /** Writes what is counted; concurrent callers share one flush. Never throws. */
  flush(): Promise<void> {
    if (!this.flushing) this.flushing = this.flushOnce().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async flushOnce(): Promise<void> {
    this.metrics.droppedReads(this.tally.takeDropped());
    const batch = this.tally.drain();
    if (batch.length > 0) {
      try {
        const written = await this.dataSource.transaction(async (em) => {
          const rows = await usageStore.attributeSubjects(em, batch);
          await usageStore.upsertReads(em, rows);
          return rows;
        });
        this.metrics.flushed(written.map((r) => ({ topic: topicOfSubject(r.subject)?.topic ?? OTHER_SUBJECTS, reads: r.reads })));
        await this.tell(written);
      } catch (err) {
        this.tally.restore(batch);
        this.metrics.flushFailed();
        this.logger.error({ err, keys: batch.length }, 'Writing counted registry reads failed; the batch is kept and retried');
        return;
      }
    }
    await this.purgeWhenDue();
  }

  private async tell(written: readonly TalliedReads[]) {
    for (const listener of this.listeners) {
      try {
        await listener(written);
      } catch (err) {
        this.logger.error({ err }, 'A listener of written registry reads failed; the reads themselves are stored');
      }
    }
  }

  /** Reads older than the retention go, a batch at a time, at most once an hour per replica. */
  private async purgeWhenDue(): Promise<void> {
    const now = this.clock.now().getTime();
    if (now - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now;
    try {
      await this.purge();
    } catch (err) {
      this.logger.error({ err }, 'Purging old registry reads failed; it is retried within the hour');
    }
  }

  async purge(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - this.config.usage.retentionDays * DAY_MS).toISOString().slice(0, 10);
    let purged = 0;
    for (let n = PURGE_BATCH; n === PURGE_BATCH; purged += n) n = await usageStore.purgeBatch(this.dataSource.manager, before, PURGE_BATCH);
    return purged;
  }
}

/** The metric label of reads of subjects that name no topic. */
const OTHER_SUBJECTS = 'other';

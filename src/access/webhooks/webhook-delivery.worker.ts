import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { retryDelayMs, SIGNATURE_HEADER, signWebhook } from '../domain/webhook-signature';
import { WebhookSubscriptionEntity } from '../persistence/webhook.entity';
import { ClaimedDelivery, webhookStore } from '../persistence/webhook.store';
import { postWebhook } from './webhook-post';
import { purgeWebhookOutbox } from './webhook-retention';

const BATCH = 20;
/** Retention needs no promptness: each replica purges on its first tick and then at most this often. */
const PURGE_EVERY_MS = 60_000;

export interface DeliveryRun {
  delivered: number;
  retried: number;
  failed: number;
}

/**
 * Sends queued webhook events. A replica claims due rows with `FOR UPDATE SKIP LOCKED` and leases
 * them (so no other replica sends them meanwhile) before posting outside any transaction; a
 * replica that dies mid-delivery leaves the lease to run out and another one retries. Delivery is
 * therefore at least once: receivers deduplicate on the `X-Charter-Delivery` id. The same ticks
 * delete delivered and failed rows past their retention (webhook-retention.ts).
 */
@Injectable()
export class WebhookDeliveryWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookDeliveryWorker.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  /** Monotonic time of this replica's last purge; only spaces the work out, so in-process is fine. */
  private lastPurgeAt = -Infinity;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap() {
    const interval = this.config.webhooks.pollIntervalMs;
    if (interval > 0) this.timer = setInterval(() => this.tick(), interval).unref();
  }

  async onApplicationShutdown() {
    clearInterval(this.timer);
    await this.running;
  }

  private tick() {
    if (this.running) return;
    this.running = (async () => {
      await this.runOnce().catch((err) => this.logger.error({ err }, 'Webhook delivery run failed; it is retried on the next tick'));
      await this.purgeIfDue().catch((err) => this.logger.error({ err }, 'Webhook outbox purge failed; it is retried on a later tick'));
    })().finally(() => (this.running = undefined));
  }

  private async purgeIfDue() {
    if (performance.now() - this.lastPurgeAt < PURGE_EVERY_MS) return;
    this.lastPurgeAt = performance.now();
    const purged = await purgeWebhookOutbox(this.dataSource, this.config.webhooks.retentionDays);
    if (purged.delivered + purged.failed > 0) this.logger.log(purged, 'Deleted webhook outbox rows past their retention');
  }

  async runOnce(): Promise<DeliveryRun> {
    const run: DeliveryRun = { delivered: 0, retried: 0, failed: 0 };
    for (;;) {
      const claimed = await this.claim();
      if (claimed.length === 0) return run;
      const subscriptions = await webhookStore.subscriptionsOfAny(this.dataSource.manager, [...new Set(claimed.map((c) => c.team_id))]);
      const outcomes = await Promise.all(
        claimed.map((c) =>
          this.deliver(
            c,
            subscriptions.find((s) => s.teamId === c.team_id),
          ),
        ),
      );
      for (const o of outcomes) run[o] += 1;
      if (claimed.length < BATCH) return run;
    }
  }

  private claim(): Promise<ClaimedDelivery[]> {
    const leaseMs = this.config.webhooks.timeoutMs * 2 + 1000;
    return webhookStore.claimDue(this.dataSource.manager, leaseMs, BATCH);
  }

  private async deliver(row: ClaimedDelivery, subscription: WebhookSubscriptionEntity | undefined): Promise<keyof DeliveryRun> {
    if (!subscription) return this.finish(row, 'failed', null, 'the team has no webhook any more');
    const body = JSON.stringify({ deliveryId: row.delivery_id, ...row.payload });
    let status: number | null = null;
    let error: string | null = null;
    try {
      status = await postWebhook(subscription.url, {
        timeoutMs: this.config.webhooks.timeoutMs,
        publicOnly: !this.config.webhooks.allowPrivateAddresses,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Charter-Webhooks/1',
          'x-charter-event': row.event_type,
          'x-charter-delivery': row.delivery_id,
          [SIGNATURE_HEADER.toLowerCase()]: signWebhook(subscription.secret, body),
        },
        body,
      });
      if (status >= 200 && status < 300) return this.finish(row, 'delivered', status, null);
      error = `HTTP ${status}`;
    } catch (err) {
      // An AddressRefusedError lands here too: the attempt fails with its reason and nothing was sent.
      error = String((err as Error).message ?? err);
    }
    return this.finish(row, row.attempts >= this.config.webhooks.maxAttempts ? 'failed' : 'retried', status, error);
  }

  private async finish(
    row: ClaimedDelivery,
    outcome: keyof DeliveryRun,
    status: number | null,
    error: string | null,
  ): Promise<keyof DeliveryRun> {
    const { backoffBaseMs, backoffMaxMs } = this.config.webhooks;
    const delay = retryDelayMs(row.attempts, backoffBaseMs, backoffMaxMs);
    await webhookStore.finishDelivery(this.dataSource.manager, row.id, { outcome, status, error, retryDelayMs: delay });
    if (outcome !== 'delivered')
      this.logger.warn(
        { deliveryId: row.delivery_id, event: row.event_type, attempts: row.attempts, error },
        `Webhook delivery ${outcome}`,
      );
    return outcome;
  }
}

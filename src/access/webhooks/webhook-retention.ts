import { DataSource } from 'typeorm';
import { webhookStore } from '../persistence/webhook.store';

/** Failed deliveries are kept at least this long: a team may still be finding out what it missed. */
export const FAILED_RETENTION_DAYS = 30;
const BATCH = 1000;

export interface OutboxPurge {
  delivered: number;
  failed: number;
}

/**
 * Deletes outbox rows past their retention: delivered ones after `retentionDays`, failed ones
 * after max(30, `retentionDays`); pending rows are never touched. Each statement deletes one
 * batch, so no run holds many row locks or a long transaction. Several replicas may purge at
 * once: `SKIP LOCKED` hands each a different batch, and a deleted row is simply gone for the rest.
 */
export async function purgeWebhookOutbox(dataSource: DataSource, retentionDays: number, batch = BATCH): Promise<OutboxPurge> {
  return {
    delivered: await purge(dataSource, 'delivered_at', retentionDays, batch),
    failed: await purge(dataSource, 'failed_at', Math.max(FAILED_RETENTION_DAYS, retentionDays), batch),
  };
}

async function purge(dataSource: DataSource, column: 'delivered_at' | 'failed_at', days: number, batch: number): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await webhookStore.purgeBatch(dataSource.manager, column, days, batch);
    total += deleted;
    if (deleted < batch) return total;
  }
}

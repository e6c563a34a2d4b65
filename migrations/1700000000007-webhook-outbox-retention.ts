import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The delivery worker deletes delivered and failed outbox rows past their retention. These
 * partial indexes let it find the oldest ones without scanning the whole outbox every time.
 */
export class WebhookOutboxRetention1700000000007 implements MigrationInterface {
  name = 'WebhookOutboxRetention1700000000007';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX webhook_outbox_delivered_idx ON webhook_outbox (delivered_at) WHERE delivered_at IS NOT NULL;
      CREATE INDEX webhook_outbox_failed_idx ON webhook_outbox (failed_at) WHERE failed_at IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX webhook_outbox_failed_idx;
      DROP INDEX webhook_outbox_delivered_idx;
    `);
  }
}

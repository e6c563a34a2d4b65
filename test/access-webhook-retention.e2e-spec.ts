import { purgeWebhookOutbox } from '../src/access/webhooks/webhook-retention';
import { createTeams } from './support/principals';
import { TestApp } from './support/test-app';

const QUIET = { CHARTER_EXPIRY_JOB_INTERVAL_MS: '0', CHARTER_WEBHOOK_POLL_INTERVAL_MS: '0' };

describe('webhook outbox retention', () => {
  let app: TestApp;

  /** Outbox rows as the worker would have left them, `daysAgo` old; the event type labels them. */
  const seed = (label: string, count: number, state: 'delivered' | 'failed' | 'pending', daysAgo: number) =>
    app.superuser(
      `INSERT INTO webhook_outbox (team_id, event_type, payload, created_at, attempts, next_attempt_at, delivered_at, failed_at, last_status)
       SELECT t.id, 'test.' || $1, '{}'::jsonb, now() - ($2::integer * interval '1 day') - interval '1 minute', 1,
              CASE WHEN $3 = 'pending' THEN now() + interval '1 day' ELSE now() - ($2::integer * interval '1 day') END,
              CASE WHEN $3 = 'delivered' THEN now() - ($2::integer * interval '1 day') END,
              CASE WHEN $3 = 'failed' THEN now() - ($2::integer * interval '1 day') END,
              CASE WHEN $3 = 'delivered' THEN 200 WHEN $3 = 'failed' THEN 500 END
         FROM team t, generate_series(1, $4::integer) WHERE t.slug = 'shop'`,
      [label, daysAgo, state, count],
    );
  const counts = async (): Promise<Record<string, number>> => {
    const rows = (await app.superuser(`SELECT event_type, count(*)::integer AS n FROM webhook_outbox GROUP BY event_type`)) as Array<{
      event_type: string;
      n: number;
    }>;
    return Object.fromEntries(rows.map((r) => [r.event_type.replace('test.', ''), r.n]));
  };
  /** A replica (re)started with these settings: its delivery worker purges on its first tick. */
  const restart = async (env: Record<string, string> = {}) => {
    await app.stop();
    app = await TestApp.start({ ...QUIET, CHARTER_WEBHOOK_POLL_INTERVAL_MS: '50', ...env }, app);
  };

  beforeAll(async () => {
    app = await TestApp.start(QUIET);
    await createTeams(app, 'shop');
  });

  afterAll(async () => {
    await app.close();
  });

  it('deletes delivered rows after 7 days and failed ones after 30, in batches, and keeps recent and pending ones', async () => {
    await seed('delivered-old', 2500, 'delivered', 8);
    await seed('delivered-recent', 3, 'delivered', 6);
    await seed('failed-old', 4, 'failed', 31);
    await seed('failed-recent', 2, 'failed', 20);
    await seed('pending-old', 2, 'pending', 60);
    expect(await counts()).toEqual({ 'delivered-old': 2500, 'delivered-recent': 3, 'failed-old': 4, 'failed-recent': 2, 'pending-old': 2 });
    await restart();
    await waitUntil(async () => {
      const now = await counts();
      return !now['delivered-old'] && !now['failed-old'];
    });
    expect(await counts()).toEqual({ 'delivered-recent': 3, 'failed-recent': 2, 'pending-old': 2 });
  });

  it('follows CHARTER_WEBHOOK_RETENTION_DAYS, keeping failed rows at least 30 days', async () => {
    await restart({ CHARTER_WEBHOOK_RETENTION_DAYS: '5' });
    await waitUntil(async () => !(await counts())['delivered-recent']);
    expect(await counts()).toEqual({ 'failed-recent': 2, 'pending-old': 2 });
  });

  it('deletes each row once when replicas purge at the same time', async () => {
    // The purges below stand for the replicas; this app's own worker stays out of the count.
    await app.stop();
    app = await TestApp.start(QUIET, app);
    await seed('delivered-old', 2500, 'delivered', 10);
    const runs = await Promise.all([1, 2, 3].map(() => purgeWebhookOutbox(app.dataSource, 7, 200)));
    expect(runs.reduce((sum, r) => sum + r.delivered, 0)).toBe(2500);
    expect(runs.every((r) => r.failed === 0)).toBe(true);
    expect(await counts()).toEqual({ 'failed-recent': 2, 'pending-old': 2 });
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

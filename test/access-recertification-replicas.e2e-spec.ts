import { RecertificationDeadlineJob } from '../src/access/recertification-deadline.job';
import { Clock } from '../src/kernel/clock';
import { AccessWorld } from './support/access';
import { TestApp } from './support/test-app';
import { ReceivedHook, WebhookReceiver } from './support/webhook-receiver';

// Two replicas need a real server: the embedded database serves one process.
const onServer = process.env.TEST_DATABASE_URL ? describe : describe.skip;
const DAY_MS = 86_400_000;
const GRANTS = 30;

onServer('recertification deadline with two replicas on one PostgreSQL database', () => {
  let one: TestApp;
  let two: TestApp;
  let w: AccessWorld;
  let receiver: WebhookReceiver;
  let offsetMs = 0;
  const env = {
    // Both replicas run the deadline job on their own timers, and deliver webhooks.
    CHARTER_EXPIRY_JOB_INTERVAL_MS: '50',
    CHARTER_WEBHOOK_POLL_INTERVAL_MS: '50',
    CHARTER_WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
  };

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    one = await TestApp.start(env);
    two = await TestApp.start(env, one);
    for (const app of [one, two]) app.app.get(Clock).now = () => new Date(Date.now() + offsetMs);
    w = await AccessWorld.create(one);
    await w.topic('recert.replicas');
    const hook = await w.as('rita')(`mutation($input: SetTeamWebhookInput!) { setTeamWebhook(input: $input) { secret } }`, {
      input: { team: 'fraud', url: receiver.url('/fraud') },
    });
    expect(hook.errors).toBeUndefined();
  }, 120_000);

  afterAll(async () => {
    await two.stop();
    await one.close();
    await receiver.close();
  });

  it('suspends each unanswered grant exactly once: one audit row and one webhook per grant', async () => {
    const ids: string[] = [];
    for (let i = 0; i < GRANTS; i++) {
      const req = await w.requested('rita', 'recert.replicas', {
        applicationName: `replica-${i}`,
        kafkaPrincipal: `User:svc-replica-${i}`,
      });
      expect((await w.decide('olga', 'approve', { id: req.id })).errors).toBeUndefined();
      ids.push(req.id);
    }
    const started = await w.as('stella')(`mutation($input: StartRecertificationInput!) { startRecertification(input: $input) { id } }`, {
      input: { scope: { topic: 'recert.replicas' }, deadlineDays: 1 },
    });
    expect(started.errors).toBeUndefined();
    const campaignId = started.data.startRecertification.id;

    offsetMs = DAY_MS + 1_000;
    // The timers of both replicas race, and three hand-started runs per replica join them.
    const jobs = [one.app.get(RecertificationDeadlineJob), two.app.get(RecertificationDeadlineJob)];
    const runs = await Promise.all([...jobs, ...jobs, ...jobs].map((job) => job.runOnce()));
    const open = async () =>
      ((await one.superuser(`SELECT count(*)::int AS n FROM recertification_item WHERE state = 'OPEN'`)) as any[])[0].n;
    for (let i = 0; i < 100 && (await open()) > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await open()).toBe(0);
    expect(runs.reduce((sum, r) => sum + r.suspended, 0)).toBeLessThanOrEqual(GRANTS);

    const rows = (await one.superuser(
      `SELECT r.state,
              (SELECT count(*)::int FROM audit_log a WHERE a.target_id = r.id::text AND a.action = 'access.grant.suspended') AS audited,
              (SELECT count(*)::int FROM webhook_outbox o WHERE o.payload->'request'->>'id' = r.id::text AND o.event_type = 'access.grant.suspended') AS queued
         FROM access_request r WHERE r.id = ANY($1)`,
      [ids],
    )) as Array<{ state: string; audited: number; queued: number }>;
    expect(rows).toHaveLength(GRANTS);
    for (const row of rows) expect(row).toEqual({ state: 'SUSPENDED', audited: 1, queued: 1 });

    const suspended = (h: ReceivedHook) => h.json?.type === 'access.grant.suspended';
    await receiver.waitFor(suspended, GRANTS);
    await new Promise((r) => setTimeout(r, 500)); // a duplicate would arrive within a few polls
    const delivered = receiver.received.filter(suspended).map((h) => h.json.request.id);
    expect(delivered.sort()).toEqual([...ids].sort());

    const closed = (await one.superuser(
      `SELECT state, (SELECT count(*)::int FROM audit_log WHERE target_id = $1::text AND action = 'recertification.campaign.closed') AS audited
         FROM recertification_campaign WHERE id = $1::uuid`,
      [campaignId],
    )) as any[];
    expect(closed).toEqual([{ state: 'CLOSED', audited: 1 }]);
    expect((await one.graphql('{ verifyAuditChain { valid } }')).data.verifyAuditChain.valid).toBe(true);
  });
});

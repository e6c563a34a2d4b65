import { verifyWebhookSignature } from '../src/access/domain/webhook-signature';
import { AccessWorld, failure } from './support/access';
import { TestApp } from './support/test-app';
import { ReceivedHook, WebhookReceiver } from './support/webhook-receiver';

const SET = `mutation($input: SetTeamWebhookInput!) { setTeamWebhook(input: $input) { secret webhook { url createdBy } } }`;
const TEAM = `query($slug: String!) { team(slug: $slug) { webhook { url createdBy } } }`;

describe('webhooks: signed, retried with backoff, written with the decision', () => {
  let app: TestApp;
  let w: AccessWorld;
  let receiver: WebhookReceiver;
  const secrets: Record<string, string> = {};
  let seq = 0;
  const fresh = () => ({ applicationName: `hook-${++seq}`, kafkaPrincipal: `User:svc-hook-${seq}` });
  const outbox = (requestId: string) =>
    app.superuser(
      `SELECT event_type, attempts, delivered_at IS NOT NULL AS delivered, failed_at IS NOT NULL AS failed, last_status, last_error
         FROM webhook_outbox WHERE payload->'request'->>'id' = $1 ORDER BY id`,
      [requestId],
    ) as Promise<any[]>;
  const forRequest = (id: string, type?: string) => (h: ReceivedHook) => h.json?.request?.id === id && (!type || h.json.type === type);

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    app = await TestApp.start({
      CHARTER_EXPIRY_JOB_INTERVAL_MS: '200',
      CHARTER_WEBHOOK_POLL_INTERVAL_MS: '50',
      CHARTER_WEBHOOK_BACKOFF_BASE_MS: '200',
      CHARTER_WEBHOOK_BACKOFF_MAX_MS: '800',
      CHARTER_WEBHOOK_MAX_ATTEMPTS: '4',
      CHARTER_WEBHOOK_TIMEOUT_MS: '2000',
      // The receiver listens on 127.0.0.1, which the default refuses (see access-webhook-guard).
      CHARTER_WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
    });
    w = await AccessWorld.create(app);
    await w.topic('orders.hooked');
    for (const [person, team] of [
      ['olga', 'shop'],
      ['rita', 'fraud'],
    ] as const) {
      const res = await w.as(person)(SET, { input: { team, url: receiver.url(`/${team}`) } });
      expect(res.errors).toBeUndefined();
      secrets[team] = res.data.setTeamWebhook.secret;
    }
  });

  afterAll(async () => {
    await app.close();
    await receiver.close();
  });

  it('shows the secret once, never in the team, the audit log or to outsiders', async () => {
    expect(secrets.shop).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect((await w.as('otto')(TEAM, { slug: 'shop' })).data.team.webhook).toEqual({ url: receiver.url('/shop'), createdBy: 'olga' });
    expect(failure(await w.as('rita')(TEAM, { slug: 'shop' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(failure(await w.as('oscar')(SET, { input: { team: 'shop', url: 'https://evil.example.com/' } }))).toMatchObject({
      code: 'FORBIDDEN',
    });
    const bad = await w.as('olga')(SET, { input: { team: 'shop', url: 'ftp://files.example.com/' } });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url', rule: 'http-url' });
    const log = JSON.stringify(
      (await app.graphql(`{ auditLog(filter: { targetType: "team" }, first: 100) { edges { node { action details } } } }`)).data,
    );
    expect(log).toContain('team.webhook-set');
    expect(log).not.toContain(secrets.shop);
    expect(log).not.toContain(secrets.fraud);
  });

  it('posts a signed event to the requesting and the owning team when a request is submitted and decided', async () => {
    const req = await w.requested('rita', 'orders.hooked', fresh());
    const submitted = await receiver.waitFor(forRequest(req.id, 'access.request.submitted'), 2);
    expect(submitted.map((h) => h.path).sort()).toEqual(['/fraud', '/shop']);
    for (const hook of submitted) {
      const team = hook.path.slice(1);
      expect(hook.headers['x-charter-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
      expect(verifyWebhookSignature(secrets[team], hook.body, hook.headers['x-charter-signature'] as string)).toBe(true);
      expect(
        verifyWebhookSignature(secrets[team === 'shop' ? 'fraud' : 'shop'], hook.body, hook.headers['x-charter-signature'] as string),
      ).toBe(false);
      expect(hook.headers['x-charter-event']).toBe('access.request.submitted');
      expect(hook.headers['x-charter-delivery']).toBe(hook.json.deliveryId);
      expect(hook.json).toMatchObject({
        type: 'access.request.submitted',
        actor: 'rita',
        request: { topic: 'orders.hooked', state: 'PENDING', requestingTeam: 'fraud' },
      });
    }
    await w.decide('olga', 'reject', { id: req.id, reason: 'Not for scoring.' });
    const [decided] = await receiver.waitFor(forRequest(req.id, 'access.request.rejected'), 2);
    expect(decided.json.request).toMatchObject({ state: 'REJECTED', reason: 'Not for scoring.' });
  });

  it('retries a failing receiver with growing delays until it answers, then stops', async () => {
    let failures = 0;
    receiver.reply = (h) => (h.path === '/fraud' && h.json?.type === 'access.request.approved' && failures++ < 2 ? 503 : 200);
    try {
      const req = await w.requested('rita', 'orders.hooked', fresh());
      await w.decide('olga', 'approve', { id: req.id });
      const attempts = await receiver.waitFor((h) => forRequest(req.id, 'access.request.approved')(h) && h.path === '/fraud', 3);
      expect(new Set(attempts.map((h) => h.json.deliveryId)).size).toBe(1);
      const gaps = [attempts[1].at - attempts[0].at, attempts[2].at - attempts[1].at];
      expect(gaps[0]).toBeGreaterThanOrEqual(190);
      expect(gaps[1]).toBeGreaterThanOrEqual(390);
      await waitUntil(async () => (await outbox(req.id)).every((r) => r.delivered));
      const row = (await outbox(req.id)).find((r) => r.event_type === 'access.request.approved' && r.attempts === 3);
      expect(row).toMatchObject({ delivered: true, failed: false, last_status: 200 });
      await new Promise((r) => setTimeout(r, 600));
      expect(receiver.received.filter((h) => forRequest(req.id, 'access.request.approved')(h) && h.path === '/fraud')).toHaveLength(3);
    } finally {
      receiver.reply = () => 200;
    }
  });

  it('gives up after the configured attempts and records why', async () => {
    receiver.reply = (h) => (h.path === '/shop' && h.json?.type === 'access.request.withdrawn' ? 500 : 200);
    try {
      const req = await w.requested('rita', 'orders.hooked', fresh());
      await w.decide('rita', 'withdraw', { id: req.id });
      await receiver.waitFor((h) => forRequest(req.id, 'access.request.withdrawn')(h) && h.path === '/shop', 4);
      await waitUntil(async () => (await outbox(req.id)).some((r) => r.failed));
      const failed = (await outbox(req.id)).find((r) => r.failed);
      expect(failed).toMatchObject({ event_type: 'access.request.withdrawn', attempts: 4, last_status: 500, last_error: 'HTTP 500' });
    } finally {
      receiver.reply = () => 200;
    }
  });

  it('warns before a grant ends, then the expiry job expires it once, audited, with a webhook', async () => {
    const req = await w.requested('rita', 'orders.hooked', fresh());
    await w.decide('olga', 'approve', { id: req.id });
    await app.superuser(`UPDATE access_request SET grant_end = now() + interval '2 days' WHERE id = $1`, [req.id]);
    const [warning] = await receiver.waitFor(forRequest(req.id, 'access.grant.expiring-soon'), 2);
    expect(warning.json.request.state).toBe('APPROVED');
    await app.superuser(
      `UPDATE access_request SET grant_start = now() - interval '1 day', grant_end = now() - interval '1 second' WHERE id = $1`,
      [req.id],
    );
    const [expired] = await receiver.waitFor(forRequest(req.id, 'access.grant.expired'), 2);
    expect(expired.json).toMatchObject({ actor: 'charter-system', request: { state: 'EXPIRED' } });
    await new Promise((r) => setTimeout(r, 500));
    expect((await w.audit(req.id)).map((a) => a.action)).toEqual([
      'access.request.submitted',
      'access.request.approved',
      'access.grant.expired',
    ]);
    expect(receiver.received.filter(forRequest(req.id, 'access.grant.expiring-soon'))).toHaveLength(2);
  });

  it('sends nothing for a decision that was refused', async () => {
    const req = await w.requested('rita', 'orders.hooked', fresh());
    expect(failure(await w.decide('rita', 'approve', { id: req.id }))).toMatchObject({ rule: 'self-approval' });
    await receiver.waitFor(forRequest(req.id, 'access.request.submitted'), 2);
    expect((await outbox(req.id)).map((r) => r.event_type)).toEqual(['access.request.submitted', 'access.request.submitted']);
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

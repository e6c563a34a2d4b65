import { AccessWorld } from './support/access';
import { TestApp } from './support/test-app';
import { WebhookReceiver } from './support/webhook-receiver';

const SET = `mutation($input: SetTeamWebhookInput!) { setTeamWebhook(input: $input) { webhook { url } } }`;
const REMOVE = `mutation($team: String!) { removeTeamWebhook(team: $team) }`;

/** The default configuration: webhooks go to public addresses only (no CHARTER_WEBHOOK_ALLOW_PRIVATE_ADDRESSES). */
describe('webhooks reach only public addresses unless the operator allows private ones', () => {
  let app: TestApp;
  let w: AccessWorld;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    app = await TestApp.start({
      CHARTER_EXPIRY_JOB_INTERVAL_MS: '0',
      CHARTER_WEBHOOK_POLL_INTERVAL_MS: '50',
      // One attempt per delivery while the suite runs: the retry would only repeat the refusal.
      CHARTER_WEBHOOK_BACKOFF_BASE_MS: '600000',
      CHARTER_WEBHOOK_BACKOFF_MAX_MS: '600000',
    });
    w = await AccessWorld.create(app);
    await w.topic('orders.guarded');
  });

  afterAll(async () => {
    await app.close();
    await receiver.close();
  });

  it.each([
    ['http://127.0.0.1:9/hook', 'public-address', '127.0.0.1 is loopback'],
    ['https://10.0.0.1/hook', 'public-address', '10.0.0.1 is private (RFC 1918)'],
    ['http://169.254.169.254/latest/meta-data/', 'public-address', '169.254.169.254 is link-local'],
    ['http://[::1]:8080/hook', 'public-address', '::1 is loopback'],
    ['http://[::ffff:127.0.0.1]/hook', 'public-address', 'is loopback'],
    ['http://2130706433/hook', 'public-address', '127.0.0.1 is loopback'],
    ['http://0.0.0.0/hook', 'public-address', '0.0.0.0 is unspecified'],
    ['https://[fd00::1]/hook', 'public-address', 'fd00::1 is unique-local'],
    ['http://224.0.0.1/hook', 'public-address', '224.0.0.1 is multicast'],
    ['http://localhost:8080/hook', 'public-address', "'localhost' resolves to"],
    // IPv6 special-purpose blocks, and forms that carry an IPv4 address.
    [
      'http://[64:ff9b:1::a9fe:a9fe]/latest/meta-data/',
      'public-address',
      'local-use NAT64 (64:ff9b:1::/48), carrying 169.254.169.254, which is link-local',
    ],
    ['http://[64:ff9b:1::808:808]/hook', 'public-address', 'local-use NAT64'],
    ['http://[64:ff9b::a9fe:a9fe]/hook', 'public-address', 'NAT64 (64:ff9b::/96) of 169.254.169.254, which is link-local'],
    ['http://[64:ff9b::127.0.0.1]/hook', 'public-address', 'of 127.0.0.1, which is loopback'],
    ['http://[::ffff:169.254.169.254]/hook', 'public-address', 'IPv4-mapped of 169.254.169.254'],
    ['http://[::a9fe:a9fe]/hook', 'public-address', 'IPv4-compatible'],
    ['http://[2002:a9fe:a9fe::1]/hook', 'public-address', '6to4 of 169.254.169.254'],
    ['http://[2001:2::1]/hook', 'public-address', 'benchmarking (2001:2::/48)'],
    ['http://[2001:20::1]/hook', 'public-address', 'ORCHIDv2 (2001:20::/28)'],
    ['http://[2001::1]/hook', 'public-address', 'Teredo'],
    ['http://[2001:db8::1]/hook', 'public-address', 'documentation (2001:db8::/32)'],
    ['http://[3fff::1]/hook', 'public-address', 'documentation (3fff::/20)'],
    ['http://[5f00::1]/hook', 'public-address', 'SRv6 SIDs (5f00::/16)'],
    ['http://[4000::1]/hook', 'public-address', 'not global unicast'],
    ['http://192.0.0.170/hook', 'public-address', 'IETF protocol assignments'],
    ['http://198.51.100.7/hook', 'public-address', 'documentation (TEST-NET-2)'],
    ['http://0.1.2.3/hook', 'public-address', 'this network'],
    ['ftp://files.example.com/hook', 'http-url', 'http:// or https://'],
    ['file:///etc/passwd', 'http-url', 'http:// or https://'],
  ])('refuses %s (%s)', async (url, rule, message) => {
    const res = await w.as('rita')(SET, { input: { team: 'fraud', url } });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url', rule });
    expect(res.errors?.[0].message).toContain(message);
    expect((await app.superuser(`SELECT count(*)::int AS n FROM webhook_subscription`))[0]).toEqual({ n: 0 });
  });

  it.each(['https://93.184.215.14/hook', 'https://[2606:4700:4700::1111]/hook', 'https://[64:ff9b::808:808]/hook'])(
    'accepts the public address literal in %s (and sends it nothing here)',
    async (url) => {
      const res = await w.as('oscar')(SET, { input: { team: 'elsewhere', url } });
      expect(res.errors).toBeUndefined();
      expect(res.data.setTeamWebhook.webhook.url).toBe(url);
      expect((await w.as('oscar')(REMOVE, { team: 'elsewhere' })).data.removeTeamWebhook).toBe(true);
      expect(await app.superuser(`SELECT 1 FROM webhook_outbox`)).toEqual([]);
    },
  );

  it('re-checks the address at delivery: a host that now resolves to loopback fails the attempt, nothing is sent', async () => {
    for (const [person, team] of [
      ['olga', 'shop'],
      ['rita', 'fraud'],
    ] as const) {
      expect((await w.as(person)(SET, { input: { team, url: `https://93.184.215.14/${team}` } })).errors).toBeUndefined();
    }
    // What an attacker gets by changing DNS after the check: the same URLs now lead inside.
    await app.superuser(
      `UPDATE webhook_subscription s SET url = CASE t.slug WHEN 'shop' THEN $1 ELSE $2 END FROM team t WHERE t.id = s.team_id`,
      [receiver.url('/shop'), `http://localhost:${receiver.port}/fraud`],
    );
    const req = await w.requested('rita', 'orders.guarded');
    const attempted = async () =>
      (await app.superuser(
        `SELECT t.slug, o.attempts, o.delivered_at IS NOT NULL AS delivered, o.last_status, o.last_error
           FROM webhook_outbox o JOIN team t ON t.id = o.team_id
          WHERE o.payload->'request'->>'id' = $1 AND o.attempts > 0 AND o.leased_until IS NULL ORDER BY t.slug`,
        [req.id],
      )) as any[];
    await waitUntil(async () => (await attempted()).length === 2);
    const [fraud, shop] = await attempted();
    expect(shop).toMatchObject({ slug: 'shop', attempts: 1, delivered: false, last_status: null });
    expect(shop.last_error).toBe('refused to connect: 127.0.0.1 is loopback; webhooks go only to public addresses');
    expect(fraud).toMatchObject({ slug: 'fraud', attempts: 1, delivered: false, last_status: null });
    expect(fraud.last_error).toMatch(
      /^refused to connect: 'localhost' resolves to (127\.0\.0\.1|::1), which is loopback; webhooks go only to public addresses$/,
    );
    expect(receiver.received).toEqual([]);
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

import { RecertificationDeadlineJob } from '../src/access/recertification-deadline.job';
import { Clock } from '../src/kernel/clock';
import { AccessWorld, failure } from './support/access';
import { TestApp } from './support/test-app';
import { ReceivedHook, WebhookReceiver } from './support/webhook-receiver';

const DAY_MS = 86_400_000;
const SET_HOOK = `mutation($input: SetTeamWebhookInput!) { setTeamWebhook(input: $input) { secret } }`;
const START = `mutation($input: StartRecertificationInput!) { startRecertification(input: $input) { id state scopeKind scopeValue deadlineDays deadline startedBy } }`;
const ITEM_FIELDS = `id campaignId state deadline decidedBy reason grant { id state reason applicationName topic { name } }`;
const ANSWER = `mutation($input: AnswerRecertificationInput!) { answerRecertification(input: $input) { ${ITEM_FIELDS} } }`;
const CAMPAIGN = `query($id: ID!) { recertificationCampaign(id: $id) { id state closedAt items { ${ITEM_FIELDS} } } }`;
const CAMPAIGNS = `{ recertificationCampaigns { id scopeValue items { grant { applicationName } } } }`;

/**
 * Recertification under a controlled clock: the app's Clock is moved forward instead of waiting
 * days, and the deadline job is run by hand (its timer is off).
 */
describe('grant recertification: owners confirm or revoke, the deadline suspends the rest', () => {
  let app: TestApp;
  let w: AccessWorld;
  let receiver: WebhookReceiver;
  let offsetMs = 0;
  const grants: Record<string, string> = {};

  const field = (res: any) => res.errors?.[0]?.extensions?.field;
  const auditActions = (targetId: string) =>
    app.superuser(`SELECT action, actor, details FROM audit_log WHERE target_id = $1 ORDER BY seq`, [targetId]) as Promise<any[]>;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    app = await TestApp.start({
      CHARTER_EXPIRY_JOB_INTERVAL_MS: '0',
      CHARTER_WEBHOOK_POLL_INTERVAL_MS: '50',
      CHARTER_WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
    });
    const clock = app.app.get(Clock);
    clock.now = () => new Date(Date.now() + offsetMs);
    w = await AccessWorld.create(app);
    await w.topic('recert.orders');
    await w.topic('recert.other');
    for (const [person, team] of [
      ['olga', 'shop'],
      ['rita', 'fraud'],
    ] as const) {
      const res = await w.as(person)(SET_HOOK, { input: { team, url: receiver.url(`/${team}`) } });
      expect(res.errors).toBeUndefined();
    }
    for (const app of ['keep', 'drop', 'silent']) {
      const req = await w.requested('rita', 'recert.orders', { applicationName: `recert-${app}`, kafkaPrincipal: `User:svc-${app}` });
      expect((await w.decide('olga', 'approve', { id: req.id })).errors).toBeUndefined();
      grants[app] = req.id;
    }
  }, 120_000);

  afterAll(async () => {
    await app.close();
    await receiver.close();
  });

  it('refuses bad input with the field and the rule', async () => {
    const start = (input: Record<string, unknown>) => w.as('stella')(START, { input });
    for (const days of [0, 366, -3]) {
      const res = await start({ scope: { topic: 'recert.orders' }, deadlineDays: days });
      expect({ ...failure(res), field: field(res) }).toEqual({ code: 'BAD_USER_INPUT', rule: 'range', field: 'deadlineDays' });
    }
    let res = await start({ scope: { topic: 'recert.nowhere' }, deadlineDays: 10 });
    expect({ ...failure(res), field: field(res) }).toEqual({ code: 'BAD_USER_INPUT', rule: 'known-topic', field: 'scope.topic' });
    res = await start({ scope: { team: 'no-such-team' }, deadlineDays: 10 });
    expect({ ...failure(res), field: field(res) }).toEqual({ code: 'BAD_USER_INPUT', rule: 'known-team', field: 'scope.team' });
    res = await start({ scope: { team: 'fraud', topic: 'recert.orders' }, deadlineDays: 10 });
    expect({ ...failure(res), field: field(res) }).toEqual({ code: 'BAD_USER_INPUT', rule: 'exactly-one', field: 'scope' });
    res = await start({ scope: {}, deadlineDays: 10 });
    expect(field(res)).toBe('scope');
    res = await w.as('olga')(ANSWER, { input: { itemId: '00000000-0000-4000-8000-000000000000', decision: 'CONFIRM' } });
    expect({ ...failure(res), field: field(res) }).toMatchObject({ code: 'NOT_FOUND', field: 'itemId' });
    expect((await app.superuser('SELECT count(*)::int AS n FROM recertification_campaign'))[0]).toEqual({ n: 0 });
  });

  it('lets only stewards and admins start a campaign; refusals are audited', async () => {
    for (const person of ['olga', 'rita', 'oscar'] as const) {
      const res = await w.as(person)(START, { input: { scope: { topic: 'recert.orders' }, deadlineDays: 10 } });
      expect(failure(res)).toEqual({ code: 'FORBIDDEN', rule: 'steward-starts' });
    }
    const refused = (await app.superuser(
      `SELECT actor FROM audit_log WHERE action = 'recertification.start.refused' ORDER BY seq`,
    )) as any[];
    expect(refused.map((r) => r.actor)).toEqual(['olga', 'rita', 'oscar']);
    const byAdmin = await w.as('admin')(START, { input: { scope: { classification: 'RESTRICTED' }, deadlineDays: 1 } });
    expect(byAdmin.errors).toBeUndefined();
    expect(byAdmin.data.startRecertification).toMatchObject({ scopeKind: 'CLASSIFICATION', scopeValue: 'RESTRICTED', state: 'OPEN' });
  });

  it('runs a campaign: announced, confirmed, revoked, the unanswered one suspended once at the deadline', async () => {
    const started = await w.as('stella')(START, {
      input: { scope: { topic: 'recert.orders' }, deadlineDays: 14, note: 'Quarterly review' },
    });
    expect(started.errors).toBeUndefined();
    const campaign = started.data.startRecertification;
    expect(campaign).toMatchObject({ scopeKind: 'TOPIC', scopeValue: 'recert.orders', deadlineDays: 14, startedBy: 'stella' });
    expect(new Date(campaign.deadline).getTime() - Date.now()).toBeGreaterThan(14 * DAY_MS - 60_000);

    // Both teams hear of it: the owners must answer, the holders may lose their grants.
    const announced = (team: string) => (h: ReceivedHook) => h.path === `/${team}` && h.json?.campaign?.id === campaign.id;
    const [toShop] = await receiver.waitFor(announced('shop'));
    const [toFraud] = await receiver.waitFor(announced('fraud'));
    expect(toShop.json.type).toBe('recertification.campaign.started');
    expect(toShop.json.items.map((i: any) => i.youAnswer)).toEqual([true, true, true]);
    expect(toFraud.json.items.map((i: any) => i.youAnswer)).toEqual([false, false, false]);

    const read = await w.as('olga')(CAMPAIGN, { id: campaign.id });
    const items: any[] = read.data.recertificationCampaign.items;
    expect(items).toHaveLength(3);
    const item = (app: string) => items.find((i) => i.grant.applicationName === `recert-${app}`).id;

    // Who may answer: the owning team's members (the OWNER approvers) and admins; not a steward who is not an owner, not the holders.
    for (const person of ['stella', 'rita'] as const) {
      const res = await w.as(person)(ANSWER, { input: { itemId: item('keep'), decision: 'CONFIRM' } });
      expect({ ...failure(res), field: field(res) }).toEqual({ code: 'FORBIDDEN', rule: 'owner-side-approver', field: 'itemId' });
    }
    const outsider = await w.as('oscar')(ANSWER, { input: { itemId: item('keep'), decision: 'CONFIRM' } });
    expect(failure(outsider).code).toBe('NOT_FOUND');
    const refusals = (await app.superuser(
      `SELECT actor FROM audit_log WHERE action = 'recertification.answer.refused' ORDER BY seq`,
    )) as any[];
    expect(refusals.map((r) => r.actor)).toEqual(['stella', 'rita']);

    const confirmed = await w.as('olga')(ANSWER, { input: { itemId: item('keep'), decision: 'CONFIRM', reason: 'Still scoring fraud' } });
    expect(confirmed.errors).toBeUndefined();
    expect(confirmed.data.answerRecertification).toMatchObject({ state: 'CONFIRMED', decidedBy: 'olga', grant: { state: 'APPROVED' } });

    const noReason = await w.as('otto')(ANSWER, { input: { itemId: item('drop'), decision: 'REVOKE' } });
    expect({ ...failure(noReason), field: field(noReason) }).toEqual({ code: 'BAD_USER_INPUT', rule: 'reason-required', field: 'reason' });
    const revoked = await w.as('otto')(ANSWER, { input: { itemId: item('drop'), decision: 'REVOKE', reason: 'No longer used' } });
    expect(revoked.errors).toBeUndefined();
    expect(revoked.data.answerRecertification).toMatchObject({ state: 'REVOKED', grant: { state: 'REVOKED', reason: 'No longer used' } });

    const again = await w.as('olga')(ANSWER, { input: { itemId: item('keep'), decision: 'REVOKE', reason: 'changed my mind' } });
    expect({ ...failure(again), field: field(again) }).toEqual({ code: 'CONFLICT', rule: 'item-closed', field: 'itemId' });

    // A second campaign over the same grants leaves those already under review to the first.
    const overlap = await w.as('sam')(START, { input: { scope: { team: 'fraud' }, deadlineDays: 30 } });
    expect((await w.as('sam')(CAMPAIGN, { id: overlap.data.startRecertification.id })).data.recertificationCampaign.items).toHaveLength(1);

    const job = app.app.get(RecertificationDeadlineJob);
    expect(await job.runOnce()).toEqual({ suspended: 0, lapsed: 0, closedCampaigns: 0 });

    // Past the deadline, before the job ran: the answer is refused.
    offsetMs = 14 * DAY_MS + 1_000;
    const late = await w.as('olga')(ANSWER, { input: { itemId: item('silent'), decision: 'CONFIRM' } });
    expect(failure(late)).toEqual({ code: 'CONFLICT', rule: 'deadline-passed' });

    // The admin's 1-day campaign had no items; this one had one unanswered: suspended, and both close.
    expect(await job.runOnce()).toEqual({ suspended: 1, lapsed: 0, closedCampaigns: 2 });
    expect(await job.runOnce()).toEqual({ suspended: 0, lapsed: 0, closedCampaigns: 0 });

    const after = (await w.as('olga')(CAMPAIGN, { id: campaign.id })).data.recertificationCampaign;
    expect(after.state).toBe('CLOSED');
    const states = Object.fromEntries(after.items.map((i: any) => [i.grant.applicationName, [i.state, i.grant.state, i.decidedBy]]));
    expect(states).toEqual({
      'recert-keep': ['CONFIRMED', 'APPROVED', 'olga'],
      'recert-drop': ['REVOKED', 'REVOKED', 'otto'],
      'recert-silent': ['SUSPENDED', 'SUSPENDED', 'charter-system'],
    });

    // Every decision is on the record, the suspension once, naming the campaign.
    expect((await auditActions(grants.keep)).map((a) => a.action)).toContain('recertification.grant.confirmed');
    const dropped = (await auditActions(grants.drop)).find((a) => a.action === 'access.grant.revoked');
    expect(dropped).toMatchObject({ actor: 'otto', details: { recertificationCampaign: campaign.id, reason: 'No longer used' } });
    const silent = (await auditActions(grants.silent)).filter((a) => a.action === 'access.grant.suspended');
    expect(silent).toHaveLength(1);
    expect(silent[0]).toMatchObject({ actor: 'charter-system', details: { recertificationCampaign: campaign.id } });
    expect((await auditActions(campaign.id)).map((a) => a.action)).toEqual([
      'recertification.campaign.started',
      'recertification.campaign.closed',
    ]);

    // Both teams are told of the suspension, once each.
    const suspended = (h: ReceivedHook) => h.json?.type === 'access.grant.suspended' && h.json.request?.id === grants.silent;
    const hooks = await receiver.waitFor(suspended, 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(
      receiver.received
        .filter(suspended)
        .map((h) => h.path)
        .sort(),
    ).toEqual(['/fraud', '/shop']);
    expect(hooks[0].json.request.reason).toContain(campaign.id);
    expect((await app.graphql('{ verifyAuditChain { valid } }')).data.verifyAuditChain.valid).toBe(true);
  });

  it('shows campaigns to stewards, and to teams only with their own grants', async () => {
    const byPerson = async (person: 'oscar' | 'rita' | 'stella') => (await w.as(person)(CAMPAIGNS)).data.recertificationCampaigns;
    expect(await byPerson('oscar')).toEqual([]);
    const rita = await byPerson('rita');
    expect(rita.length).toBeGreaterThanOrEqual(2);
    for (const c of rita) for (const i of c.items) expect(i.grant.applicationName).toMatch(/^recert-/);
    expect((await byPerson('stella')).length).toBe(3);
    const hidden = await w.as('oscar')(`query($id: ID!) { recertificationCampaign(id: $id) { id } }`, { id: rita[0].id });
    expect(failure(hidden).code).toBe('NOT_FOUND');
  });
});

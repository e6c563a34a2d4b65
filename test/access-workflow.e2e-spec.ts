import { AccessWorld, failure } from './support/access';
import { TestApp } from './support/test-app';

const PENDING = `query { myPendingApprovals(first: 50) { totalCount edges { node { id } } } }`;
const DAY = 86_400_000;

describe('access workflow through GraphQL, with a real token per role', () => {
  let app: TestApp;
  let w: AccessWorld;

  beforeAll(async () => {
    app = await TestApp.start({ CHARTER_EXPIRY_JOB_INTERVAL_MS: '0', CHARTER_WEBHOOK_POLL_INTERVAL_MS: '0' });
    w = await AccessWorld.create(app);
    await w.topic('catalog.public', { classification: 'PUBLIC', accessPolicy: 'OPEN' });
    await w.topic('orders.placed', { maxGrantDays: 90 });
    await w.topic('payments.settled', { classification: 'RESTRICTED', accessPolicy: 'OWNER_AND_STEWARD_APPROVAL' });
  });

  afterAll(() => app.close());

  it('grants an OPEN topic at once, and still audits the submission and the grant', async () => {
    const before = Date.now();
    const granted = await w.requested('rita', 'catalog.public', { durationDays: 10 });
    expect(granted).toMatchObject({ state: 'APPROVED', active: true, slots: [], requestedBy: 'rita', stateChangedBy: 'charter-system' });
    expect(new Date(granted.grantEnd).getTime() - new Date(granted.grantStart).getTime()).toBe(10 * DAY);
    expect(new Date(granted.grantStart).getTime()).toBeGreaterThanOrEqual(before - 1000);
    const audit = await w.audit(granted.id);
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ['access.request.submitted', 'rita'],
      ['access.request.approved', 'charter-system'],
    ]);
  });

  it('needs one owner for OWNER_APPROVAL; lists it for the owners only; refuses self-approval and non-owners', async () => {
    const req = await w.requested('rita', 'orders.placed', { applicationName: 'order-risk', kafkaPrincipal: 'User:svc-order-risk' });
    expect(req).toMatchObject({
      state: 'PENDING',
      active: false,
      grantStart: null,
      slots: [{ kind: 'OWNER', decision: null, decidedBy: null }],
    });
    expect(req.approvalReasons).toEqual(['access policy OWNER_APPROVAL: a member of the owning team approves']);

    const pendingIds = async (p: 'olga' | 'rita' | 'stella' | 'oscar') =>
      (await w.as(p)(PENDING)).data.myPendingApprovals.edges.map((e: any) => e.node.id);
    expect(await pendingIds('olga')).toContain(req.id);
    expect(await pendingIds('rita')).not.toContain(req.id);
    expect(await pendingIds('stella')).not.toContain(req.id);
    expect(await pendingIds('oscar')).not.toContain(req.id);

    expect(failure(await w.decide('tom', 'approve', { id: req.id }))).toEqual({ code: 'FORBIDDEN', rule: 'slot-eligibility' });
    expect(failure(await w.decide('stella', 'approve', { id: req.id }))).toEqual({ code: 'FORBIDDEN', rule: 'slot-eligibility' });
    expect(failure(await w.decide('admin', 'approve', { id: req.id }))).toEqual({ code: 'FORBIDDEN', rule: 'slot-eligibility' });
    expect((await w.read('rita', req.id)).state).toBe('PENDING');

    const approved = await w.decide('olga', 'approve', { id: req.id, expectedVersion: req.version });
    expect(approved.errors).toBeUndefined();
    expect(approved.data.result).toMatchObject({
      state: 'APPROVED',
      active: true,
      slots: [{ kind: 'OWNER', decision: 'APPROVED', decidedBy: 'olga' }],
    });
    expect(approved.data.result.version).toBe(req.version + 1);
    expect(await pendingIds('olga')).not.toContain(req.id);
    // Each refused attempt is on the record too, written although the attempt itself rolled back.
    expect((await w.audit(req.id)).map((a) => [a.action, a.actor, a.details.rule])).toEqual([
      ['access.request.submitted', 'rita', undefined],
      ['access.decision.refused', 'tom', 'slot-eligibility'],
      ['access.decision.refused', 'stella', 'slot-eligibility'],
      ['access.decision.refused', 'admin', 'slot-eligibility'],
      ['access.request.approved', 'olga', undefined],
    ]);
  });

  it('refuses self-approval by a requester who is an owner', async () => {
    const own = await w.requested('petra', 'orders.placed', {
      requestingTeam: 'shop',
      applicationName: 'shop-self',
      kafkaPrincipal: 'User:svc-shop',
    });
    expect(failure(await w.decide('petra', 'approve', { id: own.id }))).toEqual({ code: 'FORBIDDEN', rule: 'self-approval' });
    expect((await w.decide('olga', 'approve', { id: own.id })).data.result.state).toBe('APPROVED');
  });

  it('needs an owner and a steward, two different people, for a RESTRICTED topic', async () => {
    const req = await w.requested('rita', 'payments.settled');
    expect(req.slots.map((s: any) => s.kind)).toEqual(['OWNER', 'STEWARD']);
    const first = await w.decide('petra', 'approve', { id: req.id });
    expect(first.data.result).toMatchObject({
      state: 'PENDING',
      slots: [
        { kind: 'OWNER', decidedBy: 'petra' },
        { kind: 'STEWARD', decidedBy: null },
      ],
    });
    expect(failure(await w.decide('petra', 'approve', { id: req.id }))).toEqual({ code: 'FORBIDDEN', rule: 'one-person-one-slot' });
    expect(failure(await w.decide('petra', 'approve', { id: req.id, slot: 'STEWARD' }))).toEqual({
      code: 'FORBIDDEN',
      rule: 'one-person-one-slot',
    });
    expect(failure(await w.decide('otto', 'approve', { id: req.id }))).toEqual({ code: 'CONFLICT', rule: 'slot-filled' });
    const second = await w.decide('stella', 'approve', { id: req.id });
    expect(second.data.result).toMatchObject({ state: 'APPROVED', active: true });
    const audit = await w.audit(req.id);
    expect(audit.map((a) => [a.action, a.actor, a.details.slot])).toEqual([
      ['access.request.submitted', 'rita', undefined],
      ['access.slot.approved', 'petra', 'OWNER'],
      ['access.decision.refused', 'petra', undefined],
      ['access.decision.refused', 'petra', undefined],
      ['access.request.approved', 'stella', 'STEWARD'],
    ]);
  });

  it('rejects only with a reason, which the requester reads', async () => {
    const req = await w.requested('rita', 'orders.placed', { applicationName: 'reject-me', kafkaPrincipal: 'User:svc-reject' });
    const empty = await w.decide('olga', 'reject', { id: req.id, reason: '' });
    expect(empty.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect(failure(await w.decide('olga', 'reject', { id: req.id, reason: '   ' }))).toEqual({
      code: 'BAD_USER_INPUT',
      rule: 'reason-required',
    });
    const rejected = await w.decide('olga', 'reject', { id: req.id, reason: 'Use the anonymised orders topic instead.' });
    expect(rejected.data.result).toMatchObject({ state: 'REJECTED', reason: 'Use the anonymised orders topic instead.' });
    expect(await w.read('rita', req.id)).toMatchObject({
      state: 'REJECTED',
      reason: 'Use the anonymised orders topic instead.',
      stateChangedBy: 'olga',
    });
    expect(failure(await w.decide('otto', 'approve', { id: req.id }))).toEqual({ code: 'CONFLICT', rule: 'illegal-transition' });
  });

  it('lets the requesting team withdraw a pending request, after which nobody decides it', async () => {
    const req = await w.requested('rita', 'orders.placed', { applicationName: 'withdraw-me', kafkaPrincipal: 'User:svc-withdraw' });
    expect(failure(await w.decide('olga', 'withdraw', { id: req.id }))).toEqual({ code: 'FORBIDDEN', rule: 'actor-not-allowed' });
    expect((await w.decide('tom', 'withdraw', { id: req.id })).data.result.state).toBe('WITHDRAWN');
    const late = await w.decide('olga', 'approve', { id: req.id });
    expect(failure(late)).toEqual({ code: 'CONFLICT', rule: 'illegal-transition' });
    expect(late.errors?.[0].message).toContain('is WITHDRAWN and cannot be approved');
  });

  it('revokes a grant by an owner with a reason; the requester cannot', async () => {
    const req = await w.requested('rita', 'orders.placed', { applicationName: 'revoke-me', kafkaPrincipal: 'User:svc-revoke' });
    await w.decide('otto', 'approve', { id: req.id });
    expect(failure(await w.decide('rita', 'revoke', { id: req.id, reason: 'done' }))).toEqual({
      code: 'FORBIDDEN',
      rule: 'actor-not-allowed',
    });
    const revoked = await w.decide('otto', 'revoke', { id: req.id, reason: 'Consumer decommissioned' });
    expect(revoked.data.result).toMatchObject({ state: 'REVOKED', active: false, reason: 'Consumer decommissioned' });
    expect((await w.audit(req.id)).pop()).toMatchObject({
      action: 'access.grant.revoked',
      actor: 'otto',
      details: { reason: 'Consumer decommissioned' },
    });
  });

  it('refuses a stale expectedVersion, a second pending twin, a duration over the topic maximum and a stranger team', async () => {
    const req = await w.requested('rita', 'orders.placed', { applicationName: 'stale', kafkaPrincipal: 'User:svc-stale' });
    expect(failure(await w.decide('olga', 'approve', { id: req.id, expectedVersion: req.version + 5 }))).toEqual({
      code: 'CONFLICT',
      rule: 'current-version',
    });
    expect(failure(await w.request('tom', 'orders.placed', { applicationName: 'stale', kafkaPrincipal: 'User:svc-stale' }))).toEqual({
      code: 'CONFLICT',
      rule: 'one-pending-request',
    });
    const long = await w.request('rita', 'orders.placed', { applicationName: 'long', durationDays: 91 });
    expect(long.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'durationDays', rule: 'max-grant-days' });
    expect(long.errors?.[0].message).toContain('at most 90 days');
    expect(failure(await w.request('oscar', 'orders.placed'))).toEqual({ code: 'FORBIDDEN', rule: undefined });
    const bad = await w.request('rita', 'orders.placed', { kafkaPrincipal: 'svc-fraud', applicationName: 'no spaces' });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(bad.errors?.[0].message).toContain("'applicationName'");
    expect(bad.errors?.[0].message).toContain("'kafkaPrincipal'");
  });

  it('shows requests only to the teams involved, stewards and admins', async () => {
    const req = await w.requested('rita', 'orders.placed', { applicationName: 'visibility', kafkaPrincipal: 'User:svc-vis' });
    const list = async (p: 'oscar' | 'olga' | 'tom' | 'stella') =>
      (
        await w.as(p)(`query { accessRequests(filter: { states: [PENDING] }, first: 200) { edges { node { id } } } }`)
      ).data.accessRequests.edges.map((e: any) => e.node.id);
    expect(await list('oscar')).toEqual([]);
    for (const p of ['olga', 'tom', 'stella'] as const) expect(await list(p)).toContain(req.id);
    expect(failure(await w.as('oscar')(`query($id: ID!) { accessRequest(id: $id) { id } }`, { id: req.id }))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(failure(await w.decide('olga', 'approve', { id: 'not-a-uuid' }))).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('pages through requests with stable cursors', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const res = await w.as('stella')(
        `query($after: String) { accessRequests(first: 3, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`,
        { after },
      );
      const conn = res.data.accessRequests;
      seen.push(...conn.edges.map((e: any) => e.node.id));
      if (!conn.pageInfo.hasNextPage) {
        expect(seen).toHaveLength(conn.totalCount);
        break;
      }
      after = conn.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(failure(await w.as('stella')(`query { accessRequests(first: 3, after: "bm9wZQ") { totalCount } }`))).toEqual({
      code: 'BAD_USER_INPUT',
      rule: 'cursor',
    });
  });
});

import { AccessWorld, failure } from './support/access';
import { TestApp } from './support/test-app';

const UPDATE = `mutation($input: UpdateTopicInput!) { updateTopic(input: $input) { name classification jurisdiction } }`;
const RETIRE = `mutation($input: RetireTopicInput!) { retireTopic(input: $input) { name lifecycle } }`;
const FLAGGED = `query($topic: String) { flaggedGrants(topic: $topic) { id state active flagReasons } }`;
const ACLS = `query($topic: String!) { topicAcls(topic: $topic) { principal } }`;

describe('grants when their topic changes', () => {
  let app: TestApp;
  let w: AccessWorld;
  let seq = 0;
  const fresh = () => ({ applicationName: `app-${++seq}`, kafkaPrincipal: `User:svc-${seq}` });

  /** An active grant approved by an owner only (the topic needs nothing more today). */
  async function ownerGrant(topic: string, extra: Record<string, unknown> = {}) {
    const req = await w.requested('rita', topic, { ...fresh(), ...extra });
    const res = await w.decide('olga', 'approve', { id: req.id });
    expect(res.data.result.state).toBe('APPROVED');
    return req.id as string;
  }

  beforeAll(async () => {
    app = await TestApp.start({ CHARTER_EXPIRY_JOB_INTERVAL_MS: '0', CHARTER_WEBHOOK_POLL_INTERVAL_MS: '0' });
    w = await AccessWorld.create(app);
  });

  afterAll(() => app.close());

  it('flags owner-only grants when the classification rises to RESTRICTED, lists them to owners and stewards, and keeps them active', async () => {
    await w.topic('orders.raised');
    const grant = await ownerGrant('orders.raised');
    const untouched = await ownerGrant('orders.raised', { consumerJurisdiction: 'UK' });
    await w.as('olga')(UPDATE, { input: { name: 'orders.raised', classification: 'CONFIDENTIAL' } });
    expect((await w.as('stella')(FLAGGED, { topic: 'orders.raised' })).data.flaggedGrants).toEqual([]);

    const raised = await w.as('olga')(UPDATE, { input: { name: 'orders.raised', classification: 'RESTRICTED' } });
    expect(raised.errors).toBeUndefined();
    const flagged = (await w.as('olga')(FLAGGED, { topic: 'orders.raised' })).data.flaggedGrants;
    expect(flagged.map((g: any) => g.id).sort()).toEqual([grant, untouched].sort());
    expect(flagged[0]).toMatchObject({ state: 'APPROVED', active: true });
    expect(flagged[0].flagReasons[0]).toContain('the topic now needs STEWARD approval, which this grant never had');
    expect((await w.as('stella')(FLAGGED, {})).data.flaggedGrants).toHaveLength(2);
    expect((await w.as('rita')(FLAGGED, {})).data.flaggedGrants).toEqual([]);
    expect((await w.as('oscar')(FLAGGED, {})).data.flaggedGrants).toEqual([]);
    expect((await w.audit(grant)).pop()).toMatchObject({
      action: 'access.grant.flagged',
      actor: 'olga',
      details: { cause: 'topic-change' },
    });
    expect((await w.as('olga')(ACLS, { topic: 'orders.raised' })).data.topicAcls).toHaveLength(6);
  });

  it('adds the slots a topic now demands to its pending requests', async () => {
    await w.topic('orders.pending');
    const req = await w.requested('rita', 'orders.pending', fresh());
    expect(req.slots.map((s: any) => s.kind)).toEqual(['OWNER']);
    await w.as('olga')(UPDATE, { input: { name: 'orders.pending', classification: 'RESTRICTED' } });
    const after = await w.read('rita', req.id);
    expect(after.slots.map((s: any) => s.kind)).toEqual(['OWNER', 'STEWARD']);
    expect(after.approvalReasons).toContain('classification RESTRICTED: an owner and a data steward approve');
    expect((await w.decide('olga', 'approve', { id: req.id })).data.result.state).toBe('PENDING');
    expect((await w.decide('stella', 'approve', { id: req.id })).data.result.state).toBe('APPROVED');
  });

  it('flags grants that a new jurisdiction turns into transfers without a legal basis, and clears flags when it moves back', async () => {
    await w.topic('orders.moved');
    const grant = await ownerGrant('orders.moved');
    expect(failure(await w.as('olga')(UPDATE, { input: { name: 'orders.moved', jurisdiction: 'US' } }))).toMatchObject({
      code: 'FORBIDDEN',
    });
    await w.as('stella')(UPDATE, { input: { name: 'orders.moved', jurisdiction: 'US' } });
    const [flagged] = (await w.as('olga')(FLAGGED, { topic: 'orders.moved' })).data.flaggedGrants;
    expect(flagged.id).toBe(grant);
    expect(flagged.flagReasons).toEqual([
      expect.stringContaining('the topic now needs STEWARD approval'),
      'US -> EU is a cross-border transfer and the grant records no legal basis',
    ]);
    await w.as('stella')(UPDATE, { input: { name: 'orders.moved', jurisdiction: 'EU' } });
    expect((await w.as('olga')(FLAGGED, { topic: 'orders.moved' })).data.flaggedGrants).toEqual([]);
    expect((await w.audit(grant)).pop()).toMatchObject({ action: 'access.grant.flag-cleared', actor: 'stella' });
  });

  it('flags every live grant of a retired topic, and refuses to approve its pending requests', async () => {
    await w.topic('orders.retired', { accessPolicy: 'OWNER_AND_STEWARD_APPROVAL' });
    const req = await w.requested('rita', 'orders.retired', fresh());
    await w.decide('olga', 'approve', { id: req.id });
    await w.decide('stella', 'approve', { id: req.id });
    const pending = await w.requested('rita', 'orders.retired', fresh());
    await w.decide('olga', 'approve', { id: pending.id });
    await w.as('olga')(RETIRE, { input: { name: 'orders.retired' } });
    const [flagged] = (await w.as('stella')(FLAGGED, { topic: 'orders.retired' })).data.flaggedGrants;
    expect(flagged).toMatchObject({ id: req.id, flagReasons: ["topic 'orders.retired' is retired"] });
    const late = await w.decide('sam', 'approve', { id: pending.id });
    expect(failure(late)).toEqual({ code: 'CONFLICT', rule: 'topic-policy-changed' });
    expect(late.errors?.[0].message).toContain("topic 'orders.retired' is retired");
    expect(failure(await w.request('rita', 'orders.retired', fresh()))).toEqual({ code: 'CONFLICT', rule: 'topic-retired' });
  });

  it('suspends flagged grants when configured; a steward reinstates or an owner revokes them', async () => {
    await app.stop();
    app = await TestApp.start(
      { CHARTER_EXPIRY_JOB_INTERVAL_MS: '0', CHARTER_WEBHOOK_POLL_INTERVAL_MS: '0', CHARTER_SUSPEND_ON_POLICY_CHANGE: 'true' },
      app,
    );
    w = w.on(app);
    await w.topic('orders.suspended');
    const keep = await ownerGrant('orders.suspended');
    const drop = await ownerGrant('orders.suspended');
    await w.as('olga')(UPDATE, { input: { name: 'orders.suspended', classification: 'RESTRICTED' } });
    const kept = await w.read('rita', keep);
    expect(kept).toMatchObject({ state: 'SUSPENDED', active: false, stateChangedBy: 'charter-system' });
    expect(kept.reason).toContain("Topic 'orders.suspended' changed: the topic now needs STEWARD approval");
    expect((await w.as('olga')(ACLS, { topic: 'orders.suspended' })).data.topicAcls).toEqual([]);
    expect((await w.audit(keep)).slice(-2).map((a) => a.action)).toEqual(['access.grant.flagged', 'access.grant.suspended']);

    expect(failure(await w.decide('olga', 'reinstate', { id: keep, reason: 'fine' }))).toEqual({
      code: 'FORBIDDEN',
      rule: 'actor-not-allowed',
    });
    const reinstated = await w.decide('stella', 'reinstate', {
      id: keep,
      reason: 'Reviewed: the consumer only reads non-personal fields.',
    });
    expect(reinstated.data.result).toMatchObject({ state: 'APPROVED', active: true, flaggedAt: null, flagReasons: [] });
    expect((await w.decide('olga', 'revoke', { id: drop, reason: 'Not needed after the reclassification.' })).data.result.state).toBe(
      'REVOKED',
    );
    expect((await w.as('stella')(FLAGGED, { topic: 'orders.suspended' })).data.flaggedGrants).toEqual([]);
  });
});

import { failure, Person } from './support/access';
import { MirrorCommand, MirrorWorld, refusal } from './support/mirrors';
import { requestStatements } from './support/request-statements';
import { TestApp } from './support/test-app';

const REASON = 'Reviewed by the data office';

/**
 * Who may do what to a mirror request, from the state the command applies to. `ok` moves it to
 * the state given; otherwise the refusal's code and rule. Rita (team fraud) asks; shop owns the
 * topic; stella is a steward; petra is both an owner and a steward; oscar is in neither team.
 */
const TABLE: Array<[MirrorCommand, 'PENDING' | 'APPROVED' | 'SUSPENDED', Person, string]> = [
  ['approve', 'PENDING', 'olga', 'APPROVED'],
  ['approve', 'PENDING', 'petra', 'APPROVED'],
  ['approve', 'PENDING', 'rita', 'FORBIDDEN self-approval'],
  ['approve', 'PENDING', 'tom', 'FORBIDDEN slot-eligibility'],
  ['approve', 'PENDING', 'stella', 'FORBIDDEN slot-eligibility'],
  ['approve', 'PENDING', 'admin', 'FORBIDDEN slot-eligibility'],
  ['approve', 'PENDING', 'oscar', 'NOT_FOUND'],
  ['reject', 'PENDING', 'otto', 'REJECTED'],
  ['reject', 'PENDING', 'rita', 'FORBIDDEN self-approval'],
  ['reject', 'PENDING', 'stella', 'FORBIDDEN slot-eligibility'],
  ['reject', 'PENDING', 'oscar', 'NOT_FOUND'],
  ['withdraw', 'PENDING', 'rita', 'WITHDRAWN'],
  ['withdraw', 'PENDING', 'tom', 'WITHDRAWN'],
  ['withdraw', 'PENDING', 'olga', 'FORBIDDEN actor-not-allowed'],
  ['withdraw', 'PENDING', 'stella', 'FORBIDDEN actor-not-allowed'],
  ['withdraw', 'PENDING', 'oscar', 'NOT_FOUND'],
  ['revoke', 'PENDING', 'olga', 'CONFLICT illegal-transition'],
  ['revoke', 'APPROVED', 'olga', 'REVOKED'],
  ['revoke', 'APPROVED', 'stella', 'REVOKED'],
  ['revoke', 'APPROVED', 'admin', 'REVOKED'],
  ['revoke', 'APPROVED', 'rita', 'FORBIDDEN actor-not-allowed'],
  ['revoke', 'APPROVED', 'oscar', 'NOT_FOUND'],
  ['suspend', 'APPROVED', 'stella', 'SUSPENDED'],
  ['suspend', 'APPROVED', 'admin', 'SUSPENDED'],
  ['suspend', 'APPROVED', 'olga', 'FORBIDDEN actor-not-allowed'],
  ['suspend', 'APPROVED', 'rita', 'FORBIDDEN actor-not-allowed'],
  ['reinstate', 'SUSPENDED', 'stella', 'APPROVED'],
  ['reinstate', 'SUSPENDED', 'olga', 'FORBIDDEN actor-not-allowed'],
  ['revoke', 'SUSPENDED', 'otto', 'REVOKED'],
  ['approve', 'APPROVED', 'otto', 'CONFLICT illegal-transition'],
  ['withdraw', 'APPROVED', 'rita', 'CONFLICT illegal-transition'],
];

describe('mirror requests through GraphQL: the role × command table, cross-border rules, topic changes', () => {
  let app: TestApp;
  let m: MirrorWorld;

  beforeAll(async () => {
    app = await TestApp.start({ CHARTER_EXPIRY_JOB_INTERVAL_MS: '0', CHARTER_WEBHOOK_POLL_INTERVAL_MS: '0' });
    m = await MirrorWorld.create(app);
    await Promise.all([
      m.topic('orders.placed'),
      m.topic('payments.settled', { classification: 'RESTRICTED', accessPolicy: 'OWNER_AND_STEWARD_APPROVAL' }),
      m.topic('orders.shipped'),
    ]);
  }, 180_000);

  afterAll(() => app.close());

  /** A fresh request by rita on orders.placed -> eu-dr, brought to `state` by the people allowed to. */
  async function mirrorIn(state: 'PENDING' | 'APPROVED' | 'SUSPENDED'): Promise<any> {
    let req = await m.requested('rita', 'orders.placed');
    if (state !== 'PENDING') req = await m.decided('otto', 'approve', { id: req.id });
    if (state === 'SUSPENDED') req = await m.decided('sam', 'suspend', { id: req.id, reason: 'Under review' });
    return req;
  }

  it.each(TABLE)('%s on a %s mirror by %s: %s', async (command, from, person, expected) => {
    const req = await mirrorIn(from);
    const res = await m.decide(person, command, { id: req.id, reason: REASON });
    const [code, rule] = expected.split(' ');
    if (!rule && code !== 'NOT_FOUND') {
      expect(res.errors).toBeUndefined();
      expect(res.data.result.state).toBe(code);
      const last = (await m.audit(req.id)).pop()!;
      expect(last.actor).toBe(person);
      expect(last.action).toMatch(/^mirror\./);
      expect(last.details).toMatchObject({ topic: 'orders.placed', sourceCluster: 'eu-main', targetCluster: 'eu-dr', to: code });
    } else {
      expect(failure(res)).toEqual({ code, rule: code === 'NOT_FOUND' ? undefined : rule });
      if (code === 'NOT_FOUND') expect(res.errors?.[0].message).toBe(`Mirror request '${req.id}' does not exist.`);
      const after = await m.audit(req.id);
      // Refusals of people who may not act (or may not see) are on the record; illegal moves are not decisions.
      if (code !== 'CONFLICT') expect(after.pop()).toMatchObject({ action: 'mirror.decision.refused', actor: person });
    }
    // Leave no pending request behind: the next row submits the same topic and target.
    const now = await m.w.as('admin')(`query($id: ID!) { mirrorRequest(id: $id) { state } }`, { id: req.id });
    if (now.data.mirrorRequest.state === 'PENDING') await m.decided('rita', 'withdraw', { id: req.id });
  });

  it('audits the life of a mirror under its own names', async () => {
    const req = await mirrorIn('APPROVED');
    await m.decided('stella', 'suspend', { id: req.id, reason: 'Audit' });
    await m.decided('stella', 'reinstate', { id: req.id, reason: 'Audit done' });
    await m.decided('olga', 'revoke', { id: req.id, reason: 'Standby retired' });
    expect((await m.audit(req.id)).map((a) => [a.action, a.actor])).toEqual([
      ['mirror.request.submitted', 'rita'],
      ['mirror.request.approved', 'otto'],
      ['mirror.suspended', 'stella'],
      ['mirror.reinstated', 'stella'],
      ['mirror.revoked', 'olga'],
    ]);
  });

  it('needs an owner always, a steward and a legal basis across borders, and two different people', async () => {
    const noBasis = await m.request('rita', 'orders.shipped', { targetCluster: 'us-main' });
    expect(refusal(noBasis)).toEqual({ code: 'BAD_USER_INPUT', field: 'legalBasis', rule: 'legal-basis-required' });
    expect(noBasis.errors?.[0].message).toContain("'eu-main' (EU) to 'us-main' (US)");
    const req = await m.requested('rita', 'orders.shipped', {
      targetCluster: 'us-main',
      legalBasis: { mechanism: 'STANDARD_CONTRACTUAL_CLAUSES', reference: 'SCC-2026-17' },
    });
    expect(req).toMatchObject({
      state: 'PENDING',
      crossBorder: true,
      sourceJurisdiction: 'EU',
      targetJurisdiction: 'US',
      legalBasis: { mechanism: 'STANDARD_CONTRACTUAL_CLAUSES', reference: 'SCC-2026-17' },
      slots: [{ kind: 'OWNER' }, { kind: 'STEWARD' }],
      sourceCluster: { name: 'eu-main' },
      targetCluster: { name: 'us-main' },
    });
    await m.decided('petra', 'approve', { id: req.id, slot: 'STEWARD' });
    expect(failure(await m.decide('petra', 'approve', { id: req.id }))).toEqual({ code: 'FORBIDDEN', rule: 'one-person-one-slot' });
    const approved = await m.decided('olga', 'approve', { id: req.id });
    expect(approved).toMatchObject({ state: 'APPROVED', active: true });

    // The target region joins the effective residency; the mirror is listed on the topic.
    const topic = await m.w.as('tom')(
      `{ topic(name: "orders.shipped") { residency effectiveResidency cluster { name region } mirrors { id targetCluster { name } } } }`,
    );
    expect(topic.data.topic).toEqual({
      residency: [],
      effectiveResidency: ['us-east-1'],
      cluster: { name: 'eu-main', region: 'eu-west-1' },
      mirrors: [{ id: req.id, targetCluster: { name: 'us-main' } }],
    });

    // And in the records of processing, as a transfer.
    const records = await m.w.as('stella')(
      `{ recordsOfProcessing(topic: "orders.shipped") { topic recipients { requestId transfer targetCluster consumerTeam consumerJurisdiction crossBorder legalBasisMechanism legalBasisReference } } }`,
    );
    expect(records.data.recordsOfProcessing).toEqual([
      {
        topic: 'orders.shipped',
        recipients: [
          {
            requestId: req.id,
            transfer: 'MIRROR',
            targetCluster: 'us-main',
            consumerTeam: 'fraud',
            consumerJurisdiction: 'US',
            crossBorder: true,
            legalBasisMechanism: 'STANDARD_CONTRACTUAL_CLAUSES',
            legalBasisReference: 'SCC-2026-17',
          },
        ],
      },
    ]);
    const csv = await (
      await app.fetch('/catalogue/records-of-processing.csv?topic=orders.shipped', {
        headers: { authorization: `Bearer ${m.w.tokens.olga}` },
      })
    ).text();
    expect(csv.trimEnd().split('\r\n')[1]).toMatch(
      /^orders\.shipped,INTERNAL,EU,shop,fraud,mirrormaker2,,READ,FRAUD_PREVENTION,.*,US,true,STANDARD_CONTRACTUAL_CLAUSES,SCC-2026-17,.*,MIRROR,us-main$/,
    );
  });

  it('needs a steward for RESTRICTED data even inside one jurisdiction', async () => {
    const req = await m.requested('rita', 'payments.settled');
    expect(req.slots.map((s: any) => s.kind)).toEqual(['OWNER', 'STEWARD']);
    expect((await m.decided('olga', 'approve', { id: req.id })).state).toBe('PENDING');
    expect((await m.decided('stella', 'approve', { id: req.id })).state).toBe('APPROVED');
  });

  it('refuses bad input with a clear error naming the field', async () => {
    expect(refusal(await m.request('rita', 'orders.placed', { targetCluster: 'nowhere' }))).toEqual({
      code: 'NOT_FOUND',
      field: 'targetCluster',
      rule: 'known-cluster',
    });
    const same = await m.request('rita', 'orders.placed', { targetCluster: 'eu-main' });
    expect(refusal(same)).toEqual({ code: 'BAD_USER_INPUT', field: 'targetCluster', rule: 'other-cluster' });
    expect(same.errors?.[0].message).toContain("already lives on 'eu-main'");
    await m.topic('orders.retired');
    expect((await m.w.as('olga')(`mutation { retireTopic(input: { name: "orders.retired" }) { lifecycle } }`)).errors).toBeUndefined();
    expect(refusal(await m.request('rita', 'orders.retired'))).toEqual({ code: 'CONFLICT', field: 'topic', rule: 'topic-retired' });
    expect(refusal(await m.request('rita', 'no.such.topic'))).toMatchObject({ code: 'NOT_FOUND', field: 'topic' });
    expect(refusal(await m.request('oscar', 'orders.placed'))).toMatchObject({ code: 'FORBIDDEN' });
    const badBasis = await m.request('rita', 'orders.placed', {
      targetCluster: 'us-main',
      legalBasis: { mechanism: 'TRUST_ME', reference: 'x' },
    });
    expect(badBasis.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const twice = await m.requested('rita', 'orders.placed');
    expect(refusal(await m.request('tom', 'orders.placed'))).toMatchObject({ field: 'topic', rule: 'one-pending-request' });
    await m.decided('rita', 'withdraw', { id: twice.id });
  });

  it('catalogues clusters for admins only, with plain bootstrap addresses and known jurisdictions', async () => {
    const register = (person: Person, input: Record<string, unknown>) =>
      m.w.as(person)(`mutation($input: RegisterClusterInput!) { registerCluster(input: $input) { name } }`, { input });
    const good = { name: 'ch-main', region: 'eu-central-2', jurisdiction: 'CH', bootstrapServers: 'kafka.ch.example:9092' };
    expect(failure(await register('stella', good))).toMatchObject({ code: 'FORBIDDEN' });
    expect(refusal(await register('admin', { ...good, jurisdiction: 'XX' }))).toMatchObject({
      field: 'jurisdiction',
      rule: 'known-jurisdiction',
    });
    expect(refusal(await register('admin', { ...good, bootstrapServers: 'SASL_SSL://user:pw@kafka:9092' }))).toMatchObject({
      field: 'bootstrapServers',
      rule: 'host-port-list',
    });
    expect((await register('admin', good)).errors).toBeUndefined();
    expect(refusal(await register('admin', good))).toMatchObject({ field: 'name', rule: 'unique' });
    const list = await m.w.as('oscar')(`{ clusters { name jurisdiction isDefault } cluster(name: "ch-main") { region bootstrapServers } }`);
    expect(list.data.clusters.map((c: any) => c.name)).toEqual(['ch-main', 'default', 'eu-dr', 'eu-main', 'us-main']);
    expect(list.data.clusters.find((c: any) => c.name === 'default').isDefault).toBe(true);
    expect(list.data.cluster).toEqual({ region: 'eu-central-2', bootstrapServers: 'kafka.ch.example:9092' });
    expect(refusal(await m.w.as('oscar')(`{ cluster(name: "nope") { name } }`))).toMatchObject({ code: 'NOT_FOUND', field: 'name' });
    const unknown = await m.w.as('olga')(
      `mutation { registerTopic(input: { name: "x.y", ownerTeam: "shop", intent: EVENT, classification: INTERNAL, jurisdiction: "EU", cluster: "nope" }) { name } }`,
    );
    expect(refusal(unknown)).toMatchObject({ code: 'NOT_FOUND', field: 'cluster', rule: 'known-cluster' });
    const onDefault = await m.w.topic('lands.on.default');
    const read = await m.w.as('olga')(`query($n: String!) { topic(name: $n) { cluster { name } } }`, { n: onDefault.name });
    expect(read.data.topic.cluster.name).toBe('default');
    const registered = await app.graphql(
      `{ auditLog(filter: { targetType: "topic", targetId: "lands.on.default" }, first: 5) { edges { node { action details } } } }`,
    );
    expect(registered.data.auditLog.edges[0].node).toMatchObject({ action: 'topic.registered', details: { cluster: 'default' } });
    const moved = await m.w.as('admin')(
      `mutation { updateCluster(input: { name: "default", region: "eu-west-3", bootstrapServers: "k.example:9092" }) { region version } }`,
    );
    expect(moved.data.updateCluster).toEqual({ region: 'eu-west-3', version: 2 });
  });

  it('flags live mirrors that a topic change would not allow, and suspends none unless configured', async () => {
    await m.topic('orders.flagged');
    const req = await m.requested('rita', 'orders.flagged');
    await m.decided('olga', 'approve', { id: req.id });
    const raised = await m.w.as('olga')(
      `mutation { updateTopic(input: { name: "orders.flagged", classification: RESTRICTED, accessPolicy: OWNER_AND_STEWARD_APPROVAL }) { classification } }`,
    );
    expect(raised.errors).toBeUndefined();
    const after = await m.w.as('stella')(`query($id: ID!) { mirrorRequest(id: $id) { state flaggedAt flagReasons } }`, { id: req.id });
    expect(after.data.mirrorRequest.state).toBe('APPROVED');
    expect(after.data.mirrorRequest.flaggedAt).not.toBeNull();
    expect(after.data.mirrorRequest.flagReasons.join(' ')).toContain('STEWARD');
    expect((await m.audit(req.id)).pop()).toMatchObject({
      action: 'mirror.flagged',
      actor: 'olga',
      details: { cause: 'topic-change', targetCluster: 'eu-dr' },
    });
  });
  it('resolves pages of mirrors and topics with their relations in a number of statements that does not grow with the page', async () => {
    const count = (query: string, first: number) =>
      requestStatements(app, async () => expect((await m.w.as('stella')(query, { first })).errors).toBeUndefined());
    const mirrors = `query($first: Int) { mirrorRequests(first: $first) { edges { node { id topic { name } sourceCluster { name }
      targetCluster { region } requestingTeam { slug } slots { kind } } } } }`;
    expect(await count(mirrors, 10)).toBe(await count(mirrors, 2));
    const topics = `query($first: Int) { topics(first: $first) { edges { node { name cluster { name } effectiveResidency mirrors { id } } } } }`;
    expect(await count(topics, 10)).toBe(await count(topics, 2));
  });
});

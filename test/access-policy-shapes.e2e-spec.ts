import { AccessWorld, failure, Person } from './support/access';
import { TestApp } from './support/test-app';

/**
 * What an OPEN topic grants on request, and what reaches Kafka: only READ by a named principal is
 * automatic; WRITE and wildcard principals wait for the owner, and the ACL export never carries a
 * grant of that kind that no owner approved.
 */
describe('access policy by operation and principal shape, through GraphQL', () => {
  let app: TestApp;
  let w: AccessWorld;
  let seq = 0;
  const fresh = () => ({ applicationName: `shape-${++seq}`, kafkaPrincipal: `User:svc-shape-${seq}` });

  const acls = async (topic: string, person: Person = 'olga') => {
    const res = await app.fetch(`/topics/${topic}/acls`, { headers: { authorization: `Bearer ${w.tokens[person]}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { bindings: Array<{ principal: string; operation: string; resourceType: string }> };
    return body.bindings.map((b) => `${b.principal} ${b.resourceType}:${b.operation}`);
  };

  beforeAll(async () => {
    app = await TestApp.start({ CHARTER_EXPIRY_JOB_INTERVAL_MS: '0', CHARTER_WEBHOOK_POLL_INTERVAL_MS: '0' });
    w = await AccessWorld.create(app);
    await w.topic('prices.open', { classification: 'PUBLIC', accessPolicy: 'OPEN' });
    await w.topic('prices.legacy', { classification: 'PUBLIC', accessPolicy: 'OPEN' });
  });

  afterAll(() => app.close());

  it('grants READ by a named principal on an OPEN topic at once', async () => {
    const granted = await w.requested('rita', 'prices.open', fresh());
    expect(granted).toMatchObject({ state: 'APPROVED', slots: [] });
  });

  it('keeps WRITE on an OPEN topic pending for the owner, and exports no ACL until an owner approves', async () => {
    const ids = fresh();
    const req = await w.requested('rita', 'prices.open', { ...ids, operation: 'WRITE' });
    expect(req).toMatchObject({ state: 'PENDING', active: false, slots: [{ kind: 'OWNER', decision: null }] });
    expect(req.approvalReasons).toEqual(['access policy OPEN grants READ on request; WRITE needs a member of the owning team']);
    expect((await acls('prices.open')).filter((b) => b.startsWith(ids.kafkaPrincipal))).toEqual([]);
    expect(failure(await w.decide('tom', 'approve', { id: req.id }))).toEqual({ code: 'FORBIDDEN', rule: 'slot-eligibility' });
    const approved = await w.decide('olga', 'approve', { id: req.id });
    expect(approved.data.result).toMatchObject({ state: 'APPROVED', active: true });
    expect((await acls('prices.open')).filter((b) => b.startsWith(ids.kafkaPrincipal))).toEqual([
      `${ids.kafkaPrincipal} TOPIC:WRITE`,
      `${ids.kafkaPrincipal} TOPIC:DESCRIBE`,
    ]);
  });

  it.each(['User:*', 'User:svc-*', 'User:*svc'])(
    'refuses the wildcard principal %s to a team member, for READ and WRITE',
    async (kafkaPrincipal) => {
      for (const operation of ['READ', 'WRITE']) {
        const res = await w.request('rita', 'prices.open', { ...fresh(), kafkaPrincipal, operation });
        expect(res.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'kafkaPrincipal', rule: 'wildcard-principal' });
        expect(res.errors?.[0].message).toContain('every Kafka user');
      }
    },
  );

  it.each(['', '   ', 'User:', '*', 'svc-fraud'])('refuses the principal %j as bad input, even to an admin', async (kafkaPrincipal) => {
    const res = await w.request('admin', 'prices.open', { ...fresh(), kafkaPrincipal, wildcardReason: 'whatever' });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'kafkaPrincipal' });
  });

  it('lets an admin ask for a wildcard only with a reason; it is audited and still waits for the owner', async () => {
    const bare = await w.request('admin', 'prices.open', { applicationName: 'everyone', kafkaPrincipal: 'User:*' });
    expect(bare.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'wildcardReason', rule: 'reason-required' });
    const blank = await w.request('admin', 'prices.open', { applicationName: 'everyone', kafkaPrincipal: 'User:*', wildcardReason: '   ' });
    expect(blank.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'wildcardReason' });

    const reason = 'every consumer on the cluster reads public prices (CHG-1234)';
    const req = await w.requested('admin', 'prices.open', {
      applicationName: 'everyone',
      kafkaPrincipal: 'User:*',
      wildcardReason: reason,
    });
    expect(req).toMatchObject({ state: 'PENDING', slots: [{ kind: 'OWNER', decision: null }] });
    expect(await acls('prices.open')).not.toContain('User:* TOPIC:READ');
    const [submitted] = await w.audit(req.id);
    expect(submitted).toMatchObject({
      action: 'access.request.submitted',
      actor: 'admin',
      details: { kafkaPrincipal: 'User:*', wildcardPrincipal: true, wildcardReason: reason },
    });

    expect((await w.decide('olga', 'approve', { id: req.id })).data.result.state).toBe('APPROVED');
    expect(await acls('prices.open')).toEqual(expect.arrayContaining(['User:* TOPIC:READ', 'User:* GROUP:READ']));
  });

  it.each(['ab', 'A-team', '-lead', 'trail.', 'has space', 'x'.repeat(65)])(
    'refuses the consumer-group prefix %j',
    async (applicationName) => {
      const res = await w.request('rita', 'prices.open', { applicationName, kafkaPrincipal: 'User:svc-prefix' });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'applicationName' });
      expect(res.errors?.[0].message).toContain('3-64');
    },
  );

  it('never exports a WRITE or wildcard grant that no owner approved, such as one granted before this rule', async () => {
    const reader = await w.requested('rita', 'prices.legacy', fresh());
    const everyone = await w.requested('tom', 'prices.legacy', { applicationName: 'legacy-all', kafkaPrincipal: 'User:svc-legacy-all' });
    expect([reader.state, everyone.state]).toEqual(['APPROVED', 'APPROVED']);
    // What the old rule left behind: a WRITE grant and a wildcard grant, approved with no slot.
    await app.superuser(`UPDATE access_request SET operation = 'WRITE' WHERE id = $1`, [reader.id]);
    await app.superuser(`UPDATE access_request SET kafka_principal = 'User:*' WHERE id = $1`, [everyone.id]);
    expect(await acls('prices.legacy')).toEqual([]);
    const field = await w.as('olga')(`query { topic(name: "prices.legacy") { grants { id } acls { principal } } }`);
    expect(field.data.topic.grants).toHaveLength(2);
    expect(field.data.topic.acls).toEqual([]);
  });
});

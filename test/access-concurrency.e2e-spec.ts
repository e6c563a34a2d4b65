import { GrantExpiryJob } from '../src/access/grant-expiry.job';
import { AccessWorld } from './support/access';
import { TestApp } from './support/test-app';

// Races need a real server: the embedded database serves one session, which serialises everything.
const onServer = process.env.TEST_DATABASE_URL ? describe : describe.skip;
const ROUNDS = 12;

onServer('access decisions racing on PostgreSQL, across two app instances', () => {
  let one: TestApp;
  let two: TestApp;
  let w1: AccessWorld;
  let w2: AccessWorld;
  let seq = 0;
  const fresh = () => ({ applicationName: `race-${++seq}`, kafkaPrincipal: `User:svc-race-${seq}` });
  const env = { CHARTER_EXPIRY_JOB_INTERVAL_MS: '0', CHARTER_WEBHOOK_POLL_INTERVAL_MS: '0' };

  const actions = async (id: string) => (await w1.audit(id)).map((a) => a.action);
  const slotsInDb = (id: string) =>
    one.superuser('SELECT kind, decided_by FROM access_approval_slot WHERE request_id = $1 ORDER BY kind', [id]);

  beforeAll(async () => {
    one = await TestApp.start(env);
    two = await TestApp.start(env, one);
    w1 = await AccessWorld.create(one);
    w2 = w1.on(two);
    await w1.topic('race.owner');
    await w1.topic('race.restricted', { classification: 'RESTRICTED', accessPolicy: 'OWNER_AND_STEWARD_APPROVAL' });
  });

  afterAll(async () => {
    await two.stop();
    await one.close();
  });

  it('two owners approving the one owner slot at once: one wins, the other is told, one approval on record', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const req = await w1.requested('rita', 'race.owner', fresh());
      const [a, b] = await Promise.all([w1.decide('olga', 'approve', { id: req.id }), w2.decide('otto', 'approve', { id: req.id })]);
      const winners = [a, b].filter((r) => !r.errors);
      const losers = [a, b].filter((r) => r.errors);
      expect(winners).toHaveLength(1);
      expect(losers[0].errors![0].extensions).toMatchObject({ code: 'CONFLICT' });
      expect(['illegal-transition', 'slot-filled', 'current-version']).toContain(losers[0].errors![0].extensions!.rule);
      expect(winners[0].data.result.state).toBe('APPROVED');
      expect(await actions(req.id)).toEqual(['access.request.submitted', 'access.request.approved']);
      expect(await slotsInDb(req.id)).toEqual([{ kind: 'OWNER', decided_by: winners[0].data.result.slots[0].decidedBy }]);
    }
  });

  it('an owner and a steward approving at once on two instances: both slots filled, approved once', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const req = await w1.requested('rita', 'race.restricted', fresh());
      const [a, b] = await Promise.all([w1.decide('olga', 'approve', { id: req.id }), w2.decide('stella', 'approve', { id: req.id })]);
      expect(a.errors).toBeUndefined();
      expect(b.errors).toBeUndefined();
      expect([a.data.result.state, b.data.result.state].sort()).toEqual(['APPROVED', 'PENDING']);
      expect(await slotsInDb(req.id)).toEqual([
        { kind: 'OWNER', decided_by: 'olga' },
        { kind: 'STEWARD', decided_by: 'stella' },
      ]);
      const log = await actions(req.id);
      expect(log.filter((x) => x === 'access.request.approved')).toHaveLength(1);
      expect(log.filter((x) => x === 'access.slot.approved')).toHaveLength(1);
      expect((await w1.read('rita', req.id)).state).toBe('APPROVED');
    }
  });

  it('one steward-owner trying to fill both slots from two instances at once fills one', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const req = await w1.requested('rita', 'race.restricted', fresh());
      const [a, b] = await Promise.all([
        w1.decide('petra', 'approve', { id: req.id, slot: 'OWNER' }),
        w2.decide('petra', 'approve', { id: req.id, slot: 'STEWARD' }),
      ]);
      expect([a, b].filter((r) => !r.errors)).toHaveLength(1);
      expect([a, b].find((r) => r.errors)!.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'one-person-one-slot' });
      expect((await slotsInDb(req.id)).filter((s: any) => s.decided_by === 'petra')).toHaveLength(1);
      expect((await w1.read('rita', req.id)).state).toBe('PENDING');
    }
  });

  it('approve racing withdraw: exactly one of them happens, and the record says which', async () => {
    const outcomes = new Set<string>();
    for (let i = 0; i < ROUNDS; i++) {
      const req = await w1.requested('rita', 'race.owner', fresh());
      const [approve, withdraw] = await Promise.all([
        w1.decide('olga', 'approve', { id: req.id }),
        w2.decide('tom', 'withdraw', { id: req.id }),
      ]);
      expect([approve, withdraw].filter((r) => !r.errors)).toHaveLength(1);
      const loser = [approve, withdraw].find((r) => r.errors)!;
      expect(loser.errors![0].extensions).toMatchObject({ code: 'CONFLICT' });
      const final = await w1.read('rita', req.id);
      const expected = approve.errors ? 'WITHDRAWN' : 'APPROVED';
      expect(final.state).toBe(expected);
      outcomes.add(expected);
      const log = await actions(req.id);
      expect(log).toEqual(['access.request.submitted', expected === 'APPROVED' ? 'access.request.approved' : 'access.request.withdrawn']);
      if (expected === 'WITHDRAWN') expect(await slotsInDb(req.id)).toEqual([{ kind: 'OWNER', decided_by: null }]);
    }
    // Not asserted: which side wins is up to the scheduler; usually both occur over the rounds.
    expect(outcomes.size).toBeGreaterThanOrEqual(1);
  });

  it('two instances running the expiry job at once expire and audit each ended grant exactly once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push((await w1.requested('rita', 'race.owner', fresh())).id);
    for (const id of ids) await w1.decide('olga', 'approve', { id });
    await one.superuser(
      `UPDATE access_request SET grant_start = now() - interval '40 days', grant_end = now() - interval '1 second' WHERE id = ANY($1)`,
      [ids],
    );

    const jobs = [one.app.get(GrantExpiryJob), two.app.get(GrantExpiryJob)];
    // Six runs at once, three per instance: every run must succeed (a run that decided a row
    // another had already expired would fail on the version guard), and together they expire each
    // grant once. How the rows split between runs is up to the scheduler.
    const runs = await Promise.all([...jobs, ...jobs, ...jobs].map((job) => job.runOnce()));
    expect(runs.reduce((sum, r) => sum + r.expired, 0)).toBe(ids.length);

    const rows = (await one.superuser(
      `SELECT r.id, r.state, (SELECT count(*)::int FROM audit_log a WHERE a.target_id = r.id::text AND a.action = 'access.grant.expired') AS audited
         FROM access_request r WHERE r.id = ANY($1)`,
      [ids],
    )) as Array<{ state: string; audited: number }>;
    expect(rows).toHaveLength(ids.length);
    for (const row of rows) expect(row).toMatchObject({ state: 'EXPIRED', audited: 1 });
    expect((await Promise.all(jobs.map((j) => j.runOnce()))).map((r) => r.expired)).toEqual([0, 0]);
    expect((await one.graphql('{ verifyAuditChain { valid checked } }')).data.verifyAuditChain.valid).toBe(true);
  });
});

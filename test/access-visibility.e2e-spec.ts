import { randomUUID } from 'node:crypto';
import { AccessWorld, DECISIONS } from './support/access';
import { GraphqlResponse, TestApp } from './support/test-app';

type Kind = keyof typeof DECISIONS;
const KINDS = Object.keys(DECISIONS) as Kind[];

/**
 * A request the caller cannot see does not exist for them: every command on it answers exactly
 * as `accessRequest(id)` does, whatever its state, whatever else is wrong with the command.
 */
describe('commands on requests the caller cannot see, through GraphQL', () => {
  let app: TestApp;
  let w: AccessWorld;
  const ids: Record<'pending' | 'approved' | 'suspended' | 'rejected', string> = {} as never;

  const errorOf = (res: GraphqlResponse) => {
    expect(res.errors).toHaveLength(1);
    const { message, extensions } = res.errors![0];
    return { message, extensions };
  };
  const readAs = async (person: 'oscar' | 'olga', id: string) =>
    errorOf(await w.as(person)(`query($id: ID!) { accessRequest(id: $id) { id state } }`, { id }));

  beforeAll(async () => {
    app = await TestApp.start({ CHARTER_EXPIRY_JOB_INTERVAL_MS: '0', CHARTER_WEBHOOK_POLL_INTERVAL_MS: '0' });
    w = await AccessWorld.create(app);
    await w.topic('orders.hidden', { classification: 'RESTRICTED', accessPolicy: 'OWNER_AND_STEWARD_APPROVAL' });
    const make = async (n: number) =>
      (await w.requested('rita', 'orders.hidden', { applicationName: `hidden-${n}`, kafkaPrincipal: `User:svc-hidden-${n}` })).id;
    ids.pending = await make(1);
    // One slot filled, so that slot details exist to be leaked.
    expect((await w.decide('olga', 'approve', { id: ids.pending })).errors).toBeUndefined();
    ids.approved = await make(2);
    await w.decide('olga', 'approve', { id: ids.approved });
    await w.decide('stella', 'approve', { id: ids.approved });
    ids.suspended = await make(3);
    await w.decide('olga', 'approve', { id: ids.suspended });
    await w.decide('stella', 'approve', { id: ids.suspended });
    await w.decide('stella', 'suspend', { id: ids.suspended, reason: 'review' });
    ids.rejected = await make(4);
    await w.decide('stella', 'reject', { id: ids.rejected, reason: 'no' });
    for (const [state, id] of Object.entries(ids)) expect((await w.read('rita', id)).state).toBe(state.toUpperCase());
  });

  afterAll(() => app.close());

  it('reads as NOT_FOUND for an outsider, as for an id that does not exist', async () => {
    const missing = randomUUID();
    expect(await readAs('oscar', ids.pending)).toEqual({
      message: `Access request '${ids.pending}' does not exist.`,
      extensions: { code: 'NOT_FOUND', target: 'Access request', key: ids.pending },
    });
    expect(await readAs('olga', missing)).toEqual({
      message: `Access request '${missing}' does not exist.`,
      extensions: { code: 'NOT_FOUND', target: 'Access request', key: missing },
    });
  });

  const cases = (['pending', 'approved', 'suspended', 'rejected'] as const).flatMap((state) => KINDS.map((kind) => [kind, state] as const));

  it.each(cases)('%s on the %s request answers an outsider exactly as the read does', async (kind, state) => {
    const id = ids[state];
    const read = await readAs('oscar', id);
    const variants = [
      { id, reason: 'looks fine' },
      { id, reason: 'looks fine', expectedVersion: 99 },
      ...(kind === 'approve'
        ? [
            { id, slot: 'STEWARD' },
            { id, slot: 'OWNER' },
          ]
        : []),
      ...(kind === 'withdraw' || kind === 'approve' ? [{ id }] : []),
    ];
    for (const input of variants) {
      expect(errorOf(await w.decide('oscar', kind, input))).toEqual(read);
    }
    expect((await w.read('rita', id)).state).toBe(state.toUpperCase());
  });

  it('still gives the people who see the request the rule they break', async () => {
    const res = await w.decide('tom', 'approve', { id: ids.pending });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'slot-eligibility' });
    const stale = await w.decide('olga', 'revoke', { id: ids.approved, reason: 'x', expectedVersion: 99 });
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', rule: 'current-version' });
  });
});

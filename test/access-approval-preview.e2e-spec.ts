import { AccessWorld, Person } from './support/access';
import { GraphqlResponse, TestApp } from './support/test-app';

const PREVIEW = `query($topic: String!, $operation: AccessOperation, $consumerJurisdiction: String, $kafkaPrincipal: String) {
  accessApprovalPreview(topic: $topic, operation: $operation, consumerJurisdiction: $consumerJurisdiction, kafkaPrincipal: $kafkaPrincipal) {
    topic operation consumerJurisdiction kafkaPrincipal crossBorder autoGranted reasons
    slots { kind team reason }
    legalBasis { required reason }
  }
}`;

interface Case {
  topic: string;
  operation?: 'READ' | 'WRITE';
  consumerJurisdiction: string;
  principal?: string;
  as?: Person;
  slots: string[];
}

/**
 * The preview a request form shows before submitting, over HTTP against the real app: for every
 * shape of topic it names the slots, reasons and legal basis that the request, submitted right
 * after, then gets.
 */
describe('access approval preview, through GraphQL', () => {
  let app: TestApp;
  let w: AccessWorld;
  let seq = 0;

  const errorOf = (res: GraphqlResponse) => {
    expect(res.errors).toHaveLength(1);
    const { message, extensions } = res.errors![0];
    return { message, extensions };
  };

  beforeAll(async () => {
    app = await TestApp.start({ CHARTER_EXPIRY_JOB_INTERVAL_MS: '0', CHARTER_WEBHOOK_POLL_INTERVAL_MS: '0' });
    w = await AccessWorld.create(app);
    await w.topic('preview.open', { classification: 'PUBLIC', accessPolicy: 'OPEN' });
    await w.topic('preview.owner', { classification: 'INTERNAL', accessPolicy: 'OWNER_APPROVAL' });
    await w.topic('preview.both', { classification: 'CONFIDENTIAL', accessPolicy: 'OWNER_AND_STEWARD_APPROVAL' });
    await w.topic('preview.restricted', { classification: 'RESTRICTED', accessPolicy: 'OWNER_APPROVAL' });
    await w.topic('preview.us', { classification: 'INTERNAL', accessPolicy: 'OPEN', jurisdiction: 'US' });
  });

  afterAll(() => app.close());

  const CASES = (
    [
      { topic: 'preview.open', consumerJurisdiction: 'EU', slots: [] },
      { topic: 'preview.open', consumerJurisdiction: 'UK', slots: [] },
      { topic: 'preview.open', operation: 'WRITE', consumerJurisdiction: 'EU', slots: ['OWNER'] },
      { topic: 'preview.open', consumerJurisdiction: 'US', slots: ['OWNER', 'STEWARD'] },
      { topic: 'preview.open', consumerJurisdiction: 'EU', principal: 'User:*', as: 'admin', slots: ['OWNER'] },
      { topic: 'preview.owner', consumerJurisdiction: 'EU', slots: ['OWNER'] },
      { topic: 'preview.owner', operation: 'WRITE', consumerJurisdiction: 'CH', slots: ['OWNER'] },
      { topic: 'preview.both', consumerJurisdiction: 'EU', slots: ['OWNER', 'STEWARD'] },
      { topic: 'preview.restricted', consumerJurisdiction: 'CH', slots: ['OWNER', 'STEWARD'] },
      { topic: 'preview.us', consumerJurisdiction: 'US', slots: [] },
      { topic: 'preview.us', consumerJurisdiction: 'EU', slots: ['OWNER', 'STEWARD'] },
    ] as Case[]
  ).map((c) => ({ operation: 'READ' as const, shape: c.principal ? `wildcard (${c.as})` : 'named', ...c }));

  it.each(CASES)(
    '$topic, $operation from $consumerJurisdiction by a $shape principal: the preview is what the request then gets',
    async (c) => {
      const person = c.as ?? 'rita';
      const n = ++seq;
      const kafkaPrincipal = c.principal ?? `User:svc-preview-${n}`;
      const operation = c.operation;
      const res = await w.as(person)(PREVIEW, { topic: c.topic, operation, consumerJurisdiction: c.consumerJurisdiction, kafkaPrincipal });
      expect(res.errors).toBeUndefined();
      const preview = res.data.accessApprovalPreview;
      expect(preview.slots.map((s: { kind: string }) => s.kind)).toEqual(c.slots);
      for (const slot of preview.slots) {
        expect(slot.team).toBe(slot.kind === 'OWNER' ? 'shop' : null);
        expect(slot.reason).toMatch(/ approves because of /);
      }

      const ask = {
        applicationName: `preview-${n}`,
        kafkaPrincipal,
        operation,
        consumerJurisdiction: c.consumerJurisdiction,
        ...(c.principal === 'User:*' ? { wildcardReason: 'a shared monitoring tool reads every topic' } : {}),
      };
      if (preview.legalBasis.required) {
        // Without the legal basis, submission refuses with the sentence the preview showed.
        const refused = await w.request(person, c.topic, ask);
        expect(refused.errors?.[0].message).toBe(preview.legalBasis.reason);
        expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'legalBasis', rule: 'legal-basis-required' });
      } else {
        expect(preview.legalBasis.reason).toBeNull();
      }
      const legalBasis = preview.legalBasis.required ? { mechanism: 'STANDARD_CONTRACTUAL_CLAUSES', reference: `SCC-${n}` } : null;
      const request = await w.requested(person, c.topic, { ...ask, legalBasis });
      expect(request.slots.map((s: { kind: string }) => s.kind)).toEqual(preview.slots.map((s: { kind: string }) => s.kind));
      expect(request.approvalReasons).toEqual(preview.reasons);
      expect(request.crossBorder).toBe(preview.crossBorder);
      expect(request.state).toBe(preview.autoGranted ? 'APPROVED' : 'PENDING');
      expect(preview.autoGranted).toBe(c.slots.length === 0);
    },
  );

  it("defaults to READ, the topic's own jurisdiction and a named principal", async () => {
    const res = await w.as('tom')(
      `{ accessApprovalPreview(topic: "preview.open") { operation consumerJurisdiction kafkaPrincipal autoGranted slots { kind } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.accessApprovalPreview).toEqual({
      operation: 'READ',
      consumerJurisdiction: 'EU',
      kafkaPrincipal: null,
      autoGranted: true,
      slots: [],
    });
  });

  it('answers a topic that does not exist exactly as requestAccess does', async () => {
    const previewed = errorOf(await w.as('oscar')(PREVIEW, { topic: 'preview.nowhere' }));
    const requested = errorOf(await w.request('oscar', 'preview.nowhere', { requestingTeam: 'elsewhere' }));
    expect(previewed).toEqual(requested);
    expect(previewed).toEqual({
      message: "Topic 'preview.nowhere' does not exist.",
      extensions: { code: 'NOT_FOUND', field: 'topic', rule: 'exists' },
    });
  });

  it('lets a caller outside the owning team preview what they may request', async () => {
    const res = await w.as('oscar')(PREVIEW, { topic: 'preview.owner' });
    expect(res.errors).toBeUndefined();
    expect(res.data.accessApprovalPreview.slots).toEqual([
      { kind: 'OWNER', team: 'shop', reason: "A member of team 'shop' approves because of the access policy OWNER_APPROVAL." },
    ]);
  });

  it('refuses an anonymous caller, for the preview and the jurisdictions', async () => {
    for (const query of [`{ accessApprovalPreview(topic: "preview.open") { autoGranted } }`, '{ jurisdictions }']) {
      const res = await app.graphql(query, {}, null);
      expect(res.data ?? null).toBeNull();
      expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it.each([
    ['an unknown jurisdiction', { consumerJurisdiction: 'MARS' }, 'consumerJurisdiction', 'known-jurisdiction'],
    ['a principal without User:', { kafkaPrincipal: 'svc-fraud' }, 'kafkaPrincipal', 'principal-format'],
    ['a blank principal', { kafkaPrincipal: 'User:' }, 'kafkaPrincipal', 'principal-format'],
    ['a malformed topic name', { topic: 'orders/../x' }, 'topic', 'topic-name'],
    ['a NUL character', { kafkaPrincipal: 'User:svc\u0000' }, 'kafkaPrincipal', 'no-nul'],
  ])('refuses %s with an error naming the argument', async (_, vars, field, rule) => {
    const { message, extensions } = errorOf(await w.as('rita')(PREVIEW, { topic: 'preview.open', ...vars }));
    expect(extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, rule });
    expect(message).toContain(`'${field}'`);
  });

  it('refuses an unknown jurisdiction with the message requestAccess gives', async () => {
    const previewed = errorOf(await w.as('rita')(PREVIEW, { topic: 'preview.open', consumerJurisdiction: 'MARS' }));
    const requested = errorOf(await w.request('rita', 'preview.open', { consumerJurisdiction: 'MARS', applicationName: 'preview-mars' }));
    expect(previewed).toEqual(requested);
  });

  it("refuses a member's wildcard principal as requestAccess does", async () => {
    const previewed = errorOf(await w.as('rita')(PREVIEW, { topic: 'preview.open', kafkaPrincipal: 'User:*' }));
    const requested = errorOf(await w.request('rita', 'preview.open', { kafkaPrincipal: 'User:*', applicationName: 'preview-wild' }));
    expect(previewed).toEqual(requested);
    expect(previewed.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'kafkaPrincipal', rule: 'wildcard-principal' });
  });

  it('lists the configured jurisdictions', async () => {
    const res = await w.as('rita')('{ jurisdictions }');
    expect(res.errors).toBeUndefined();
    expect(res.data.jurisdictions).toEqual(expect.arrayContaining(['EU', 'UK', 'US', 'CH']));
  });
});

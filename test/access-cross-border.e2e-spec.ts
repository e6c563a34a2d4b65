import { AccessWorld, failure } from './support/access';
import { TestApp } from './support/test-app';

const COUNT = `query { accessRequests(first: 1) { totalCount } }`;
const SCC = { mechanism: 'STANDARD_CONTRACTUAL_CLAUSES', reference: 'https://legal.example.com/scc/2030-17' };

describe('access across jurisdictions', () => {
  let app: TestApp;
  let w: AccessWorld;
  let seq = 0;
  // A fresh consumer per case: one pending request per team, topic, operation and principal.
  const fresh = () => ({ applicationName: `app-${++seq}`, kafkaPrincipal: `User:svc-${seq}` });

  beforeAll(async () => {
    // CH>US is a one-way transfer rule added on top of nothing: only what is listed is allowed.
    app = await TestApp.start({
      CHARTER_EXPIRY_JOB_INTERVAL_MS: '0',
      CHARTER_WEBHOOK_POLL_INTERVAL_MS: '0',
      CHARTER_ALLOWED_TRANSFERS: 'EU<>EEA,EU<>UK,EU<>CH,EEA<>UK,CH>US',
    });
    w = await AccessWorld.create(app);
    await w.topic('eu.orders', { classification: 'CONFIDENTIAL' });
    await w.topic('eu.open', { classification: 'PUBLIC', accessPolicy: 'OPEN' });
    await w.topic('ch.ledger', { jurisdiction: 'CH' });
  });

  afterAll(() => app.close());

  it('refuses a cross-border request without a legal basis, says why, and writes nothing', async () => {
    const before = (await w.as('admin')(COUNT)).data.accessRequests.totalCount;
    const res = await w.request('rita', 'eu.orders', { consumerJurisdiction: 'US', ...fresh() });
    expect(res.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'legalBasis',
      rule: 'legal-basis-required',
      from: 'EU',
      to: 'US',
    });
    expect(res.errors?.[0].message).toBe(
      "Topic 'eu.orders' holds EU data and the consumer processes it in US; EU -> US is not an allowed transfer, so the request needs a legal basis: " +
        'a mechanism (ADEQUACY_DECISION, STANDARD_CONTRACTUAL_CLAUSES, BINDING_CORPORATE_RULES, DEROGATION) and a reference to the document.',
    );
    expect((await w.as('admin')(COUNT)).data.accessRequests.totalCount).toBe(before);
  });

  it('with a legal basis, adds a steward slot to an owner-approval topic and records the basis', async () => {
    const req = await w.requested('rita', 'eu.orders', { consumerJurisdiction: 'US', legalBasis: SCC, ...fresh() });
    expect(req).toMatchObject({ state: 'PENDING', crossBorder: true, consumerJurisdiction: 'US', legalBasis: SCC });
    expect(req.slots.map((s: any) => s.kind)).toEqual(['OWNER', 'STEWARD']);
    expect(req.approvalReasons).toContain('cross-border transfer EU -> US: an owner and a data steward approve');
    await w.decide('olga', 'approve', { id: req.id });
    expect((await w.decide('sam', 'approve', { id: req.id })).data.result.state).toBe('APPROVED');
    const submitted = (await w.audit(req.id))[0];
    expect(submitted.details).toMatchObject({ crossBorder: true, legalBasis: SCC, consumerJurisdiction: 'US' });
  });

  it('never grants an OPEN topic across a border without a steward', async () => {
    const res = await w.request('rita', 'eu.open', { consumerJurisdiction: 'JP', ...fresh() });
    expect(failure(res)).toEqual({ code: 'BAD_USER_INPUT', rule: 'legal-basis-required' });
    const req = await w.requested('rita', 'eu.open', {
      consumerJurisdiction: 'JP',
      legalBasis: { mechanism: 'ADEQUACY_DECISION', reference: 'EU-JP adequacy decision 2019/419' },
      ...fresh(),
    });
    expect(req).toMatchObject({ state: 'PENDING', crossBorder: true });
    expect(req.slots.map((s: any) => s.kind)).toEqual(['OWNER', 'STEWARD']);
  });

  it.each([
    ['eu.orders', 'UK', ['OWNER']],
    ['eu.orders', 'EEA', ['OWNER']],
    ['eu.orders', 'EU', ['OWNER']],
    ['ch.ledger', 'US', ['OWNER']],
  ])('skips the steward for the allowed transfer %s -> %s', async (topic, consumer, slots) => {
    const req = await w.requested('rita', topic, { consumerJurisdiction: consumer, ...fresh() });
    expect(req.crossBorder).toBe(false);
    expect(req.legalBasis).toBeNull();
    expect(req.slots.map((s: any) => s.kind)).toEqual(slots);
  });

  it('grants an allowed transfer on an OPEN topic at once', async () => {
    const req = await w.requested('rita', 'eu.open', { consumerJurisdiction: 'UK', ...fresh() });
    expect(req).toMatchObject({ state: 'APPROVED', crossBorder: false, slots: [] });
  });

  it('reads one-way rules one way: US data going to CH needs a basis', async () => {
    await w.topic('us.clicks', { jurisdiction: 'US' });
    expect(failure(await w.request('rita', 'us.clicks', { consumerJurisdiction: 'CH', ...fresh() }))).toEqual({
      code: 'BAD_USER_INPUT',
      rule: 'legal-basis-required',
    });
  });

  it('refuses an unknown jurisdiction and an incomplete legal basis, naming the field', async () => {
    const unknown = await w.request('rita', 'eu.orders', { consumerJurisdiction: 'MARS', ...fresh() });
    expect(unknown.errors?.[0].extensions).toMatchObject({ field: 'consumerJurisdiction', rule: 'known-jurisdiction' });
    const blank = await w.request('rita', 'eu.orders', {
      consumerJurisdiction: 'US',
      legalBasis: { mechanism: 'DEROGATION', reference: ' ' },
      ...fresh(),
    });
    expect(blank.errors?.[0].extensions).toMatchObject({ field: 'legalBasis.reference', rule: 'required-text' });
    const noMechanism = await w.request('rita', 'eu.orders', { consumerJurisdiction: 'US', legalBasis: { reference: 'x' }, ...fresh() });
    expect(noMechanism.status).toBe(400);
    expect(noMechanism.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(noMechanism.errors?.[0].message).toContain('Field "mechanism" of required type "LegalBasisMechanism!" was not provided');
  });
});

import { createTeams } from './support/principals';
import { TestApp } from './support/test-app';
import { registerTopic } from './support/topics';

const LIST = `query($filter: TopicFilter, $orderBy: TopicOrder, $first: Int, $after: String) {
  topics(filter: $filter, orderBy: $orderBy, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { name } } } }`;

const SEED = [
  {
    name: 'payments.card-authorised',
    ownerTeam: 'payments',
    classification: 'CONFIDENTIAL',
    jurisdiction: 'EU',
    intent: 'EVENT',
    tags: ['cards'],
    description: 'A card payment was authorised by the issuer.',
  },
  {
    name: 'payments.card-declined',
    ownerTeam: 'payments',
    classification: 'CONFIDENTIAL',
    jurisdiction: 'UK',
    intent: 'EVENT',
    tags: ['cards'],
  },
  { name: 'payments.refund-requested', ownerTeam: 'payments', classification: 'RESTRICTED', jurisdiction: 'EU', intent: 'COMMAND' },
  {
    name: 'payments.ledger-state',
    ownerTeam: 'payments',
    classification: 'INTERNAL',
    jurisdiction: 'US',
    intent: 'STATE',
    lifecycle: 'ACTIVE',
  },
  {
    name: 'retail.order-placed',
    ownerTeam: 'retail',
    classification: 'INTERNAL',
    jurisdiction: 'EU',
    intent: 'EVENT',
    tags: ['orders'],
    description: 'Customer placed an order in a store.',
  },
  {
    name: 'retail.order-shipped',
    ownerTeam: 'retail',
    classification: 'PUBLIC',
    jurisdiction: 'EU',
    intent: 'EVENT',
    tags: ['orders'],
    lifecycle: 'ACTIVE',
  },
  { name: 'retail.price-changed', ownerTeam: 'retail', classification: 'PUBLIC', jurisdiction: 'CH', intent: 'EVENT' },
];

describe('catalogue: filters, search and pagination', () => {
  let app: TestApp;
  const names = async (variables: Record<string, unknown>) => {
    const res = await app.graphql(LIST, { first: 200, ...variables });
    expect(res.errors).toBeUndefined();
    return { names: res.data.topics.edges.map((e: any) => e.node.name), total: res.data.topics.totalCount };
  };

  beforeAll(async () => {
    app = await TestApp.start();
    await createTeams(app, 'payments', 'retail');
    for (const t of SEED) await registerTopic(app, t);
  });

  afterAll(() => app.close());

  it.each([
    [
      { ownerTeam: 'payments' },
      ['payments.card-authorised', 'payments.card-declined', 'payments.ledger-state', 'payments.refund-requested'],
    ],
    [
      { ownerTeam: 'payments', classificationAtLeast: 'CONFIDENTIAL' },
      ['payments.card-authorised', 'payments.card-declined', 'payments.refund-requested'],
    ],
    [{ classification: ['PUBLIC', 'RESTRICTED'] }, ['payments.refund-requested', 'retail.order-shipped', 'retail.price-changed']],
    [{ jurisdiction: ['EU'], intent: ['EVENT'] }, ['payments.card-authorised', 'retail.order-placed', 'retail.order-shipped']],
    [{ lifecycle: ['ACTIVE'] }, ['payments.ledger-state', 'retail.order-shipped']],
    [{ tag: 'cards', jurisdiction: ['UK'] }, ['payments.card-declined']],
    [{ text: 'card auth' }, ['payments.card-authorised']],
    [{ text: 'order' }, ['retail.order-placed', 'retail.order-shipped']],
    [{ text: 'store' }, ['retail.order-placed']],
    [{ text: 'order', classification: ['PUBLIC'] }, ['retail.order-shipped']],
    [{ ownerTeam: 'nobody-owns-this' }, []],
    [{ classification: [] }, []],
  ])('filter %j', async (filter, expected) => {
    const { names: found, total } = await names({ filter });
    expect(found).toEqual(expected);
    expect(total).toBe(expected.length);
  });

  it('sorts by update time, most recent first', async () => {
    await app.graphql(`mutation { updateTopic(input: { name: "retail.price-changed", description: "touched" }) { name } }`);
    const { names: found } = await names({ orderBy: 'UPDATED_AT', first: 2 });
    expect(found[0]).toBe('retail.price-changed');
  });

  it.each([
    [{ filter: { text: '  --  ' } }, 'filter.text', 'words'],
    [{ first: 0 }, 'first', 'range'],
    [{ first: 201 }, 'first', 'range'],
    [{ after: 'not-a-cursor' }, 'after', 'cursor'],
  ])('refuses %j naming the field', async (variables, field, rule) => {
    const res = await app.graphql(LIST, { first: 10, ...variables });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, rule });
  });

  it.each(['NAME', 'UPDATED_AT'])('pages by %s without duplicates or skips while topics are inserted between pages', async (orderBy) => {
    await createTeams(app, `paging-${orderBy.toLowerCase().replace('_', '-')}`);
    const team = `paging-${orderBy.toLowerCase().replace('_', '-')}`;
    const original: string[] = [];
    for (let i = 0; i < 12; i++) {
      const name = `${team}.t${String(i * 10).padStart(3, '0')}`;
      await registerTopic(app, { name, ownerTeam: team });
      original.push(name);
    }
    const seen: string[] = [];
    let after: string | undefined;
    let inserted = 0;
    do {
      const res = await app.graphql(LIST, { filter: { ownerTeam: team }, orderBy, first: 5, after });
      const page = res.data.topics;
      seen.push(...page.edges.map((e: any) => e.node.name));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : undefined;
      // Concurrent writers: one topic sorts before the cursor, one after it.
      await registerTopic(app, { name: `${team}.t${String(inserted * 10 + 5).padStart(3, '0')}`, ownerTeam: team });
      await registerTopic(app, { name: `${team}.a${inserted}`, ownerTeam: team });
      inserted++;
    } while (after);
    expect(new Set(seen).size).toBe(seen.length);
    for (const name of original) expect(seen).toContain(name);
  });

  it('refuses an abusive query by its estimated cost, before running it', async () => {
    const abusive = `{ topics(first: 200) { edges { node { owner { topics { owner { topics { owner { members { username } } } } } } } } } }`;
    const res = await app.graphql(abusive);
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 25000 });
    expect(res.errors?.[0].message).toMatch(/too complex/);
  });

  it('answers variables that do not fit the operation with 400 BAD_USER_INPUT, cost limit or not', async () => {
    const res = await app.graphql(`mutation($input: RegisterTopicInput!) { registerTopic(input: $input) { name } }`, {
      input: { name: 'x' },
    });
    expect(res.status).toBe(400);
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(expect.arrayContaining(['BAD_USER_INPUT']));
    expect(res.errors?.[0].message).toMatch(/was not provided/);
  });

  it('refuses a query nested deeper than the depth limit', async () => {
    const deep = `{ teams { ${'topics { owner { '.repeat(7)} slug ${'} } '.repeat(7)} } }`;
    const res = await app.graphql(deep);
    expect(res.errors?.[0].message).toMatch(/exceeds maximum operation depth/);
  });

  it("accepts the portal's page query well inside the cost limit", async () => {
    const page = `{ topics(first: 50) { totalCount edges { node { name owner { slug members { username } } subjects { latest { fields { path tags } } } } } } }`;
    expect((await app.graphql(page)).errors).toBeUndefined();
  });
});

import { createTeams, tokenFor } from './support/principals';
import { deepJson } from './support/hostile-values';
import { ADMIN_TOKEN, TestApp } from './support/test-app';

/** The bad input a security probe sent, each answered as the caller's error through HTTP. */
describe('bad input at the edge: the caller is told which field broke which rule', () => {
  let app: TestApp;
  let member: string;

  beforeAll(async () => {
    app = await TestApp.start();
    await createTeams(app, 'edge-a');
    member = await tokenFor(app, { username: 'edge-member', teams: ['edge-a'] });
    const seed = await rest('POST', '/subjects/edge-value/versions', { schema: '"string"' });
    expect(seed.status).toBe(200);
  });
  afterAll(() => app.close());

  async function rest(method: string, path: string, body?: unknown) {
    const res = await app.fetch(path, {
      method,
      headers: {
        authorization: `Bearer ${ADMIN_TOKEN}`,
        ...(body !== undefined ? { 'content-type': 'application/vnd.schemaregistry.v1+json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text };
  }

  const badUserInput = (res: { status: number; errors?: Array<{ extensions?: Record<string, any> }> }, field: string, rule?: string) => {
    expect(res.status).toBeLessThan(500);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, ...(rule ? { rule } : {}) });
  };

  it.each(['', '/schema', '/subjects', '/versions'])('GET /schemas/ids/2147483648%s is 404 40403, as any unknown id', async (suffix) => {
    for (const id of ['2147483648', '9999999999', '0']) {
      const res = await rest('GET', `/schemas/ids/${id}${suffix}`);
      expect({ status: res.status, code: res.body.error_code }).toEqual({ status: 404, code: 40403 });
    }
  });

  it('a version of 2^31 or more is 422 42202 in a path, 422 42201 in a reference or body', async () => {
    expect((await rest('GET', '/subjects/edge-value/versions/2147483648')).body.error_code).toBe(42202);
    expect((await rest('POST', '/compatibility/subjects/edge-value/versions/2147483648', { schema: '"string"' })).body.error_code).toBe(
      42202,
    );
    const ref = await rest('POST', '/subjects/edge-ref/versions', {
      schema: '"string"',
      references: [{ name: 'x', subject: 'edge-value', version: 2 ** 31 }],
    });
    expect({ status: ref.status, code: ref.body.error_code }).toEqual({ status: 422, code: 42201 });
    expect((await rest('POST', '/subjects/edge-ref/versions', { schema: '"string"', version: 2 ** 31 })).body.error_code).toBe(42201);
    expect((await rest('GET', '/subjects?offset=99999999999999999999&limit=99999999999999999999')).status).toBe(200);
  });

  it('deep or NUL-containing metadata and config bodies are 422, naming the field', async () => {
    const deep = await rest('POST', '/subjects/edge-value/versions', { schema: '"string"', metadata: { properties: deepJson(1000) } });
    expect({ status: deep.status, code: deep.body.error_code }).toEqual({ status: 422, code: 42201 });
    expect(deep.body.message).toContain('metadata.properties');
    const config = await rest('PUT', '/config/edge-value', { compatibility: 'NONE', defaultMetadata: deepJson(1000) });
    expect({ status: config.status, code: config.body.error_code }).toEqual({ status: 422, code: 422 });
    const nul = await rest('PUT', '/config/edge-value', { compatibility: 'NONE', overrideMetadata: { properties: { a: 'b\u0000' } } });
    expect({ status: nul.status, code: nul.body.error_code }).toEqual({ status: 422, code: 422 });
    expect(nul.body.message).toContain('overrideMetadata.properties.a');
    expect((await rest('GET', '/config/edge-value')).status).toBe(404);
  });

  it('NUL in any GraphQL string argument, top-level or nested, is BAD_USER_INPUT naming it', async () => {
    badUserInput(await app.graphql('query($s: String!) { team(slug: $s) { slug } }', { s: 'edge\u0000' }), 'slug', 'no-nul');
    badUserInput(await app.graphql('query($n: String!) { topic(name: $n) { name } }', { n: 'a\u0000' }, member), 'name', 'no-nul');
    const created = await app.graphql('mutation($i: CreateTeamInput!) { createTeam(input: $i) { slug } }', {
      i: { slug: 'edge-b', name: 'B\u0000' },
    });
    badUserInput(created, 'input.name', 'no-nul');
    badUserInput(await app.graphql('{ contractWaivers(filter: { subject: "x\\u0000" }) { id } }'), 'filter.subject', 'no-nul');
    expect((await app.graphql('{ team(slug: "edge-b") { slug } }')).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('a malformed id in revokeApiToken or accessRequest is BAD_USER_INPUT naming the field', async () => {
    badUserInput(await app.graphql('mutation { revokeApiToken(id: "not-a-uuid") { id } }'), 'id', 'uuid');
    badUserInput(await app.graphql('{ accessRequest(id: "1 OR 1=1") { id } }', {}, member), 'id', 'uuid');
    const missing = await app.graphql('mutation { revokeApiToken(id: "0b3c3f8e-6f0d-4c61-9d0e-2a5a0f1f3c11") { id } }');
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('malformed cursors are BAD_USER_INPUT, on every connection', async () => {
    const forged = [
      Buffer.from('["x"]').toString('base64url'),
      Buffer.from('["+275760-09-13T00:00:00.000Z","0b3c3f8e-6f0d-4c61-9d0e-2a5a0f1f3c11"]').toString('base64url'),
      '!!',
      'e30',
    ];
    for (const after of forged) {
      badUserInput(await app.graphql('query($a: String) { auditLog(after: $a) { totalCount } }', { a: after }), 'after', 'cursor');
      badUserInput(
        await app.graphql('query($a: String) { accessRequests(after: $a) { totalCount } }', { a: after }, member),
        'after',
        'cursor',
      );
      badUserInput(
        await app.graphql('query($a: String) { topics(after: $a, orderBy: UPDATED_AT) { totalCount } }', { a: after }),
        'after',
        'cursor',
      );
    }
  });

  it('dates outside 1970..9999 are BAD_USER_INPUT naming the field', async () => {
    for (const from of ['+275760-09-13T00:00:00.000Z', '0001-01-01T00:00:00Z', 'yesterday']) {
      badUserInput(
        await app.graphql('query($f: DateTime) { auditLog(filter: { from: $f }) { totalCount } }', { f: from }),
        'filter.from',
        'date-range',
      );
    }
    expect(
      (await app.graphql('query($f: DateTime) { auditLog(filter: { from: $f }) { totalCount } }', { f: '2020-01-01T00:00:00Z' })).errors,
    ).toBeUndefined();
  });

  it('first outside 1..200 is BAD_USER_INPUT on every connection and list', async () => {
    // (Far larger sizes are refused earlier still, by the query cost limit.)
    for (const first of [0, -1, 201]) {
      badUserInput(await app.graphql('query($n: Int) { topics(first: $n) { totalCount } }', { n: first }), 'first', 'range');
      badUserInput(await app.graphql('query($n: Int) { accessRequests(first: $n) { totalCount } }', { n: first }), 'first', 'range');
      badUserInput(await app.graphql('query($n: Int) { myPendingApprovals(first: $n) { totalCount } }', { n: first }), 'first', 'range');
      badUserInput(await app.graphql('query($n: Int) { auditLog(first: $n) { totalCount } }', { n: first }), 'first', 'range');
      badUserInput(await app.graphql('query($n: Int) { topicsClosestToBudget(first: $n) { __typename } }', { n: first }), 'first', 'range');
      badUserInput(await app.graphql('query($n: Int) { contractWaivers(filter: { first: $n }) { id } }', { n: first }), 'first');
    }
  });

  it('contractWaivers answers with no filter, an empty filter and an explicit null', async () => {
    for (const query of [
      '{ contractWaivers { id } }',
      '{ contractWaivers(filter: {}) { id } }',
      '{ contractWaivers(filter: null) { id } }',
    ]) {
      const res = await app.graphql(query, {}, member);
      expect(res.errors).toBeUndefined();
      expect(res.data.contractWaivers).toEqual([]);
    }
  });

  it('an explicit null for an optional argument means the argument was left out', async () => {
    const res = await app.graphql('{ asyncApiDocument(team: null, format: JSON) }', {}, member);
    expect(res.errors).toBeUndefined();
    expect(JSON.parse(res.data.asyncApiDocument).asyncapi).toBe('3.0.0');
  });
});

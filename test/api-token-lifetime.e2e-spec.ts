import { ADMIN_TOKEN, TestApp } from './support/test-app';

const CREATE_TOKEN = `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token apiToken { id expiresAt } } }`;
const DAY_MS = 86_400_000;

describe('API token lifetimes and the Authorization header', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start({ CHARTER_API_TOKEN_MAX_LIFETIME_DAYS: '30' });
  });

  afterAll(() => app.close());

  it('gives a token created without expiry the longest allowed life', async () => {
    const before = Date.now();
    const res = await app.graphql(CREATE_TOKEN, { input: { username: 'ci-bot' } });
    expect(res.errors).toBeUndefined();
    const expiresAt = Date.parse(res.data.createApiToken.apiToken.expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 30 * DAY_MS - 1000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 30 * DAY_MS);
    expect((await app.graphql('{ me { username } }', {}, res.data.createApiToken.token)).data.me).toEqual({ username: 'ci-bot' });
  });

  it('keeps an expiry within the maximum and refuses one beyond it, naming the field and the rule', async () => {
    const within = new Date(Date.now() + 7 * DAY_MS).toISOString();
    const ok = await app.graphql(CREATE_TOKEN, { input: { username: 'ci-bot', expiresAt: within } });
    expect(ok.data.createApiToken.apiToken.expiresAt).toBe(within);
    const beyond = new Date(Date.now() + 31 * DAY_MS).toISOString();
    const refused = await app.graphql(CREATE_TOKEN, { input: { username: 'ci-bot', expiresAt: beyond } });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'expiresAt', rule: 'max-lifetime' });
    expect(refused.errors?.[0].message).toContain('at most 30 days');
  });

  it('leaves the bootstrap admin token without expiry, and it authenticates', async () => {
    const tokens = await app.graphql('{ apiTokens { username description expiresAt } }');
    const bootstrap = tokens.data.apiTokens.find((t: { description: string }) => t.description?.startsWith('initial admin token'));
    expect(bootstrap).toMatchObject({ username: 'admin', expiresAt: null });
    expect((await app.graphql('{ me { username roles } }', {}, ADMIN_TOKEN)).data.me).toEqual({ username: 'admin', roles: ['admin'] });
  });

  it.each([
    ['a token without scheme', ADMIN_TOKEN],
    ['an unknown scheme', `Token ${ADMIN_TOKEN}`],
  ])('answers %s with 401 without repeating any of the header', async (_, header) => {
    for (const path of ['/graphql', '/subjects']) {
      const res = await app.fetch(path, {
        method: path === '/graphql' ? 'POST' : 'GET',
        headers: { 'content-type': 'application/json', authorization: header },
        body: path === '/graphql' ? JSON.stringify({ query: '{ me { username } }' }) : undefined,
      });
      const text = await res.text();
      if (path === '/subjects') expect(res.status).toBe(401);
      expect(text).toContain("must be 'Bearer <token>' or 'Basic <credentials>'");
      expect(text).not.toContain(ADMIN_TOKEN.slice(0, 12));
      expect(text).not.toContain(header.split(' ')[0]);
    }
  });
});

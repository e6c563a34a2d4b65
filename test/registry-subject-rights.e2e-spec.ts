import { createTeams, tokensFor } from './support/principals';
import { RegistryHttp } from './support/registry-http';
import { ADMIN_TOKEN, TestApp } from './support/test-app';
import { registerTopic } from './support/topics';

// An event id and an occurrence time: what the payload contract of an EVENT topic requires.
const SCHEMA = {
  schema: JSON.stringify({
    type: 'record',
    name: 'CardAuthorised',
    fields: [
      { name: 'id', type: 'string' },
      { name: 'occurredAt', type: 'long' },
    ],
  }),
};

describe('registry: who may write a subject', () => {
  let app: TestApp;
  let http: RegistryHttp;
  let tokens: Record<'owner' | 'outsider' | 'steward', string>;

  beforeAll(async () => {
    app = await TestApp.start();
    http = new RegistryHttp(app);
    await createTeams(app, 'payments', 'retail');
    await registerTopic(app, { name: 'payments.card', ownerTeam: 'payments' });
    tokens = await tokensFor(app, {
      owner: { username: 'olive', teams: ['payments'] },
      outsider: { username: 'rita', teams: ['retail'] },
      steward: { username: 'stella', roles: ['steward'] },
    });
  });

  afterAll(() => app.close());

  it.each([
    ['owner', 'payments.card-value', 200],
    ['owner', 'payments.card-key', 200],
    ['outsider', 'payments.card-value', 403],
    ['steward', 'payments.card-value', 403],
    ['owner', 'uncatalogued.topic-value', 403],
    ['owner', 'com.acme.Address', 403],
    ['admin', 'uncatalogued.topic-value', 200],
  ] as const)('%s registering to %s → %i', async (who, subject, status) => {
    const token = who === 'admin' ? ADMIN_TOKEN : tokens[who];
    const res = await http.call('POST', `/subjects/${subject}/versions`, SCHEMA, token);
    expect(res.status).toBe(status);
    if (status === 403) {
      expect(res.body.error_code).toBe(40301);
      expect(res.body.message).toContain(subject);
    }
  });

  it('refuses anonymous writes with 401', async () => {
    const res = await http.call('POST', '/subjects/payments.card-value/versions', SCHEMA, null);
    expect(res).toMatchObject({ status: 401, body: { error_code: 40101 } });
  });

  it('lets the owners change their subject settings and delete versions, and nobody else', async () => {
    expect((await http.call('PUT', '/config/payments.card-value', { compatibility: 'FULL' }, tokens.owner)).status).toBe(200);
    expect((await http.call('PUT', '/mode/payments.card-value', { mode: 'READONLY' }, tokens.outsider)).status).toBe(403);
    expect((await http.call('DELETE', '/subjects/payments.card-value/versions/1', undefined, tokens.outsider)).status).toBe(403);
    expect((await http.call('DELETE', '/subjects/payments.card-key', undefined, tokens.owner)).status).toBe(200);
  });

  it('keeps the global configuration and mode to admins', async () => {
    expect((await http.call('PUT', '/config', { compatibility: 'NONE' }, tokens.owner)).status).toBe(403);
    expect((await http.call('PUT', '/mode', { mode: 'READONLY' }, tokens.steward)).status).toBe(403);
    expect((await http.call('GET', '/config', undefined, null)).body.compatibilityLevel).toBe('BACKWARD');
  });

  it('follows a transfer: the new owners may write, the old ones no longer', async () => {
    await app.graphql(`mutation { transferTopic(input: { name: "payments.card", toTeam: "retail" }) { name } }`);
    expect((await http.call('POST', '/subjects/payments.card-value/versions', SCHEMA, tokens.outsider)).status).toBe(200);
    expect((await http.call('POST', '/subjects/payments.card-value/versions', SCHEMA, tokens.owner)).status).toBe(403);
  });

  it('opens uncatalogued subjects to any authenticated principal when configured', async () => {
    const open = await TestApp.start({ CHARTER_UNCATALOGUED_SUBJECT_WRITES: 'authenticated' });
    try {
      const token = (await tokensFor(open, { dev: { username: 'dev' } })).dev;
      expect((await new RegistryHttp(open).call('POST', '/subjects/com.acme.Address/versions', SCHEMA, token)).status).toBe(200);
    } finally {
      await open.close();
    }
  });
});

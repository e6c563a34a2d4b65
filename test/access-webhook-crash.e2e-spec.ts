import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyWebhookSignature } from '../src/access/domain/webhook-signature';
import { AccessWorld } from './support/access';
import { freePort } from './support/free-port';
import { ServerProcess, startServerProcess } from './support/server-process';
import { ADMIN_TOKEN, TestApp } from './support/test-app';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { ReceivedHook, WebhookReceiver } from './support/webhook-receiver';

const SET = `mutation($input: SetTeamWebhookInput!) { setTeamWebhook(input: $input) { secret } }`;

/** The GraphQL side of TestApp, pointed at a server running in its own process. */
function client(server: ServerProcess): TestApp {
  const graphql = async (query: string, variables: Record<string, unknown> = {}, token: string | null = ADMIN_TOKEN) => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, ...((await res.json()) as object) };
  };
  return { graphql } as unknown as TestApp;
}

describe('webhook delivery survives the service being killed', () => {
  let dataDir: string;
  let database: TestDatabase | undefined;
  let receiver: WebhookReceiver;
  let env: Record<string, string>;
  let server: ServerProcess | undefined;
  let w: AccessWorld;
  let secret: string;
  const forRequest = (id: string, type: string) => (h: ReceivedHook) =>
    h.path === '/fraud' && h.json?.request?.id === id && h.json.type === type;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'charter-hooks-'));
    database = await createTestDatabase();
    receiver = await WebhookReceiver.start();
    env = {
      CHARTER_DATA_DIR: dataDir,
      CHARTER_BOOTSTRAP_TOKEN: ADMIN_TOKEN,
      CHARTER_EXPIRY_JOB_INTERVAL_MS: '0',
      CHARTER_WEBHOOK_TIMEOUT_MS: '1000',
      CHARTER_WEBHOOK_BACKOFF_BASE_MS: '100',
      // The receiver listens on 127.0.0.1, which the default refuses.
      CHARTER_WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
      ...(database?.url ? { DATABASE_URL: database.url } : {}),
    };
  });

  afterAll(async () => {
    await server?.kill('SIGKILL');
    await receiver.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers an event committed by a process that was killed before it could send it', async () => {
    // Delivery off: the decision commits with its outbox rows, and nothing is sent before the kill.
    server = await startServerProcess({ ...env, CHARTER_WEBHOOK_POLL_INTERVAL_MS: '0' }, await freePort());
    w = await AccessWorld.create(client(server));
    await w.topic('orders.crash');
    secret = (await w.as('rita')(SET, { input: { team: 'fraud', url: receiver.url('/fraud') } })).data.setTeamWebhook.secret;
    const req = await w.requested('rita', 'orders.crash');
    const approved = await w.decide('olga', 'approve', { id: req.id });
    expect(approved.data.result.state).toBe('APPROVED');
    expect(await server.kill('SIGKILL')).toBeNull();
    expect(receiver.received).toEqual([]);

    server = await startServerProcess({ ...env, CHARTER_WEBHOOK_POLL_INTERVAL_MS: '100' }, await freePort());
    w = w.on(client(server));
    const [hook] = await receiver.waitFor(forRequest(req.id, 'access.request.approved'));
    expect(hook.json.request).toMatchObject({ state: 'APPROVED', topic: 'orders.crash' });
    expect(verifyWebhookSignature(secret, hook.body, hook.headers['x-charter-signature'] as string)).toBe(true);
    await receiver.waitFor(forRequest(req.id, 'access.request.submitted'));
  });

  it('delivers again, with the same delivery id, when the process dies while the receiver is still answering', async () => {
    const req = await w.requested('rita', 'orders.crash', { applicationName: 'second', kafkaPrincipal: 'User:svc-second' });
    await w.decide('otto', 'approve', { id: req.id });
    // The receiver takes the revocation and never answers; the process is killed while it waits.
    receiver.reply = (h) => (forRequest(req.id, 'access.grant.revoked')(h) ? 'hang' : 200);
    await w.decide('olga', 'revoke', { id: req.id, reason: 'Shut down' });
    const [first] = await receiver.waitFor(forRequest(req.id, 'access.grant.revoked'));
    expect(await server!.kill('SIGKILL')).toBeNull();

    receiver.reply = () => 200;
    server = await startServerProcess({ ...env, CHARTER_WEBHOOK_POLL_INTERVAL_MS: '100' }, await freePort());
    // The dead process's lease (timeout x 2 + 1 s) runs out, then the new process sends it again.
    const hooks = await receiver.waitFor(forRequest(req.id, 'access.grant.revoked'), 2);
    expect(hooks[1].json.deliveryId).toBe(first.json.deliveryId);
    expect(hooks[1].body).toBe(first.body);
    expect(verifyWebhookSignature(secret, hooks[1].body, hooks[1].headers['x-charter-signature'] as string)).toBe(true);
    expect(hooks[1].json.request).toMatchObject({ state: 'REVOKED', reason: 'Shut down' });
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVABLE_STALE_MS } from '../src/registry/servable-ids';
import { freePort } from './support/free-port';
import { PgCluster, postgresBinDir } from './support/pg-cluster';
import { avroRecord } from './support/registry-http';
import { ServerProcess, startServerProcess } from './support/server-process';
import { ADMIN_TOKEN } from './support/test-app';

// The embedded database lives inside the server process, so it cannot go away under a running
// server; this needs a PostgreSQL server of its own to stop and start.
const bin = process.env.TEST_DATABASE_URL ? postgresBinDir() : undefined;
const describeOnServer = bin ? describe : describe.skip;
const SKIP_REASON = bin
  ? ''
  : ' [skipped: needs TEST_DATABASE_URL and PostgreSQL programs; the embedded database cannot be stopped under its own server]';

const REGISTRY_TYPE = 'application/vnd.schemaregistry.v1+json';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Answer {
  status: number;
  contentType: string | null;
  retryAfter: string | null;
  text: string;
}

/**
 * Charter on a PostgreSQL cluster of its own, which is stopped with `-m immediate` under the
 * running server: what is immutable and was read before keeps being served byte for byte,
 * everything else is a 503 with Retry-After (50001 on REST, SERVICE_UNAVAILABLE on GraphQL), and
 * writes are accepted again once the database is back.
 */
describeOnServer(`continuity: degraded mode while PostgreSQL is down${SKIP_REASON}`, () => {
  let cluster: PgCluster;
  let server: ServerProcess;
  let dataDir: string;
  let readerToken: string;
  const ids: Record<string, number> = {};

  jest.setTimeout(120_000);

  const call = async (method: string, path: string, token: string | null, body?: unknown): Promise<Answer> => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': path === '/graphql' ? 'application/json' : REGISTRY_TYPE }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: res.status,
      contentType: res.headers.get('content-type'),
      retryAfter: res.headers.get('retry-after'),
      text: await res.text(),
    };
  };
  const register = (subject: string, name: string) =>
    call('POST', `/subjects/${subject}/versions`, ADMIN_TOKEN, {
      schema: JSON.stringify(avroRecord(name, [{ name: 'id', type: 'string' }])),
    });
  const graphql = (query: string, token: string | null = ADMIN_TOKEN) => call('POST', '/graphql', token, { query });

  beforeAll(async () => {
    cluster = await PgCluster.create(bin!);
    cluster.start();
    dataDir = mkdtempSync(join(tmpdir(), 'charter-degraded-'));
    server = await startServerProcess(
      { DATABASE_URL: cluster.url(), CHARTER_BOOTSTRAP_TOKEN: ADMIN_TOKEN, CHARTER_DATA_DIR: dataDir },
      await freePort(),
    );
    for (const [subject, name] of [
      ['orders-value', 'Order'],
      ['refunds-value', 'Refund'],
      ['unread-value', 'Unread'],
    ]) {
      const res = await register(subject, name);
      expect(res.status).toBe(200);
      ids[subject] = JSON.parse(res.text).id;
    }
    const token = await graphql(`
      mutation {
        createApiToken(input: { username: "reader", teams: [], roles: [] }) {
          token
        }
      }
    `);
    readerToken = JSON.parse(token.text).data.createApiToken.token;
  });

  afterAll(async () => {
    await server?.kill('SIGTERM');
    cluster?.destroy();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves cached reads byte for byte, refuses the rest with 503, and recovers when PostgreSQL is back', async () => {
    const id = ids['orders-value'];
    const cachedReads: Array<[string, string | null]> = [
      [`/schemas/ids/${id}`, null],
      [`/schemas/ids/${id}/schema`, null],
      [`/schemas/ids/${id}?subject=orders-value`, null],
      [`/schemas/ids/${id}?fetchMaxId=true`, null],
      [`/schemas/ids/${ids['refunds-value']}`, readerToken],
      [`/subjects/orders-value/versions/1`, ADMIN_TOKEN],
      [`/subjects/orders-value/versions/latest`, readerToken],
      [`/subjects/refunds-value/versions/1/schema`, null],
    ];
    const before = new Map<string, Answer>();
    for (const [path, token] of cachedReads) {
      const answer = await call('GET', path, token);
      expect(answer.status).toBe(200);
      before.set(`${path} ${token}`, answer);
    }

    const stoppedAt = performance.now();
    cluster.stop('immediate');
    // Past the age at which a schema id's holder is re-checked, so no answer comes from a fresh fact.
    await sleep(SERVABLE_STALE_MS + 500);

    for (const [path, token] of cachedReads) {
      const answer = await call('GET', path, token);
      expect({ path, ...answer }).toEqual({ path, ...before.get(`${path} ${token}`)!, retryAfter: null });
    }

    const refused = [
      await call('GET', '/subjects/unread-value/versions/1', null),
      await call('GET', '/subjects', null),
      await call('GET', '/config', null),
      await call('GET', `/schemas/ids/${id}`, 'chr_never-seen-token-0123456789abcdef'),
      await register('orders-value', 'OrderV2'),
      await call('POST', '/subjects/orders-value/versions', readerToken, { schema: '"string"' }),
    ];
    for (const answer of refused) {
      expect(answer.status).toBe(503);
      expect(answer.retryAfter).toMatch(/^\d+$/);
      expect(JSON.parse(answer.text)).toEqual({ error_code: 50001, message: expect.stringMatching(/registry store is unreachable/) });
    }

    // A caller that cannot be identified while the store is away is told to retry, not refused (401).
    const graphqlCalls: Array<[string, string]> = [
      ['{ me { username } }', ADMIN_TOKEN],
      ['mutation { createTeam(input: { slug: "late", name: "Late" }) { id } }', ADMIN_TOKEN],
      ['{ me { username } }', 'chr_never-seen-token-0123456789abcdef'],
    ];
    for (const [query, token] of graphqlCalls) {
      const answer = await graphql(query, token);
      expect(`${answer.status} ${answer.text}`).toMatch(/^503 /);
      expect(answer.retryAfter).toMatch(/^\d+$/);
      const body = JSON.parse(answer.text);
      expect(body.errors.map((e: any) => e.extensions.code)).toEqual(['SERVICE_UNAVAILABLE']);
    }

    expect((await call('GET', '/health/live', null)).status).toBe(200);
    const ready = await call('GET', '/health/ready', null);
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.text)).toEqual({ status: 'not-ready', reason: 'database unreachable' });
    expect(server.output()).not.toMatch(/Unexpected error/);
    const outageSeconds = (performance.now() - stoppedAt) / 1000;

    cluster.start();
    const restartedAt = performance.now();
    let accepted: Answer | undefined;
    while (performance.now() - restartedAt < 30_000) {
      const answer = await register('after-outage-value', 'AfterOutage');
      if (answer.status === 200) {
        accepted = answer;
        break;
      }
      expect(answer.status).toBe(503);
      await sleep(50);
    }
    const recoveryMs = performance.now() - restartedAt;
    expect(accepted?.status).toBe(200);
    expect((await call('GET', '/health/ready', null)).status).toBe(200);
    expect((await call('GET', '/subjects/unread-value/versions/1', null)).status).toBe(200);
    // The figures RESILIENCE.md quotes.
    console.log(
      `degraded mode: ${cachedReads.length} cached reads identical during a ${outageSeconds.toFixed(1)} s outage, ` +
        `${refused.length} REST + 2 GraphQL requests refused with 503; first write accepted ${recoveryMs.toFixed(0)} ms after PostgreSQL restarted`,
    );
  });
});

import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, KeyLike, SignJWT } from 'jose';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { freePort, ServerProcess, startServerProcess } from './support/server-process';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const ROOT = join(__dirname, '..');

/**
 * The real server as a child process, at the most talkative log level, fed requests that carry
 * secrets of every kind, including requests that make an insert fail. Afterwards nothing it wrote
 * may contain a secret or its hash, and every line must be a JSON log record.
 */
describe('secrets never reach the log', () => {
  const bootstrapToken = `chr_${randomBytes(24).toString('base64url')}`;
  const schemelessToken = `chr_${randomBytes(24).toString('base64url')}`;
  const webhookSecret = `whsec_${randomBytes(24).toString('base64url')}`;
  const nulWebhookSecret = `whsec_${randomBytes(24).toString('base64url')}`;
  const secrets: Record<string, string> = { bootstrapToken, schemelessToken, webhookSecret, nulWebhookSecret };
  let dataDir: string;
  let database: TestDatabase | undefined;
  let server: ServerProcess;
  let signingKey: KeyLike;
  const answers: string[] = [];

  async function call(path: string, init: { authorization?: string; body?: unknown; method?: string } = {}) {
    const res = await fetch(`${server.url}${path}`, {
      method: init.method ?? (init.body ? 'POST' : 'GET'),
      headers: { 'content-type': 'application/json', ...(init.authorization ? { authorization: init.authorization } : {}) },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
    const text = await res.text();
    answers.push(text);
    return { status: res.status, text, json: () => JSON.parse(text) };
  }
  const gql = (query: string, variables: Record<string, unknown>, token = bootstrapToken) =>
    call('/graphql', { authorization: `Bearer ${token}`, body: { query, variables } });
  const jwt = (claims: Record<string, unknown>, lifetime?: number) => {
    const token = new SignJWT({ sub: 'jwt-user', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer('https://idp.example')
      .setAudience('charter')
      .setIssuedAt();
    return (lifetime === undefined ? token : token.setExpirationTime(Math.floor(Date.now() / 1000) + lifetime)).sign(signingKey);
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'charter-log-secrets-'));
    database = await createTestDatabase();
    const pair = await generateKeyPair('RS256', { extractable: true });
    signingKey = pair.privateKey as KeyLike;
    const jwks = join(dataDir, 'jwks.json');
    writeFileSync(jwks, JSON.stringify({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] }));
    server = await startServerProcess(
      {
        LOG_LEVEL: 'trace',
        CHARTER_DATA_DIR: dataDir,
        CHARTER_BOOTSTRAP_TOKEN: bootstrapToken,
        CHARTER_JWT_JWKS_FILE: jwks,
        CHARTER_JWT_ISSUER: 'https://idp.example',
        CHARTER_JWT_AUDIENCE: 'charter',
        CHARTER_WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
        CHARTER_WEBHOOK_POLL_INTERVAL_MS: '200',
        ...(database?.url ? { DATABASE_URL: database.url } : {}),
      },
      await freePort(),
    );
  });

  afterAll(async () => {
    if (server) await server.kill('SIGTERM');
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('handles requests that carry secrets, including failing inserts', async () => {
    expect((await gql('mutation { createTeam(input: { slug: "vault", name: "Vault" }) { slug } }', {})).json().data.createTeam.slug).toBe(
      'vault',
    );

    // API tokens: as Bearer, as the Basic password, and one minted through the API.
    const minted = (await gql('mutation { createApiToken(input: { username: "alice" }) { token } }', {})).json().data.createApiToken.token;
    secrets.mintedToken = minted;
    expect((await gql('{ me { username } }', {}, minted)).json().data.me.username).toBe('alice');
    const basic = Buffer.from(`alice:${minted}`).toString('base64');
    secrets.basicCredentials = basic;
    expect((await call('/subjects', { authorization: `Basic ${basic}` })).status).toBe(200);

    // An insert that fails while its parameters hold a token hash: the description has a NUL.
    const failedToken = await gql('mutation($d: String) { createApiToken(input: { username: "bob", description: $d }) { token } }', {
      d: 'laptop\u0000',
    });
    expect(failedToken.status).toBeLessThan(600);

    // Webhook secrets: one stored, one with a trailing NUL whose insert fails.
    const webhook =
      'mutation($s: String) { setTeamWebhook(input: { team: "vault", url: "http://127.0.0.1:9/hook", secret: $s }) { secret } }';
    expect((await gql(webhook, { s: webhookSecret })).json().data.setTeamWebhook.secret).toBe(webhookSecret);
    await gql(webhook, { s: `${nulWebhookSecret}\u0000` });

    // An Authorization header without a scheme: the token itself where the scheme should be.
    const schemeless = await call('/graphql', { authorization: schemelessToken, body: { query: '{ me { username } }' } });
    expect(schemeless.text).not.toContain(schemelessToken.slice(0, 10));
    expect((await call('/subjects', { authorization: schemelessToken })).status).toBe(401);

    // JWTs: one accepted, one refused for having no exp, one refused for a bad signature.
    const goodJwt = await jwt({}, 300);
    const noExpJwt = await jwt({});
    const badSignature = `${goodJwt.slice(0, goodJwt.lastIndexOf('.'))}.${Buffer.from('forged').toString('base64url')}`;
    Object.assign(secrets, { goodJwt, noExpJwt, badSignature });
    expect((await gql('{ me { username } }', {}, goodJwt)).json().data.me.username).toBe('jwt-user');
    expect((await gql('{ me { username } }', {}, noExpJwt)).json().errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await gql('{ me { username } }', {}, badSignature)).json().errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('wrote none of the secrets, their hashes or any 64-hex digest, and only JSON lines', async () => {
    // A moment for the webhook worker and the access log to write what they will.
    await new Promise((r) => setTimeout(r, 500));
    await server.kill('SIGTERM');
    const output = server.output();
    if (process.env.CHARTER_DUMP_LOG) writeFileSync(process.env.CHARTER_DUMP_LOG, output);
    expect(output).toContain('"msg":"request completed"');
    for (const [name, secret] of Object.entries(secrets)) {
      const parts = name.endsWith('Jwt') || name === 'badSignature' ? secret.split('.').filter((p) => p.length > 20) : [secret];
      for (const part of parts) {
        expect({ name, found: output.includes(part) }).toEqual({ name, found: false });
        expect({ name, hashFound: output.includes(sha256(part)) }).toEqual({ name, hashFound: false });
      }
      // Part of a secret is as bad: a prefix long enough to matter must not appear either.
      expect({ name, prefixFound: output.includes(secret.slice(0, 12)) && !secret.startsWith('eyJ') }).toEqual({
        name,
        prefixFound: false,
      });
    }
    expect(output).not.toMatch(/[0-9a-f]{64}/);
    expect(output).not.toContain(`${ROOT}/`);
    const lines = output.split('\n').filter((l) => l.trim() !== '');
    const notJson = lines.filter((line) => {
      try {
        return typeof JSON.parse(line) !== 'object';
      } catch {
        return true;
      }
    });
    expect(notJson).toEqual([]);
    // The answers the callers got never repeat another caller's secret or the header they sent.
    for (const answer of answers) {
      expect(answer).not.toContain(schemelessToken.slice(0, 12));
      expect(answer).not.toContain(nulWebhookSecret);
    }
  });
});

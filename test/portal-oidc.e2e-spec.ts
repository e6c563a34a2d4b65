import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, PortalUser } from './support/browser';
import { freePort } from './support/free-port';
import { RunningOidcProvider, startOidcProvider } from './support/oidc-provider';
import { createTeams } from './support/principals';
import { runServerOnce } from './support/server-process';
import { TestApp } from './support/test-app';

const CLIENT_ID = 'charter-portal';
const AUDIENCE = 'urn:charter:api';
const EXPIRING = 'erin.expiring';

// The browser story runs once per CI run, against PostgreSQL, like the other portal stories.
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

/** The claims of a JWT, unverified: the test only reads what the browser holds. */
const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
const heldToken = (page: Page) => page.evaluate<string | null>("sessionStorage.getItem('charter.token')");

/**
 * Signing in to the portal with a real OpenID Provider (oidc-provider, on a local port): the
 * authorization code flow with PKCE in Chromium, the provider's own login form, Charter verifying
 * the provider's JWT access tokens through its JWKS, sign-out, and an access token that expires.
 */
(onPostgres ? describe : describe.skip)('portal sign-in with OIDC', () => {
  let app: TestApp;
  let provider: RunningOidcProvider;
  let browser: Browser;
  let issuerHost: string;

  beforeAll(async () => {
    // Charter needs the issuer and the provider needs Charter's origin: the provider's port comes first.
    const providerPort = await freePort();
    const issuer = `http://127.0.0.1:${providerPort}`;
    issuerHost = `127.0.0.1:${providerPort}`;
    [app, browser] = await Promise.all([
      TestApp.start({
        CHARTER_JWT_JWKS_URL: `${issuer}/jwks`,
        CHARTER_JWT_ISSUER: issuer,
        CHARTER_JWT_AUDIENCE: AUDIENCE,
        CHARTER_PORTAL_OIDC_CLIENT_ID: CLIENT_ID,
      }),
      launchChromium(),
    ]);
    provider = await startOidcProvider({
      port: providerPort,
      clientId: CLIENT_ID,
      portalOrigin: app.url,
      audience: AUDIENCE,
      groups: { 'dana.dev': ['orders'], [EXPIRING]: ['orders'] },
      shortLived: EXPIRING,
    });
    await createTeams(app, 'orders');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await provider?.stop();
    await app?.close();
  });

  /** A person in a fresh browser; the provider's page asks for a web font, answered empty (no outside network). */
  async function person(): Promise<PortalUser> {
    const user = await PortalUser.open(browser, app.url);
    await user.context.route('https://fonts.googleapis.com/**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/css', body: '' }),
    );
    return user;
  }

  /** The provider's development login form (any password), then its consent screen. */
  async function logInAtProvider(page: Page, login: string): Promise<void> {
    await page.waitForURL((url) => url.host === issuerHost && url.pathname.startsWith('/interaction/'));
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
  }

  it('offers the issuer on the sign-in page, which stays accessible and may reach only that one more origin', async () => {
    const user = await person();
    const res = await user.page.goto(`${app.url}/portal/signin`);
    const csp = res?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain(`connect-src 'self' http://${issuerHost};`);
    expect(csp.match(/https?:\/\/[^\s;]+/g)).toEqual([`http://${issuerHost}`]);
    await user.page.getByRole('button', { name: `Sign in with ${issuerHost}` }).waitFor();
    await user.page.getByLabel('API token').waitFor(); // pasting a token still works beside it
    expect(await user.accessibilityProblems()).toEqual([]);
    expect(user.errors).toEqual([]);
    await user.close();
  });

  it('signs a developer in at the provider and back to the page they asked for, with the API token in the tab; sign-out returns to sign-in', async () => {
    const user = await person();
    const { page } = user;
    await page.goto(`${app.url}/portal/team`);
    await page.waitForURL(/\/portal\/signin\?next=%2Fteam/);
    await page.getByRole('button', { name: `Sign in with ${issuerHost}` }).click();
    await logInAtProvider(page, 'dana.dev');

    // Back through /portal/auth/callback, where the code was redeemed with the PKCE verifier.
    await page.waitForURL(`${app.url}/portal/team`);
    expect(await page.getByTestId('username').innerText()).toBe('dana.dev');
    // A team-scoped page: the team comes from the token's `groups` claim.
    await page.getByRole('heading', { level: 2, name: 'orders (orders)' }).waitFor();
    // The tab holds the access token for Charter's API (not the ID token, whose audience is the portal).
    const token = (await heldToken(page))!;
    expect(claimsOf(token)).toMatchObject({ iss: provider.issuer, aud: AUDIENCE, sub: 'dana.dev', groups: ['orders'] });
    expect(await page.evaluate('Object.keys(localStorage)')).toEqual([]);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/portal\/signin/);
    await page.getByRole('heading', { name: 'Sign in to Charter' }).waitFor();
    expect(await heldToken(page)).toBeNull();
    const again = await app.graphql('{ me { username } }', {}, token);
    expect(again.data?.me.username).toBe('dana.dev'); // a JWT stays valid until it expires: sign-out forgets it

    // The provider's own session can be ended too (RP-initiated logout), back to sign-in.
    await page.getByRole('button', { name: `Sign out of ${issuerHost} too` }).waitFor();
    expect(await user.accessibilityProblems()).toEqual([]);
    await page.getByRole('button', { name: `Sign out of ${issuerHost} too` }).click();
    await page.waitForURL((url) => url.host === issuerHost);
    await page.getByRole('button', { name: /Yes, sign me out/i }).click();
    await page.waitForURL(/\/portal\/signin/);
    await page.getByRole('button', { name: `Sign in with ${issuerHost}` }).waitFor();
    expect(await page.getByRole('button', { name: `Sign out of ${issuerHost} too` }).count()).toBe(0);
    // Signing in again needs the provider's login form again: its session ended.
    await page.getByRole('button', { name: `Sign in with ${issuerHost}` }).click();
    await page.waitForURL((url) => url.host === issuerHost && url.pathname.startsWith('/interaction/'));
    await page.locator('input[name="login"]').waitFor();
    expect(user.errors).toEqual([]);
    await user.close();
  }, 120_000);

  it('sends someone whose access token expired back to sign-in with a message', async () => {
    const user = await person();
    const { page } = user;
    await page.goto(`${app.url}/portal/catalogue`);
    await page.getByRole('button', { name: `Sign in with ${issuerHost}` }).click();
    await logInAtProvider(page, EXPIRING);
    await page.waitForURL(`${app.url}/portal/catalogue`);
    expect(await page.getByTestId('username').innerText()).toBe(EXPIRING);

    const { exp } = claimsOf((await heldToken(page))!) as { exp: number };
    await new Promise((r) => setTimeout(r, Math.max(0, exp * 1000 - Date.now()) + 1500));
    await page.getByRole('link', { name: 'My team' }).click();
    await page.waitForURL(/\/portal\/signin/);
    await page.getByRole('alert').filter({ hasText: 'Your token was refused (expired or revoked). Sign in again.' }).waitFor();
    expect(await heldToken(page)).toBeNull();
    // The only error the page saw is the API's 401 for the expired token.
    expect(user.errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    await user.close();
  }, 120_000);
});

describe('portal OIDC settings at start-up', () => {
  it('refuses a client id without an issuer, on one line naming the variable', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'charter-oidc-config-'));
    try {
      const run = runServerOnce({ CHARTER_DATA_DIR: dataDir, CHARTER_PORTAL_OIDC_CLIENT_ID: CLIENT_ID });
      expect(run.status).toBe(1);
      const lines = run.stderr.split('\n').filter((l) => l.includes('CHARTER_PORTAL_OIDC_CLIENT_ID'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('CHARTER_PORTAL_OIDC_CLIENT_ID: needs CHARTER_JWT_ISSUER');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

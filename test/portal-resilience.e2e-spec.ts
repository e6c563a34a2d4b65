import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, PortalUser } from './support/browser';
import { freePort } from './support/free-port';
import { PgCluster, postgresBinDir } from './support/pg-cluster';
import { runCliAsync, ServerProcess, startServerProcess } from './support/server-process';
import { ADMIN_TOKEN } from './support/test-app';

// The database must be stopped under a running server, which the embedded one cannot be; and the
// portal is the same on both databases (the browser stories run on PostgreSQL only as well).
const bin = process.env.TEST_DATABASE_URL ? postgresBinDir() : undefined;
const describeOnServer = bin ? describe : describe.skip;
const SKIP_REASON = bin ? '' : ' [skipped: needs TEST_DATABASE_URL and PostgreSQL programs to stop a database under its server]';

const TOPIC = 'payments.card-authorised.v1';
// What Chromium itself prints for an answer that failed: expected during an outage, and nothing else is.
// (A server killed mid-answer resets the connection or sends nothing.)
const OUTAGE_LINE =
  /^console: Failed to load resource: (the server responded with a status of 503|net::ERR_(CONNECTION_REFUSED|CONNECTION_RESET|EMPTY_RESPONSE)).*\/graphql\)$/;
// ...and about a page's code it could not download while the server was away.
const FAILED_DOWNLOAD =
  /^console: Failed to load resource: net::ERR_CONNECTION_REFUSED \(.*\/portal\/assets\/(topic\.page|schema-diff)-[\w-]+\.(js|css)\)$/;

/**
 * The portal in Chromium against Charter as its own process, on a PostgreSQL cluster of its own:
 * the database stops (Charter answers 503: degraded), the server is killed and started again, and
 * each time the portal says so, keeps trying, and recovers the page without a reload.
 */
describeOnServer(`portal resilience in a browser${SKIP_REASON}`, () => {
  let cluster: PgCluster;
  let server: ServerProcess;
  let port: number;
  let dataDir: string;
  let browser: Browser;
  let token: string;
  let user: PortalUser;

  jest.setTimeout(90_000);

  const serverEnv = () => ({ DATABASE_URL: cluster.url(), CHARTER_BOOTSTRAP_TOKEN: ADMIN_TOKEN, CHARTER_DATA_DIR: dataDir });
  const notice = (page: Page) => page.getByTestId('connection-notice');
  /** Set on the page's window: still there afterwards means the page was never reloaded. */
  const markDocument = (page: Page) => page.evaluate(() => ((globalThis as unknown as { unreloaded: boolean }).unreloaded = true));
  const stillSameDocument = (page: Page) => page.evaluate(() => (globalThis as unknown as { unreloaded?: boolean }).unreloaded === true);
  const unexpectedErrors = () => user.errors.filter((e) => !OUTAGE_LINE.test(e));

  beforeAll(async () => {
    [cluster, browser, port] = await Promise.all([PgCluster.create(bin!), launchChromium(), freePort()]);
    cluster.start();
    dataDir = mkdtempSync(join(tmpdir(), 'charter-portal-resilience-'));
    server = await startServerProcess(serverEnv(), port);
    const demo = await runCliAsync(['demo', 'load', '--url', server.url, '--token', ADMIN_TOKEN]);
    if (demo.status !== 0) throw new Error(`demo load failed: ${demo.stderr}`);
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({
        query: `mutation { createApiToken(input: { username: "rita.resilient", teams: ["payments"], roles: ["steward"] }) { token } }`,
      }),
    });
    token = ((await res.json()) as { data: { createApiToken: { token: string } } }).data.createApiToken.token;
    user = await PortalUser.open(browser, server.url);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.kill('SIGKILL');
    cluster?.destroy();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('every page loads without a console error or an uncaught exception', async () => {
    const { page } = user;
    await page.goto(`${server.url}/portal/signin`);
    await page.getByRole('heading', { name: 'Sign in to Charter' }).waitFor();
    await user.signIn(token, '/portal/catalogue');
    const visits: Array<[string, () => Promise<void>]> = [
      ['/portal/catalogue', () => page.locator('table.topics tbody tr').first().waitFor()],
      [`/portal/topics/${TOPIC}`, () => page.getByRole('heading', { level: 1, name: TOPIC }).waitFor()],
      [`/portal/topics/${TOPIC}/request`, () => page.getByRole('heading', { name: `Request access to ${TOPIC}` }).waitFor()],
      ['/portal/approvals', () => page.getByRole('heading', { name: 'My approvals' }).waitFor()],
      ['/portal/requests', () => page.getByRole('heading', { name: 'My requests' }).waitFor()],
      ['/portal/team', () => page.getByRole('heading', { name: 'Payments (payments)' }).waitFor()],
      ['/portal/steward', () => page.getByRole('heading', { name: 'Steward' }).waitFor()],
      ['/portal/audit', () => page.getByTestId('chain').filter({ hasText: 'The audit chain verifies' }).waitFor()],
      ['/portal/explorer', () => page.locator('.graphiql-query-editor').getByText('Explore').waitFor({ timeout: 30_000 })],
    ];
    for (const [path, loaded] of visits) {
      await page.goto(`${server.url}${path}`);
      await loaded();
      // Whatever the page fetches after its first paint has come back too.
      await page.waitForLoadState('networkidle');
      expect({ path, errors: user.errors }).toEqual({ path, errors: [] });
    }
    expect(await notice(page).count()).toBe(0);
  });

  it('the database stops: the portal says Charter is degraded, shows cached pages, and recovers when it is back', async () => {
    const { page } = user;
    await page.goto(`${server.url}/portal/catalogue`);
    await page.locator('table.topics tbody tr').first().waitFor();
    await markDocument(page);

    cluster.stop('immediate');
    await page.getByRole('link', { name: 'My team', exact: true }).click();
    await notice(page).and(page.locator('[data-status="degraded"]')).waitFor();
    expect(await notice(page).getByRole('alert').innerText()).toMatch(/without its database.*changes cannot be saved/);
    // The first attempt honours the server's Retry-After (5 s) over the 2 s of the schedule.
    expect(await notice(page).innerText()).toMatch(/Trying again in [345] s\./);

    // What was read before is still shown from the portal's cache while the database is away.
    await page.getByRole('link', { name: 'Catalogue', exact: true }).click();
    await page.locator('table.topics tbody tr').first().waitFor();
    expect(await notice(page).isVisible()).toBe(true);

    await page.getByRole('link', { name: 'My team', exact: true }).click();
    cluster.start();
    const databaseBack = performance.now();
    // No click from here: the portal's own retry finds the database back and fills the page.
    await page.getByRole('heading', { name: 'Payments (payments)' }).waitFor({ timeout: 20_000 });
    await notice(page).waitFor({ state: 'detached' });
    console.log(`portal, degraded: team page filled ${(performance.now() - databaseBack).toFixed(0)} ms after PostgreSQL was back`);
    expect(await page.getByRole('link', { name: TOPIC }).count()).toBeGreaterThan(0);
    expect(await stillSameDocument(page)).toBe(true);
    expect(unexpectedErrors()).toEqual([]);
  });

  it('the server is killed: the portal says Charter cannot be reached, and recovers once it is started again', async () => {
    const { page } = user;
    await page.getByRole('link', { name: 'My approvals', exact: true }).click();
    await page.getByRole('heading', { name: 'My approvals' }).waitFor();
    await page.waitForLoadState('networkidle');
    await markDocument(page);

    await server.kill('SIGKILL');
    // A page this document has not read yet, so nothing on it can come from the cache.
    await page.getByRole('link', { name: 'My requests', exact: true }).click();
    await notice(page).and(page.locator('[data-status="unreachable"]')).waitFor();
    expect(await notice(page).getByRole('alert').innerText()).toMatch(/cannot be reached/);
    expect(await notice(page).innerText()).toMatch(/Trying again in [12] s\./);
    // "Try now" makes an attempt at once; with the server still away the notice stays.
    await page.getByRole('button', { name: 'Try now' }).click();
    await notice(page)
      .getByText(/Trying again in \d+ s\./)
      .waitFor();
    expect(await notice(page).getAttribute('data-status')).toBe('unreachable');
    expect(await page.getByRole('status').filter({ hasText: 'Loading…' }).count()).toBe(1);

    server = await startServerProcess(serverEnv(), port);
    const serverBack = performance.now();
    await page
      .getByRole('status')
      .filter({ hasText: /^0 requests$/ })
      .waitFor({ timeout: 20_000 });
    await notice(page).waitFor({ state: 'detached' });
    console.log(
      `portal, server killed: requests page filled ${(performance.now() - serverBack).toFixed(0)} ms after the new server was ready`,
    );
    expect(await stillSameDocument(page)).toBe(true);
    expect(unexpectedErrors()).toEqual([]);
    // The outage did show on the console, as Chromium's own lines about failed requests.
    expect(user.errors.some((e) => e.includes('ERR_CONNECTION_REFUSED'))).toBe(true);
  });

  it('a page whose code was never fetched, opened while the server is away, says so inside the layout and loads once it is back', async () => {
    // A new browser context: nothing of the topic page's code is in its cache.
    const newcomer = await PortalUser.open(browser, server.url);
    try {
      await newcomer.signIn(token, '/portal/catalogue');
      const { page } = newcomer;
      await page.locator('table.topics tbody tr').first().waitFor();
      await server.kill('SIGKILL');
      await page.getByRole('link', { name: TOPIC }).first().click();
      await page.getByRole('heading', { name: 'This page could not be loaded' }).waitFor();
      expect(await page.getByRole('alert').filter({ hasText: 'Charter cannot be reached right now' }).count()).toBe(1);
      // The layout stays, with its navigation.
      expect(await page.getByRole('link', { name: 'My team', exact: true }).count()).toBe(1);

      server = await startServerProcess(serverEnv(), port);
      await page.getByRole('button', { name: 'Try again' }).click();
      await page.getByRole('heading', { level: 1, name: TOPIC }).waitFor({ timeout: 20_000 });

      // A part of the page fetched on first use (the comparison view) says so in its place; the page stays.
      await server.kill('SIGKILL');
      await page.getByRole('button', { name: 'Compare', exact: true }).click();
      await page.getByRole('alert').filter({ hasText: 'The comparison view could not be fetched' }).waitFor();
      expect(await page.getByRole('heading', { level: 1, name: TOPIC }).count()).toBe(1);
      server = await startServerProcess(serverEnv(), port);
      // Chromium's own lines about the failed downloads and queries; nothing thrown, nothing else logged.
      const failed = newcomer.errors.filter((e) => !OUTAGE_LINE.test(e));
      expect(failed.filter((e) => !FAILED_DOWNLOAD.test(e))).toEqual([]);
      expect(failed.some((e) => e.includes('/assets/topic.page-'))).toBe(true);
      expect(failed.some((e) => e.includes('/assets/schema-diff-'))).toBe(true);
    } finally {
      await newcomer.close();
    }
  });
});

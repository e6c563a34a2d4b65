import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { launchChromium, PortalUser } from './support/browser';
import { CREATE_ENTITY, gql, REQUEST_WAIVER } from './support/contracts';
import { tokensFor } from './support/principals';
import { runCliAsync } from './support/server-process';
import { RegistryHttp } from './support/registry-http';
import { ADMIN_TOKEN, TestApp } from './support/test-app';
import { registerTopic } from './support/topics';

const TOPIC = 'payments.card-authorised.v1';
const DRIFTING = 'customers.customer-updated.v1';
const pii = (name: string) => ({ name, type: 'string', 'confluent:tags': ['PII'] });
const customerUpdated = (fields: object[]) =>
  JSON.stringify({
    type: 'record',
    name: 'CustomerUpdated',
    namespace: 'customers',
    fields: [{ name: 'eventId', type: 'string' }, { name: 'occurredAt', type: 'long' }, { name: 'customerId', type: 'string' }, ...fields],
  });

// Timeouts allow for a loaded 2-core CI machine (the suite takes 80-150 s there).
// The browser stories run once per CI run, against PostgreSQL: the portal is the same on both
// databases, and the GraphQL suites already cover the embedded one.
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

/**
 * The portal in Chromium against the real server and the demo catalogue: a developer finds a topic
 * and asks for access across a border, an owner and a steward approve it, each in their own browser.
 */
(onPostgres ? describe : describe.skip)('portal stories in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let tokens: Record<'developer' | 'owner' | 'steward', string>;
  let developer: PortalUser;
  const users: PortalUser[] = [];

  beforeAll(async () => {
    [app, browser] = await Promise.all([TestApp.start(), launchChromium()]);
    const demo = await runCliAsync(['demo', 'load', '--url', app.url, '--token', ADMIN_TOKEN]);
    if (demo.status !== 0) throw new Error(`demo load failed: ${demo.stderr}`);
    tokens = await tokensFor(app, {
      developer: { username: 'dana.dev', teams: ['orders'] },
      owner: { username: 'olga.owner', teams: ['payments'] },
      steward: { username: 'sam.steward', roles: ['steward'] },
    });
    developer = await PortalUser.open(browser, app.url);
    users.push(developer);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  afterEach(() => {
    // No page may log an error or throw one at any point of any story.
    for (const user of users) expect(user.errors).toEqual([]);
  });

  it('1. a developer searches "card", reads the PII fields, compares versions 1 and 2 and downloads the AsyncAPI', async () => {
    const { page } = developer;
    await page.goto(`${app.url}/`); // a browser at the root lands on the portal, then on sign-in
    await page.waitForURL(/\/portal\/signin/);
    expect(await developer.accessibilityProblems()).toEqual([]);
    await developer.screenshot('sign-in');
    await developer.signIn(tokens.developer);
    await page.getByRole('heading', { name: 'Catalogue' }).waitFor();

    await page.getByLabel('Search topics').fill('card');
    await page.waitForURL(/[?&]q=card/);
    await page
      .getByRole('status')
      .filter({ hasText: /^1 topic$/ })
      .waitFor();
    const rows = page.locator('table.topics tbody tr');
    expect(await rows.allInnerTexts()).toEqual([expect.stringContaining(TOPIC)]);
    expect(await developer.accessibilityProblems()).toEqual([]);
    await developer.screenshot('catalogue');

    // A filter narrows the same view and is kept in the URL, so the view can be shared.
    await page.getByLabel('Classification at least').selectOption('RESTRICTED');
    await page.waitForURL(/classification=RESTRICTED/);
    await page
      .getByRole('status')
      .filter({ hasText: /^0 topics$/ })
      .waitFor();
    await page.getByLabel('Classification at least').selectOption('');
    await page
      .getByRole('status')
      .filter({ hasText: /^1 topic$/ })
      .waitFor();

    // Keyboard only from here to the diff: focus, type, Enter.
    await page.getByRole('link', { name: TOPIC }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: TOPIC }).waitFor();
    expect(await page.getByTestId('jurisdiction').innerText()).toBe('EU');
    expect(await page.getByTestId('cluster').innerText()).toMatch(/^default \(default, [A-Z]{2}\)$/);
    const piiRows = page.locator('table.fields tbody tr', { has: page.locator('.tag', { hasText: /^PII$/ }) });
    expect(await piiRows.locator('th').allInnerTexts()).toEqual(['customerId']);
    expect(await page.locator('pre.schema .token').count()).toBeGreaterThan(10); // highlighted, not plain text
    expect(await developer.accessibilityProblems()).toEqual([]);
    await developer.screenshot('topic');

    await page.getByLabel('Older version').focus();
    await page.keyboard.press('Home'); // version 1
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.id')).toBe('compare-to');
    await page.keyboard.press('End'); // the latest, version 2
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter'); // the Compare button
    const verdicts = page.getByRole('table', { name: /Compatibility of version 2 after version 1/ });
    await verdicts.waitFor();
    expect(await verdicts.locator('tbody tr').allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^BACKWARD\s+compatible/)]),
    );
    expect(await page.locator('.changes').innerText()).toContain('Added threeDsVersion');
    await page.locator('.diff-view table').waitFor();
    expect(await page.locator('.diff-view .diff-code-insert').count()).toBeGreaterThan(0);
    expect(await developer.accessibilityProblems()).toEqual([]);
    await developer.screenshotOf(page.locator('section.diff'), 'schema-diff');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Download AsyncAPI/ }).click()]);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(download.suggestedFilename()).toBe('payments.asyncapi.yaml');
    expect(text).toMatch(/^asyncapi: 3\.0\.0/m);
    expect(text).toContain(TOPIC);

    // The RESTRICTED topic's producers encrypt its PII (an ENCRYPT rule in its rule set): the field table says so.
    await page.goto(`${app.url}/portal/topics/customers.customer-registered.v1`);
    await page.getByRole('heading', { level: 1, name: 'customers.customer-registered.v1' }).waitFor();
    // Columns: field, type, optional, tags, encrypted, description.
    const encrypted = page.locator('table.fields tbody tr', { has: page.locator('td:nth-child(5)', { hasText: /^yes$/ }) });
    const piiFields = await page
      .locator('table.fields tbody tr', { has: page.locator('.tag', { hasText: /^PII$/ }) })
      .locator('th')
      .allInnerTexts();
    expect(piiFields.length).toBeGreaterThan(0);
    expect(await encrypted.locator('th').allInnerTexts()).toEqual(piiFields);
    await page.goto(`${app.url}/portal/topics/${TOPIC}`);
    await page.getByRole('heading', { level: 1, name: TOPIC }).waitFor();
  }, 150_000);

  it('2. the developer asks for READ from the US on the EU topic: refused without a legal basis, then accepted', async () => {
    const { page } = developer;
    await page.getByRole('link', { name: 'Request access' }).click();
    await page.getByRole('heading', { name: `Request access to ${TOPIC}` }).waitFor();
    await page.getByLabel('Application name').fill('orders-fraud-check');
    await page.getByLabel('Kafka principal').fill('User:svc-orders');
    await page.getByLabel('Purpose (required)').fill('Flag orders whose card authorisation looks unusual.');
    // Before submitting, the page says who will approve and why, as the server's rules decide it.
    const approvers = page.getByRole('region', { name: 'Who will have to approve, and why' });
    await approvers.getByText(/A member of team 'payments' approves because of the access policy OWNER_APPROVAL\.$/).waitFor();
    expect(await approvers.getByRole('listitem').count()).toBe(1);
    expect(await page.getByRole('group', { name: /Legal basis/ }).count()).toBe(0);
    await page.getByLabel(/Where the data will be processed/).selectOption('US');
    await approvers.getByText(/^Data steward: A data steward .* approves because of the cross-border transfer EU -> US\.$/).waitFor();
    expect(await approvers.getByRole('listitem').allInnerTexts()).toEqual([
      "Owner (team payments): A member of team 'payments' approves because of the access policy OWNER_APPROVAL and the cross-border transfer EU -> US.",
      'Data steward: A data steward (not the person who fills the owner slot) approves because of the cross-border transfer EU -> US.',
    ]);
    expect(await approvers.innerText()).toContain('A legal basis is required.');
    expect(await approvers.locator('[aria-live="polite"]').count()).toBe(1);
    await page.getByRole('group', { name: /Legal basis/ }).waitFor();

    await page.getByRole('button', { name: 'Submit request' }).click();
    const refusal = page.locator('#legalBasis-mechanism-error');
    await refusal.waitFor();
    expect(await refusal.innerText()).toBe('The data would leave EU: choose a legal basis.');
    expect(await page.getByLabel('Mechanism').getAttribute('aria-invalid')).toBe('true');
    expect(page.url()).toMatch(/\/request$/);
    expect(await developer.accessibilityProblems()).toEqual([]);
    await developer.screenshot('request-access');

    await page.getByLabel('Mechanism').selectOption('STANDARD_CONTRACTUAL_CLAUSES');
    await page.getByLabel('Reference').fill('SCC-2026-014');
    await page.getByRole('button', { name: 'Submit request' }).click();
    await page.getByRole('heading', { name: 'Access requested' }).waitFor();
    expect(await page.getByTestId('request-state').innerText()).toBe('PENDING');
    expect(await developer.accessibilityProblems()).toEqual([]);
  }, 90_000);

  it('3. the owner and then a steward approve in their own browsers; the developer sees the grant', async () => {
    for (const who of ['owner', 'steward'] as const) {
      const user = await PortalUser.open(browser, app.url);
      users.push(user);
      await user.signIn(tokens[who], '/portal/approvals');
      const card = user.page.getByRole('article', { name: `READ on ${TOPIC} for orders` });
      await card.waitFor();
      expect(await card.innerText()).toContain('STANDARD_CONTRACTUAL_CLAUSES: SCC-2026-014');
      expect(await user.accessibilityProblems()).toEqual([]);
      if (who === 'owner') await user.screenshot('approvals');
      await card.getByRole('button', { name: 'Approve' }).focus();
      await user.page.keyboard.press('Enter');
      await user.page.getByRole('status').filter({ hasText: '0 waiting for you' }).waitFor();
      await user.close();
    }

    const { page } = developer;
    await page.getByRole('link', { name: 'My requests', exact: true }).click();
    const grant = page.getByRole('article', { name: new RegExp(`READ on ${TOPIC}: APPROVED`) });
    await grant.waitFor();
    expect(await grant.innerText()).toMatch(/OWNER: APPROVED by olga\.owner/);
    expect(await grant.innerText()).toMatch(/STEWARD: APPROVED by sam\.steward/);
    expect(await developer.accessibilityProblems()).toEqual([]);
    await developer.screenshot('my-requests');
  }, 120_000);

  it('4. a steward opens the drift-heavy topic, reads its growth chart and findings, and approves a waiver', async () => {
    // A topic that grew towards a replica of the Customer entity: two versions, then a waiver request for the third.
    await registerTopic(app, { name: DRIFTING, ownerTeam: 'customers', classification: 'CONFIDENTIAL', jurisdiction: 'UK' });
    await gql(
      app,
      CREATE_ENTITY,
      {
        input: {
          name: 'Customer',
          ownerTeam: 'customers',
          sourceSystem: 'the CRM API',
          attributes: ['email', 'phone', 'firstName', 'lastName'],
        },
      },
      ADMIN_TOKEN,
    );
    const http = new RegistryHttp(app);
    for (const fields of [[pii('email')], [pii('email'), { name: 'note', type: 'string', default: '' }]]) {
      expect((await http.register(`${DRIFTING}-value`, customerUpdated(fields))).status).toBe(200);
    }
    await gql(
      app,
      REQUEST_WAIVER,
      {
        input: {
          subject: `${DRIFTING}-value`,
          schemaVersion: 3,
          rule: 'entity-replica',
          justification: 'Consumers move to customerId next sprint.',
        },
      },
      ADMIN_TOKEN,
    );

    const steward = await PortalUser.open(browser, app.url);
    users.push(steward);
    await steward.signIn(tokens.steward, `/portal/topics/${DRIFTING}`);
    await steward.page.getByRole('heading', { name: 'Growth against the budget' }).waitFor();
    await steward.page
      .getByRole('img', { name: /Leaf fields per version against a budget of \d+: version 1 has 4, version 2 has 5/ })
      .waitFor();
    expect(await steward.page.getByTestId('growth-table').innerText()).toMatch(/1\s+4\s+1/);
    expect(await steward.page.getByRole('heading', { name: 'Findings on the latest version (2)' }).isVisible()).toBe(true);
    expect(await steward.accessibilityProblems()).toEqual([]);
    await steward.screenshotOf(steward.page.getByRole('region', { name: 'Growth against the budget' }), 'topic-growth');

    await steward.page.getByRole('link', { name: 'Steward', exact: true }).click();
    const request = steward.page.getByRole('article', { name: `entity-replica on ${DRIFTING}-value version 3` });
    await request.waitFor();
    expect(await request.innerText()).toContain('Consumers move to customerId next sprint.');
    expect(await steward.accessibilityProblems()).toEqual([]);
    await steward.screenshot('steward');
    await request.getByLabel('Note').fill('Until the next sprint only.');
    await request.getByRole('button', { name: 'Approve waiver' }).click();
    await steward.page.getByText('No waiver is waiting.').waitFor();
    const waivers = await gql(
      app,
      `{ contractWaivers(filter: { subject: "${DRIFTING}-value" }) { state decidedBy decisionNote } }`,
      {},
      ADMIN_TOKEN,
    );
    expect(waivers.contractWaivers).toEqual([{ state: 'GRANTED', decidedBy: 'sam.steward', decisionNote: 'Until the next sprint only.' }]);

    await steward.page.getByRole('link', { name: 'Audit', exact: true }).click();
    await steward.page.getByTestId('chain').filter({ hasText: 'The audit chain verifies' }).waitFor();
    await steward.page.getByLabel('Actor').fill('sam.steward');
    await steward.page.getByRole('button', { name: 'Filter' }).click();
    await steward.page.waitForURL(/[?&]actor=sam\.steward/);
    await steward.page.getByRole('cell', { name: 'contract.waiver-granted' }).waitFor();
    expect(await steward.accessibilityProblems()).toEqual([]);
    await steward.screenshot('audit');
    await steward.close();
  }, 120_000);

  it('5. an admin creates a token, sees its secret once and revokes it; signing in with it then fails', async () => {
    const admin = await PortalUser.open(browser, app.url);
    users.push(admin);
    await admin.signIn(ADMIN_TOKEN, '/portal/team');
    await admin.page.getByRole('heading', { name: 'API tokens' }).waitFor();
    await admin.page.getByLabel('User the token acts as').fill('has spaces');
    await admin.page.getByRole('button', { name: 'Create token' }).click();
    // The server's validation error appears next to the field it names.
    await admin.page.locator('#token-username-error').waitFor();
    await admin.page.getByLabel('User the token acts as').fill('ci.pipeline');
    await admin.page.getByLabel('Description').fill('for the nightly checks');
    await admin.page.getByRole('button', { name: 'Create token' }).click();
    const secret = await admin.page.getByTestId('secret').innerText();
    expect(secret).toMatch(/^chr_/);
    expect(await admin.accessibilityProblems()).toEqual([]);
    const row = admin.page.getByRole('row').filter({ hasText: 'ci.pipeline' });
    await row.getByRole('button', { name: /Revoke the token/ }).click();
    await row.filter({ hasText: 'revoked' }).waitFor();
    // Shown once: after a reload, the secret is nowhere on the page.
    await admin.page.reload();
    await admin.page.getByRole('heading', { name: 'API tokens' }).waitFor();
    expect(await admin.page.content()).not.toContain(secret);
    await admin.close();

    const user = await PortalUser.open(browser, app.url);
    users.push(user);
    await user.page.goto(`${app.url}/portal/signin`);
    await user.page.getByLabel('API token').fill(secret);
    await user.page.getByRole('button', { name: 'Sign in' }).click();
    await user.page
      .getByRole('alert')
      .filter({ hasText: /refused|revoked|invalid/i })
      .waitFor();
    const refused = user.errors.filter((e) => /status of 401 .*\/graphql\)$/.test(e));
    user.errors.splice(0, user.errors.length, ...user.errors.filter((e) => !refused.includes(e)));
    await user.close();
  }, 90_000);

  it('the team page and the GraphQL explorer work for a team member, with the signed-in token', async () => {
    const member = await PortalUser.open(browser, app.url);
    users.push(member);
    await member.signIn(tokens.owner, '/portal/team');
    await member.page.getByRole('heading', { name: 'Payments (payments)' }).waitFor();
    await member.page.getByRole('link', { name: TOPIC }).first().waitFor();
    expect(await member.accessibilityProblems()).toEqual([]);
    await member.screenshot('my-team');
    await member.page.getByRole('link', { name: 'Explorer', exact: true }).click();
    // The editor is ready once it shows the default query (Monaco loads after the page).
    await member.page.locator('.graphiql-query-editor').getByText('Explore').waitFor({ timeout: 30_000 });
    await member.screenshot('explorer');
    await member.page.getByRole('button', { name: /Execute query/i }).click();
    // The answer is in the editor's result pane, one span per token.
    await member.page.locator('.graphiql-response').getByText('olga.owner').waitFor({ timeout: 30_000 });
    await member.screenshot('explorer');
    await member.close();
  }, 90_000);

  it('an expired or revoked token returns to sign-in with a message', async () => {
    const user = await PortalUser.open(browser, app.url);
    users.push(user);
    const [token] = Object.values(await tokensFor(app, { temp: { username: 'tim.temp', teams: ['orders'] } }));
    await user.signIn(token);
    await user.page.getByRole('heading', { name: 'Catalogue' }).waitFor();
    const listed = await app.graphql(`{ apiTokens { id username } }`);
    const id = listed.data.apiTokens.find((t: { username: string }) => t.username === 'tim.temp').id;
    expect((await app.graphql(`mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }`, { id })).errors).toBeUndefined();

    await user.page.getByRole('link', { name: 'My approvals' }).click();
    await user.page.waitForURL(/\/portal\/signin/);
    await user.page.getByText('Your token was refused (expired or revoked). Sign in again.').waitFor();
    // The refused request is the point of this story: Chromium reports the 401 answer on the console.
    const refused = user.errors.filter((e) => /status of 401 .*\/graphql\)$/.test(e));
    expect(refused.length).toBeGreaterThan(0);
    user.errors.splice(0, user.errors.length, ...user.errors.filter((e) => !refused.includes(e)));
    await user.close();
  }, 60_000);
});

/**
 * `npm run bench:portal-catalogue`: the portal's catalogue page in Chromium against Charter on
 * PostgreSQL with 10,000 topics, beside the same page over 100 topics in the same run: cold load to
 * a usable page (first rows and the count shown), warm reload, and search as you type (last
 * keystroke to the updated list, the portal's 250 ms typing pause included).
 */
import { Client } from 'pg';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../test/support/browser';
import { freePort } from '../test/support/free-port';
import { ServerProcess, startServerProcess } from '../test/support/server-process';
import { ADMIN_TOKEN } from '../test/support/test-app';
import { fmt, percentile, printTable } from './bench-support';
import { seedCatalogue, SeedSize } from './catalogue-seed';
import { recreateDatabase } from './bench-database';

const SERVER = process.env.BENCH_DATABASE_SERVER ?? 'postgres://root@127.0.0.1:5432/postgres';
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const SIZES: SeedSize[] = [
  { teams: 100, topics: 100, versionsPerTopic: 5 },
  { teams: 100, topics: 10_000, versionsPerTopic: 5 },
];
/** Matches one domain in twenty of the seeded topics (names `domain<n>.entity-<g>.v1`). */
const TERM = 'domain7';
/** About 12 characters a second, a quick typist; slower than the portal's 250 ms pause it would not be. */
const KEY_DELAY_MS = 80;

interface Catalogue {
  size: SeedSize;
  database: string;
  server: ServerProcess;
  /** The count line the page must show after the search, from the API itself. */
  searched: string;
}

interface Run {
  cold: number;
  /** Of the cold load: until the scripts had run (DOMContentLoaded), and the slowest GraphQL answer. */
  coldScripts: number;
  coldGraphql: number;
  warm: number;
  search: number;
}

// Runs in the page before its own scripts: notes when the catalogue first shows rows and a count.
const WATCH_USABLE = `
  window.__usableAt = null;
  new MutationObserver(() => {
    if (window.__usableAt !== null) return;
    const count = document.querySelector('p.count');
    if (document.querySelector('table.topics tbody tr') && count && /^\\d+ topics?$/.test(count.textContent)) window.__usableAt = performance.now();
  }).observe(document, { subtree: true, childList: true, characterData: true });
`;

async function main() {
  const catalogues: Catalogue[] = [];
  let browser: Browser | undefined;
  try {
    for (const size of SIZES) catalogues.push(await prepare(size));
    browser = await launchChromium();
    // One unmeasured run each: the server's first queries and the browser's first start are not what is measured.
    for (const catalogue of catalogues) await measure(browser, catalogue);
    const runs = new Map<Catalogue, Run[]>(catalogues.map((c) => [c, []]));
    // Alternating, so that load from other jobs on the machine hits both sizes alike.
    for (let i = 0; i < RUNS; i++) for (const catalogue of catalogues) runs.get(catalogue)!.push(await measure(browser, catalogue));
    report(catalogues, runs);
  } finally {
    await browser?.close();
    for (const catalogue of catalogues) await catalogue.server.kill('SIGTERM');
    const admin = new Client({ connectionString: SERVER });
    await admin.connect();
    for (const catalogue of catalogues) await admin.query(`DROP DATABASE IF EXISTS ${catalogue.database} WITH (FORCE)`);
    await admin.end();
  }
}

/** A database of `size` topics, migrated by its own Charter process, then seeded with SQL. */
async function prepare(size: SeedSize): Promise<Catalogue> {
  const database = `charter_bench_portal_${size.topics}`;
  const admin = new Client({ connectionString: SERVER });
  await admin.connect();
  const url = await recreateDatabase(admin, SERVER, database);
  await admin.end();
  const server = await startServerProcess(
    {
      NODE_ENV: 'production',
      DATABASE_URL: url,
      CHARTER_BOOTSTRAP_TOKEN: ADMIN_TOKEN,
      CHARTER_DATA_DIR: `/tmp/charter-bench-portal-${size.topics}`,
    },
    await freePort(),
  );
  const db = new Client({ connectionString: url });
  await db.connect();
  const started = Date.now();
  await seedCatalogue(db, size);
  await db.end();
  console.log(
    `seeded ${fmt(size.topics)} topics (${fmt(size.topics * size.versionsPerTopic)} schema versions) in ${Date.now() - started} ms`,
  );
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({ query: `{ topics(filter: { text: "${TERM}" }, first: 1) { totalCount } }` }),
  });
  const total = ((await res.json()) as { data: { topics: { totalCount: number } } }).data.topics.totalCount;
  if (total === 0 || total === size.topics) throw new Error(`"${TERM}" should narrow the catalogue; it matches ${total} topics`);
  return { size, database, server, searched: `${total} ${total === 1 ? 'topic' : 'topics'}` };
}

/** A new browser profile (empty HTTP cache): cold load, warm reload, then a search typed on the warm page. */
async function measure(browser: Browser, catalogue: Catalogue): Promise<Run> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    await context.addInitScript(`sessionStorage.setItem('charter.token', ${JSON.stringify(ADMIN_TOKEN)});`);
    await context.addInitScript(WATCH_USABLE);
    const page = await context.newPage();
    await page.goto(`${catalogue.server.url}/portal/catalogue`);
    const cold = await usableAt(page);
    const [coldScripts, coldGraphql] = await page.evaluate(() => {
      type Entry = { name: string; duration: number; domContentLoadedEventEnd: number };
      const timings = (globalThis as unknown as { performance: { getEntriesByType(type: string): Entry[] } }).performance;
      const graphql = timings.getEntriesByType('resource').filter((e) => e.name.endsWith('/graphql'));
      return [timings.getEntriesByType('navigation')[0].domContentLoadedEventEnd, Math.max(...graphql.map((e) => e.duration))];
    });
    await page.reload();
    const warm = await usableAt(page);
    const search = await searchAsYouType(page, catalogue.searched);
    return { cold, coldScripts, coldGraphql, warm, search };
  } finally {
    await context.close();
  }
}

/** Milliseconds from the start of the navigation to a usable catalogue. */
async function usableAt(page: Page): Promise<number> {
  // Functions, not strings: the portal's Content-Security-Policy forbids evaluating strings.
  await page.waitForFunction(() => (globalThis as unknown as Marks).__usableAt != null, undefined, { timeout: 60_000 });
  return page.evaluate(() => (globalThis as unknown as Marks).__usableAt!);
}

async function searchAsYouType(page: Page, expected: string): Promise<number> {
  await page.evaluate(`(() => {
    window.__lastKeyAt = null;
    window.__updatedAt = null;
    document.getElementById('q').addEventListener('input', () => { window.__lastKeyAt = performance.now(); });
    new MutationObserver(() => {
      const first = document.querySelector('table.topics tbody tr');
      if (window.__updatedAt === null && document.querySelector('p.count')?.textContent === ${JSON.stringify(expected)}
          && first && first.textContent.includes(${JSON.stringify(TERM)})) window.__updatedAt = performance.now();
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  })()`);
  await page.locator('#q').pressSequentially(TERM, { delay: KEY_DELAY_MS });
  await page.waitForFunction(() => (globalThis as unknown as Marks).__updatedAt != null, undefined, { timeout: 60_000 });
  return page.evaluate(() => (globalThis as unknown as Marks).__updatedAt! - (globalThis as unknown as Marks).__lastKeyAt!);
}

function report(catalogues: Catalogue[], runs: Map<Catalogue, Run[]>): void {
  const [small, large] = catalogues;
  const measures: Array<[string, keyof Run]> = [
    ['cold load to a usable catalogue (new profile)', 'cold'],
    ['  of which: scripts loaded and run (DOMContentLoaded)', 'coldScripts'],
    ['  of which: slowest GraphQL answer', 'coldGraphql'],
    ['warm reload to a usable catalogue', 'warm'],
    [`search as you type "${TERM}": last key to updated list`, 'search'],
  ];
  const p50 = (c: Catalogue, key: keyof Run) =>
    percentile(
      runs.get(c)!.map((r) => r[key]),
      50,
    );
  const range = (c: Catalogue, key: keyof Run) => {
    const values = runs.get(c)!.map((r) => r[key]);
    return `${ms(Math.min(...values))}–${ms(Math.max(...values))}`;
  };
  const rows = [
    [
      'measure',
      `${fmt(small.size.topics)} topics p50 ms`,
      `${fmt(small.size.topics)} range`,
      `${fmt(large.size.topics)} topics p50 ms`,
      `${fmt(large.size.topics)} range`,
      'ratio',
    ],
  ];
  for (const [label, key] of measures) {
    rows.push([
      label,
      ms(p50(small, key)),
      range(small, key),
      ms(p50(large, key)),
      range(large, key),
      `${(p50(large, key) / p50(small, key)).toFixed(2)}x`,
    ]);
  }
  printTable(`Portal catalogue in Chromium, ${RUNS} runs per size (p50)`, rows);
}

const ms = (n: number) => n.toFixed(0);

/** The times the page's observers note on its window (read inside the page: no closures there). */
interface Marks {
  __usableAt?: number | null;
  __lastKeyAt?: number | null;
  __updatedAt?: number | null;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

/**
 * `npm run bench:catalogue`: Charter on PostgreSQL with 10,000 topics, 50,000 schema versions and
 * 100 teams; p50/p95 of three portal queries over GraphQL, each beside the hand-written SQL that
 * fetches the same rows (the floor any API over this database pays).
 */
import { Client } from 'pg';
import { startServerProcess } from '../test/support/server-process';
import { ADMIN_TOKEN } from '../test/support/test-app';
import { fmt, printTable } from './bench-support';
import { SEED_SIZE, seedCatalogue } from './catalogue-seed';
import { recreateDatabase } from './bench-database';

const SERVER = process.env.BENCH_DATABASE_SERVER ?? 'postgres://root@127.0.0.1:5432/postgres';
const DATABASE = 'charter_bench_catalogue';
const ROUNDS = 200;
const SELECTION = `totalCount pageInfo { endCursor } edges { node { name classification owner { slug name members { username } } subjects { latest { version schemaId fields { path tags } } } } }`;

async function main() {
  const admin = new Client({ connectionString: SERVER });
  await admin.connect();
  const url = await recreateDatabase(admin, SERVER, DATABASE);
  const server = await startServerProcess(
    {
      NODE_ENV: 'production',
      DATABASE_URL: url,
      CHARTER_BOOTSTRAP_TOKEN: ADMIN_TOKEN,
      CHARTER_DATA_DIR: '/tmp/charter-bench-catalogue',
    },
    18_431,
  );
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const started = Date.now();
    await seedCatalogue(db);
    console.log(
      `seeded ${SEED_SIZE.teams} teams, ${SEED_SIZE.topics} topics, ${SEED_SIZE.topics * SEED_SIZE.versionsPerTopic} versions in ${Date.now() - started} ms`,
    );
    const deepName: string = (await db.query('SELECT name FROM topic ORDER BY name OFFSET 9000 LIMIT 1')).rows[0].name;
    const deepAfter = Buffer.from(JSON.stringify([deepName])).toString('base64url');

    const cases = [
      { label: 'first page, 50 topics with owners, members, latest schema fields', args: 'first: 50', sql: pageSql('TRUE') },
      {
        label: 'filtered search (text + classification ≥ CONFIDENTIAL + jurisdiction + intent)',
        args: 'first: 50, filter: { text: "entity", classificationAtLeast: CONFIDENTIAL, jurisdiction: ["EU"], intent: [EVENT] }',
        sql: pageSql(
          `t.search_document @@ to_tsquery('simple', 'entity:*') AND t.classification IN ('CONFIDENTIAL','RESTRICTED') AND t.jurisdiction = 'EU' AND t.intent = 'EVENT'`,
        ),
      },
      {
        label: 'deep page (after the 9,000th topic, keyset)',
        args: `first: 50, after: "${deepAfter}"`,
        sql: pageSql('TRUE', `t.name > '${deepName}'`),
      },
    ];
    const rows = [['query', 'Charter p50 ms', 'Charter p95 ms', 'SQL p50 ms', 'SQL p95 ms', 'p95 ratio']];
    for (const c of cases) {
      const query = `{ topics(${c.args}) { ${SELECTION} } }`;
      const charter = await latencies(async () => {
        const res = await fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
          body: JSON.stringify({ query }),
        });
        const body = (await res.json()) as { errors?: unknown; data?: { topics: { edges: unknown[] } } };
        if (body.errors || body.data?.topics.edges.length !== 50)
          throw new Error(`unexpected answer: ${JSON.stringify(body).slice(0, 300)}`);
      });
      const sql = await latencies(async () => {
        await db.query(c.sql.count);
        await db.query(c.sql.page);
      });
      rows.push([c.label, ms(charter.p50), ms(charter.p95), ms(sql.p50), ms(sql.p95), `${(charter.p95 / sql.p95).toFixed(1)}x`]);
    }
    printTable(`Catalogue queries, ${fmt(SEED_SIZE.topics)} topics, ${ROUNDS} sequential requests each`, rows);
  } finally {
    await db.end();
    await server.kill('SIGTERM');
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await admin.end();
  }
}

/** The same rows by hand: the page of topics with owner, members and the latest version's schema. */
function pageSql(where: string, after = 'TRUE') {
  return {
    count: `SELECT count(*) FROM topic t WHERE ${where}`,
    page: `SELECT t.name, t.classification, team.slug, team.name AS team_name,
        (SELECT array_agg(username) FROM team_member m WHERE m.team_id = team.id) AS members,
        (SELECT s.canonical FROM registry_subject_version v JOIN registry_schema s ON s.id = v.schema_id
          WHERE v.subject = t.name || '-value' AND NOT v.deleted ORDER BY v.version DESC LIMIT 1) AS latest
      FROM topic t JOIN team ON team.id = t.owner_team_id WHERE ${where} AND ${after} ORDER BY t.name LIMIT 51`,
  };
}

async function latencies(run: () => Promise<void>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 20; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = process.hrtime.bigint();
    await run();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(ROUNDS * 0.5)], p95: times[Math.floor(ROUNDS * 0.95)] };
}

const ms = (n: number) => n.toFixed(1);

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

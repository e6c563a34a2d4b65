import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { AccessWorld, REQUEST_FIELDS } from './support/access';
import { createTeams, tokenFor } from './support/principals';
import { RegistryHttp } from './support/registry-http';
import { freePort, runCli, startServerProcess } from './support/server-process';
import { ADMIN_TOKEN, TestApp } from './support/test-app';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { registerTopic, TOPIC_FIELDS } from './support/topics';

const graphqlSnapshot = (grantId: string) => `{
  accessRequest(id: "${grantId}") { ${REQUEST_FIELDS} }
  topic(name: "shop.orders") { grants { id state grantStart grantEnd } }
  teams { id slug name createdAt updatedAt version members { username addedAt } topics { name } }
  topics(first: 50) { totalCount edges { node { ${TOPIC_FIELDS} createdAt } } }
  apiTokens { id prefix username teams roles description createdBy createdAt expiresAt revokedAt }
  auditLog(first: 100) { totalCount edges { node { seq occurredAt actor action targetType targetId details prevHash hash } } }
  verifyAuditChain { valid checked }
}`;

const REST_SNAPSHOT = [
  '/subjects',
  '/subjects?deleted=true',
  '/subjects/money-value/versions',
  '/subjects/invoices-value/versions/1',
  '/subjects/money-value/versions/1/referencedby',
  '/subjects/orders.placed-value/versions?deleted=true',
  '/subjects/orders.placed-value/versions/2',
  '/schemas/ids/1',
  '/schemas/ids/2',
  '/schemas/ids/3',
  '/config',
  '/config/orders.placed-value',
  '/mode/money-value',
];

async function snapshot(url: string, grantId: string) {
  const gql = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({ query: graphqlSnapshot(grantId) }),
  });
  const rest: Record<string, unknown> = {};
  for (const path of REST_SNAPSHOT) {
    const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    rest[path] = { status: res.status, body: await res.json() };
  }
  return { graphql: (await gql.json()) as any, rest };
}

/** A fresh, empty target: its own PostgreSQL database, or its own embedded data folder. */
async function emptyTarget(): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'charter-restore-'));
  const database: TestDatabase | undefined = await createTestDatabase();
  return {
    env: { CHARTER_DATA_DIR: dataDir, ...(database?.url ? { DATABASE_URL: database.url } : {}) },
    drop: async () => {
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// Each step starts the CLI or a server on a new database (seconds each on the embedded one).
jest.setTimeout(180_000);

/** Export → import into a fresh database → the same answers, an intact audit chain; damaged files refused. */
describe('charter export / import', () => {
  let source: TestApp;
  let sourceEnv: Record<string, string>;
  let before: Awaited<ReturnType<typeof snapshot>>;
  let grantId: string;
  const work = mkdtempSync(join(tmpdir(), 'charter-backup-'));
  const backup = join(work, 'charter.backup.jsonl');
  const targets: Array<{ drop(): Promise<void> }> = [];
  const target = async () => {
    const t = await emptyTarget();
    targets.push(t);
    return t.env;
  };

  beforeAll(async () => {
    source = await TestApp.start();
    sourceEnv = {
      CHARTER_DATA_DIR: source.config.dataDir,
      ...(source.config.database.url ? { DATABASE_URL: source.config.database.url } : {}),
    };
    await createTeams(source, 'orders', 'billing');
    const member = await source.graphql(`mutation { addTeamMember(input: { slug: "orders", username: "alice" }) { slug } }`);
    expect(member.errors).toBeUndefined();
    await registerTopic(source, {
      name: 'orders.placed',
      ownerTeam: 'orders',
      tags: ['core', 'sales'],
      contacts: [{ kind: 'EMAIL', value: 'orders@example.com' }],
    });
    await registerTopic(source, { name: 'orders.placed.v2', ownerTeam: 'orders', lifecycle: 'ACTIVE' });
    await registerTopic(source, { name: 'invoices', ownerTeam: 'billing', classification: 'CONFIDENTIAL', accessPolicy: 'OWNER_APPROVAL' });
    // A topic that points at another row of its own table.
    const deprecated = await source.graphql(
      `mutation { deprecateTopic(input: { name: "orders.placed", sunsetAt: "2031-01-01T00:00:00Z", replacementTopic: "orders.placed.v2" }) { lifecycle } }`,
    );
    expect(deprecated.errors).toBeUndefined();
    await tokenFor(source, { username: 'ci-bot', teams: ['orders'] });
    // An approved access request: a grant, with its approval slots.
    const world = await AccessWorld.create(source);
    await world.topic('shop.orders');
    const request = await world.requested('rita', 'shop.orders');
    const approved = await world.decide('olga', 'approve', { id: request.id, expectedVersion: request.version });
    expect(approved.errors).toBeUndefined();
    expect(approved.data.result).toMatchObject({ state: 'APPROVED', active: true });
    grantId = request.id;

    const registry = new RegistryHttp(source);
    // invoices and orders.placed are catalogued EVENTs: their payload contract wants an event id and an occurrence time.
    const money = { type: 'record', name: 'Money', namespace: 'com.acme', fields: [{ name: 'cents', type: 'long' }] };
    const invoice = {
      type: 'record',
      name: 'Invoice',
      namespace: 'com.acme',
      fields: [
        { name: 'eventId', type: 'string' },
        { name: 'occurredAt', type: 'long' },
        { name: 'total', type: 'com.acme.Money' },
      ],
    };
    expect((await registry.register('money-value', money)).status).toBe(200);
    expect(
      (await registry.register('invoices-value', invoice, { references: [{ name: 'com.acme.Money', subject: 'money-value', version: 1 }] }))
        .status,
    ).toBe(200);
    const order = (fields: unknown[]) => ({
      type: 'record',
      name: 'Order',
      fields: [{ name: 'id', type: 'string' }, { name: 'occurredAt', type: 'long' }, ...fields],
    });
    expect((await registry.register('orders.placed-value', order([]))).status).toBe(200);
    expect((await registry.register('orders.placed-value', order([{ name: 'note', type: 'string', default: '' }]))).status).toBe(200);
    expect((await registry.register('orders.placed-value', order([{ name: 'n2', type: 'int', default: 0 }]))).status).toBe(200);
    expect((await registry.delete('/subjects/orders.placed-value/versions/3')).status).toBe(200);
    expect((await registry.put('/config/orders.placed-value', { compatibility: 'FULL' })).status).toBe(200);
    expect((await registry.put('/mode/money-value', { mode: 'READONLY' })).status).toBe(200);

    before = await snapshot(source.url, grantId);
    expect(before.graphql.errors).toBeUndefined();
    expect(before.graphql.data.verifyAuditChain.valid).toBe(true);
    // The embedded database serves one process at a time: stop the service before exporting.
    await source.stop();
  });

  afterAll(async () => {
    for (const t of targets) await t.drop();
    await source.close().catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  });

  it('exports every table with a checksum and refuses to overwrite a file', () => {
    const exported = runCli(['export', backup], sourceEnv);
    expect(exported.stderr).toBe('');
    expect(exported.status).toBe(0);
    expect(exported.stdout).toMatch(
      /^Exported \d+ rows of \d+ tables \(.*audit_log \d+.*registry_schema 5.*topic 4.*\) to .* \(sha256 [0-9a-f]{64}\)\./,
    );
    const header = JSON.parse(readFileSync(backup, 'utf8').split('\n')[0]);
    expect(header).toMatchObject({ format: 'charter-backup', formatVersion: 1 });
    expect(header.migrations).toContain('Foundation1700000000001');
    expect(header.tables.map((t: { name: string }) => t.name)).not.toContain('charter_migrations');
    // Referenced tables come before the tables that refer to them.
    const order = header.tables.map((t: { name: string }) => t.name);
    expect(order.indexOf('team')).toBeLessThan(order.indexOf('topic'));
    expect(order.indexOf('registry_schema')).toBeLessThan(order.indexOf('registry_subject_version'));
    // Generated columns are recomputed on import, not copied.
    expect(header.tables.find((t: { name: string }) => t.name === 'topic').columns).not.toContain('search_document');

    const again = runCli(['export', backup], sourceEnv);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('exists; choose another name or add --force');
  });

  it('imports into a fresh database: same GraphQL and REST answers, the audit chain verifies, writes continue', async () => {
    const env = await target();
    const imported = runCli(['import', backup], env);
    expect(imported.stderr).toBe('');
    expect(imported.status).toBe(0);
    expect(imported.stdout).toMatch(/^Imported \d+ rows of \d+ tables/);

    const server = await startServerProcess({ ...env, CHARTER_BOOTSTRAP_TOKEN: ADMIN_TOKEN }, await freePort());
    try {
      const after = await snapshot(server.url, grantId);
      expect(after).toEqual(before);
      // New writes chain onto the restored log and take fresh ids.
      const created: any = await (
        await fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
          body: JSON.stringify({ query: 'mutation { createTeam(input: { slug: "shipping", name: "Shipping" }) { slug } }' }),
        })
      ).json();
      expect(created.errors).toBeUndefined();
      const res = await fetch(`${server.url}/subjects/shipments-value/versions`, {
        method: 'POST',
        headers: { 'content-type': 'application/vnd.schemaregistry.v1+json', authorization: `Bearer ${ADMIN_TOKEN}` },
        body: JSON.stringify({ schema: JSON.stringify({ type: 'record', name: 'Shipment', fields: [{ name: 'id', type: 'string' }] }) }),
      });
      // Five schemas were restored; the next id follows them.
      expect(((await res.json()) as { id: number }).id).toBe(6);
    } finally {
      await server.kill('SIGTERM');
    }
    const verified = runCli(['audit', 'verify'], env);
    expect(verified.status).toBe(0);
    const entries = before.graphql.data.auditLog.totalCount;
    expect(verified.stdout).toContain(`Audit chain intact: ${entries + 2} entries verified.`);
  });

  describe('damaged files are refused with exit 1 and leave the database empty', () => {
    let env: Record<string, string>;
    beforeAll(async () => {
      env = await target();
    });

    it('a file that is not a backup', () => {
      const other = join(work, 'other.json');
      writeFileSync(other, '{"hello": "world"}\n');
      const result = runCli(['import', other], env);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('the first line is not a Charter backup header');
    });

    it('a truncated file', () => {
      const text = readFileSync(backup, 'utf8');
      const truncated = join(work, 'truncated.jsonl');
      writeFileSync(truncated, text.slice(0, Math.floor(text.length * 0.8)));
      const result = runCli(['import', truncated], env);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/refusing .*truncated.jsonl: the file (is truncated|is edited or damaged)/);
      expect(result.stderr).toContain('Nothing was written.');
    });

    it('an edited file (checksum)', () => {
      const edited = join(work, 'edited.jsonl');
      writeFileSync(edited, readFileSync(backup, 'utf8').replace('"username": "alice"', '"username": "mallory"'));
      expect(readFileSync(edited, 'utf8')).toContain('mallory');
      const result = runCli(['import', edited], env);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('the checksum does not match: the file was edited or damaged after export');
    });

    it('a well-signed file whose rows cannot be stored rolls back everything (one transaction)', () => {
      // Re-sign a file in which a version refers to a schema id that does not exist.
      const lines = readFileSync(backup, 'utf8').split('\n').filter(Boolean);
      const at = lines.findIndex((l) => l.startsWith('{"table":"registry_subject_version"'));
      lines[at + 1] = lines[at + 1].replace(/"schema_id": \d+/, '"schema_id": 999');
      const header = JSON.parse(lines[0]);
      delete header.sha256;
      const hash = createHash('sha256').update(`${JSON.stringify(header)}\n`);
      for (const l of lines.slice(1)) hash.update(`${l}\n`);
      const broken = join(work, 'resigned.jsonl');
      writeFileSync(broken, [JSON.stringify({ ...header, sha256: hash.digest('hex') }), ...lines.slice(1), ''].join('\n'));
      const result = runCli(['import', broken], env);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('the rows of table registry_subject_version cannot be restored');
    });

    it('after all that the database is still empty: the intact file imports, and a second import is refused', () => {
      expect(runCli(['import', backup], env).status).toBe(0);
      const second = runCli(['import', backup], env);
      expect(second.status).toBe(2);
      expect(second.stderr).toContain('import needs an empty database');
    });
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVABLE_STALE_MS } from '../src/registry/servable-ids';
import { freePort } from './support/free-port';
import { avroRecord, RegistryHttp, RegistryResponse, urlTarget } from './support/registry-http';
import { ServerProcess, startServerProcess } from './support/server-process';
import { ADMIN_TOKEN } from './support/test-app';
import { createTestDatabase, TestDatabase } from './support/test-database';

const REPLICAS = 3;

// Several replicas need a database server; the embedded database serves exactly one process.
const onServer = Boolean(process.env.TEST_DATABASE_URL);
const describeOnServer = onServer ? describe : describe.skip;
const SKIP_REASON = onServer ? '' : ' [skipped: TEST_DATABASE_URL is unset and the embedded database serves one process only]';

/**
 * Several Charter processes on one PostgreSQL database, written to concurrently. Nothing in process
 * memory can keep them consistent, so these prove the database does: one version per register, one
 * id per content, and config, mode and "latest" that no replica sees stale.
 */
describeOnServer(`schema registry: several replicas on one database${SKIP_REASON}`, () => {
  let database: TestDatabase;
  let dataDirs: string[];
  let servers: ServerProcess[];
  let replicas: RegistryHttp[];

  jest.setTimeout(180_000);

  beforeAll(async () => {
    database = (await createTestDatabase())!;
    dataDirs = Array.from({ length: REPLICAS }, () => mkdtempSync(join(tmpdir(), 'charter-replica-')));
    const ports: number[] = [];
    for (let i = 0; i < REPLICAS; i++) ports.push(await freePort());
    // Started together, so the replicas also race on the migrations.
    servers = await Promise.all(
      ports.map((port, i) =>
        startServerProcess({ DATABASE_URL: database.url!, CHARTER_BOOTSTRAP_TOKEN: ADMIN_TOKEN, CHARTER_DATA_DIR: dataDirs[i] }, port),
      ),
    );
    replicas = servers.map((s) => new RegistryHttp(urlTarget(s.url)));
  });

  afterAll(async () => {
    await Promise.all((servers ?? []).map((s) => s.kill('SIGTERM')));
    await database?.drop();
    for (const dir of dataDirs ?? []) rmSync(dir, { recursive: true, force: true });
  });

  /** Client `i` talks to replica `i mod N`, as behind a round-robin load balancer. */
  const via = (i: number) => replicas[i % REPLICAS];
  const sql = (text: string, params?: unknown[]) => database.superuser(text, params) as Promise<any[]>;
  const expectAllOk = (results: RegistryResponse[]) => {
    const failures = results.filter((x) => x.status !== 200);
    expect(failures).toEqual([]);
  };

  it('the same schema to one subject from many clients makes one version, and everyone gets its id', async () => {
    const schema = avroRecord('Same', [{ name: 'a', type: 'string' }]);
    const results = await Promise.all(Array.from({ length: 24 }, (_, i) => via(i).register('same-value', schema)));
    expectAllOk(results);
    const ids = new Set(results.map((x) => x.body.id));
    expect(ids.size).toBe(1);
    expect(new Set(results.map((x) => x.body.version))).toEqual(new Set([1]));

    const rows = await sql('SELECT version, schema_id FROM registry_subject_version WHERE subject = $1', ['same-value']);
    expect(rows).toEqual([{ version: 1, schema_id: [...ids][0] }]);
    for (const r of replicas) expect((await r.get('/subjects/same-value/versions')).body).toEqual([1]);
  });

  it('different compatible schemas to one subject get versions 1..N without gaps, each with its stored id', async () => {
    const n = 18;
    // Each adds its own optional field: compatible under BACKWARD whatever order they land in.
    const schemaOf = (i: number) =>
      avroRecord('Grow', [
        { name: 'id', type: 'long' },
        { name: `f${i}`, type: 'string', default: '' },
      ]);
    const results = await Promise.all(Array.from({ length: n }, (_, i) => via(i).register('grow-value', schemaOf(i))));
    expectAllOk(results);

    const versions = results.map((x) => x.body.version).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(new Set(results.map((x) => x.body.id)).size).toBe(n);

    const stored = await sql('SELECT version, schema_id FROM registry_subject_version WHERE subject = $1 ORDER BY version', ['grow-value']);
    expect(stored.map((r) => r.version)).toEqual(versions);
    for (const [i, res] of results.entries()) {
      expect(stored.find((r) => r.version === res.body.version)?.schema_id).toBe(res.body.id);
      // The id each client got is the one holding its schema, read back through another replica.
      const byId = await via(i + 1).get(`/schemas/ids/${res.body.id}`);
      expect(JSON.parse(byId.body.schema)).toEqual(schemaOf(i));
    }
  });

  it('the same schema to ten subjects at once gets exactly one id everywhere', async () => {
    const schema = avroRecord('Shared', [{ name: 'x', type: 'int' }]);
    const subjects = Array.from({ length: 10 }, (_, i) => `shared-${i}-value`);
    // Two clients per subject, so each subject also sees a same-content race.
    const results = await Promise.all([...subjects, ...subjects].map((s, i) => via(i).register(s, schema)));
    expectAllOk(results);
    expect(new Set(results.map((x) => x.body.id)).size).toBe(1);
    expect(new Set(results.map((x) => x.body.version))).toEqual(new Set([1]));

    const id = results[0].body.id;
    const rows = await sql('SELECT subject, version, schema_id FROM registry_subject_version WHERE subject = ANY($1) ORDER BY subject', [
      subjects,
    ]);
    expect(rows).toEqual([...subjects].sort().map((subject) => ({ subject, version: 1, schema_id: id })));
    expect(await sql('SELECT count(*)::int AS n FROM registry_schema WHERE canonical LIKE \'%"Shared"%\'')).toEqual([{ n: 1 }]);
    for (const r of replicas) expect(new Set((await r.get(`/schemas/ids/${id}/subjects`)).body)).toEqual(new Set(subjects));
  });

  it('ids stay unique and one per content however the races went (the sequence may skip numbers)', async () => {
    const rows = await sql(
      'SELECT count(*)::int AS n, count(DISTINCT identity_hash)::int AS hashes, count(DISTINCT id)::int AS ids FROM registry_schema',
    );
    expect(rows[0].hashes).toBe(rows[0].n);
    expect(rows[0].ids).toBe(rows[0].n);
    // Every version points at a stored schema, and the id sequence is ahead of every stored id.
    expect(
      await sql(
        'SELECT count(*)::int AS n FROM registry_subject_version v LEFT JOIN registry_schema s ON s.id = v.schema_id WHERE s.id IS NULL',
      ),
    ).toEqual([{ n: 0 }]);
    const [{ ahead }] = await sql(
      'SELECT (SELECT last_value FROM registry_schema_id_seq) >= (SELECT max(id) FROM registry_schema) AS ahead',
    );
    expect(ahead).toBe(true);
  });

  it('chains every audit entry of the concurrent registrations, in positions 1..N', async () => {
    const deadline = Date.now() + 10_000;
    while ((await sql('SELECT count(*)::int AS n FROM audit_log WHERE chain_pos IS NULL'))[0].n > 0) {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 100));
    }
    const [chain] = await sql('SELECT count(*)::int AS n, min(chain_pos)::int AS lo, max(chain_pos)::int AS hi FROM audit_log');
    expect(chain).toEqual({ n: chain.n, lo: 1, hi: chain.n });
    const registered = await sql("SELECT count(*)::int AS n FROM audit_log WHERE action = 'registry.schema-registered'");
    const versions = await sql('SELECT count(*)::int AS n FROM registry_subject_version');
    expect(registered).toEqual(versions);
  });

  it('a config change made through one replica governs the next registration on another', async () => {
    const [p1, p2, p3] = replicas;
    const v1 = avroRecord('Cfg', [{ name: 'a', type: 'int' }]);
    const incompatible = avroRecord('Cfg', [{ name: 'b', type: 'int' }]);
    expect((await p2.register('cfg-value', v1)).status).toBe(200);
    // p2 has now read the (default) level; a cached value would let the next register be judged by it.
    expect((await p2.register('cfg-value', incompatible)).status).toBe(409);

    expect((await p1.put('/config/cfg-value', { compatibility: 'NONE' })).status).toBe(200);
    expect((await p2.get('/config/cfg-value')).body).toEqual({ compatibilityLevel: 'NONE' });
    expect((await p2.register('cfg-value', incompatible)).status).toBe(200);

    expect((await p3.put('/config/cfg-value', { compatibility: 'FULL' })).status).toBe(200);
    expect((await p1.register('cfg-value', avroRecord('Cfg', [{ name: 'c', type: 'int' }]))).status).toBe(409);
    expect((await p2.get('/config/cfg-value?defaultToGlobal=true')).body.compatibilityLevel).toBe('FULL');
  });

  it('a mode change made through one replica is enforced at once by the others', async () => {
    const [p1, p2, p3] = replicas;
    expect((await p1.put('/mode/frozen-value', { mode: 'READONLY' })).status).toBe(200);
    const refused = await p2.register('frozen-value', '"string"');
    expect({ status: refused.status, code: refused.body.error_code }).toEqual({ status: 422, code: 42205 });
    expect((await p3.get('/mode/frozen-value')).body).toEqual({ mode: 'READONLY' });

    expect((await p3.delete('/mode/frozen-value')).status).toBe(200);
    expect((await p2.register('frozen-value', '"string"')).status).toBe(200);
    expect((await p1.get('/mode/frozen-value?defaultToGlobal=true')).body).toEqual({ mode: 'READWRITE' });
  });

  it('latest-version reads follow registrations and deletions made through other replicas', async () => {
    const [p1, p2, p3] = replicas;
    await p1.put('/config/latest-value', { compatibility: 'NONE' });
    for (let i = 1; i <= 4; i++) {
      const reg = await via(i).register('latest-value', { type: 'enum', name: `L${i}`, symbols: ['A'] });
      for (const r of replicas) {
        const latest = await r.get('/subjects/latest-value/versions/latest');
        expect({ version: latest.body.version, id: latest.body.id }).toEqual({ version: i, id: reg.body.id });
      }
    }
    expect((await p2.delete('/subjects/latest-value/versions/latest')).body).toBe(4);
    expect((await p3.get('/subjects/latest-value/versions/latest')).body.version).toBe(3);
    expect((await p1.get('/subjects/latest-value/versions')).body).toEqual([1, 2, 3]);
  });

  it('every read that starts after a write is acknowledged sees it, on every replica', async () => {
    await replicas[0].put('/config/race-value', { compatibility: 'NONE' });
    const stale: string[] = [];
    for (let i = 1; i <= 60; i++) {
      const [writer, reader, other] = [via(i), via(i + 1), via(i + 2)];
      // Warm the readers' caches, so a missed change would be answered from them.
      await Promise.all([reader.get('/subjects/race-value/versions/latest'), other.get('/subjects')]);
      const { body } = await writer.register('race-value', { type: 'enum', name: `R${i}`, symbols: ['A'] });
      const [latest, subjects] = await Promise.all([reader.get('/subjects/race-value/versions/latest'), other.get('/subjects')]);
      if (latest.body.id !== body.id) stale.push(`latest after register ${i}: ${latest.body.version}`);
      if (!subjects.body.includes('race-value')) stale.push(`subject list after register ${i}`);
      if (i % 3 === 0) {
        await writer.delete('/subjects/race-value/versions/latest');
        const after = await reader.get('/subjects/race-value/versions');
        if (after.body.includes(body.version)) stale.push(`versions after delete ${i}`);
      }
    }
    expect(stale).toEqual([]);
  });

  it('a schema purged through one replica stops being served by the others within the stale bound', async () => {
    const [p1, p2] = replicas;
    const { body } = await p1.register('purged-value', '"float"');
    for (let i = 0; i < 3; i++) expect((await p2.get(`/schemas/ids/${body.id}`)).status).toBe(200);
    await p1.delete('/subjects/purged-value');
    await p1.delete('/subjects/purged-value?permanent=true');
    expect((await p1.get(`/schemas/ids/${body.id}`)).status).toBe(404);
    const started = Date.now();
    while ((await p2.get(`/schemas/ids/${body.id}`)).status === 200) {
      expect(Date.now() - started).toBeLessThan(SERVABLE_STALE_MS + 1_000);
      await new Promise((r) => setTimeout(r, 50));
    }
  });
});

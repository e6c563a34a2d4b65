import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from './support/free-port';
import { avroRecord, RegistryHttp, urlTarget } from './support/registry-http';
import { ServerProcess, startServerProcess } from './support/server-process';
import { ADMIN_TOKEN, TestApp } from './support/test-app';
import { createTestDatabase, TestDatabase } from './support/test-database';

const onServer = Boolean(process.env.TEST_DATABASE_URL);
const describeOnServer = onServer ? describe : describe.skip;
const SKIP_REASON = onServer ? '' : ' [skipped: TEST_DATABASE_URL is unset and the embedded database serves one process only]';

interface ChainState {
  total: number;
  unsealed: number;
  lo: number | null;
  hi: number | null;
}

const CHAIN_STATE = `SELECT count(*)::int AS total, count(*) FILTER (WHERE chain_pos IS NULL)::int AS unsealed,
  min(chain_pos)::int AS lo, max(chain_pos)::int AS hi FROM audit_log`;

/** Waits (without reading through the app, which would seal on read) until the sealer has chained everything. */
async function sealedChain(sql: (text: string) => Promise<any[]>, timeoutMs = 15_000): Promise<ChainState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [state] = (await sql(CHAIN_STATE)) as ChainState[];
    if (state.unsealed === 0) return state;
    if (Date.now() > deadline) throw new Error(`still ${state.unsealed} unsealed audit entries`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function verify(url: string) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({ query: '{ verifyAuditChain { valid checked unsealed firstBrokenSeq reason } }' }),
  });
  return ((await res.json()) as any).data.verifyAuditChain;
}

const running = (s: ServerProcess) => s.child.exitCode === null && s.child.signalCode === null;

const grow = (client: number, i: number) =>
  avroRecord('Grow', [
    { name: 'id', type: 'string' },
    ...Array.from({ length: i + 1 }, (_, f) => ({ name: `c${client}_f${f}`, type: ['null', 'long'], default: null })),
  ]);

describe('audit sealing in one process', () => {
  let app: TestApp;
  let r: RegistryHttp;

  beforeAll(async () => {
    app = await TestApp.start();
    r = new RegistryHttp(app);
  });
  afterAll(() => app.close());

  const sql = (text: string, params?: unknown[]) => app.superuser(text, params) as Promise<any[]>;

  it('chains the entries of concurrent writes after they commit, in positions 1..N, without being asked', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, c) =>
        (async () => {
          const out = [];
          for (let i = 0; i < 3; i++) out.push(await r.register(`seal-${c}-value`, grow(c, i)));
          return out;
        })(),
      ),
    );
    expect(results.flat().map((x) => x.status)).toEqual(Array(24).fill(200));
    const state = await sealedChain(sql);
    expect({ lo: state.lo, hi: state.hi }).toEqual({ lo: 1, hi: state.total });
    const registered = await sql(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'registry.schema-registered' AND chain_pos IS NOT NULL",
    );
    expect(registered).toEqual([{ n: 24 }]);
    expect(await verify(app.url)).toEqual({ valid: true, checked: state.total, unsealed: 0, firstBrokenSeq: null, reason: null });
  });

  it('lets a link be written once and never changed, and never lets an entry be edited', async () => {
    const [sealed] = await sql('SELECT seq FROM audit_log WHERE chain_pos IS NOT NULL ORDER BY chain_pos DESC LIMIT 1');
    await expect(sql(`UPDATE audit_log SET hash = repeat('0', 64) WHERE seq = ${Number(sealed.seq)}`)).rejects.toThrow(/append-only/);
    await expect(
      sql(`UPDATE audit_log SET chain_pos = NULL, prev_hash = NULL, hash = NULL WHERE seq = ${Number(sealed.seq)}`),
    ).rejects.toThrow(/append-only/);
    await expect(sql(`DELETE FROM audit_log WHERE seq = ${Number(sealed.seq)}`)).rejects.toThrow(/append-only/);
  });

  it('reports a chained entry removed behind its back at the entry after it', async () => {
    const rows = await sql('SELECT seq FROM audit_log WHERE chain_pos IS NOT NULL ORDER BY chain_pos LIMIT 5');
    await sql(`SET LOCAL session_replication_role = replica; DELETE FROM audit_log WHERE seq = ${Number(rows[3].seq)}`);
    const result = await verify(app.url);
    expect(result).toMatchObject({ valid: false, checked: 3, firstBrokenSeq: String(rows[4].seq), reason: 'PREVIOUS_HASH_MISMATCH' });
  });
});

/**
 * The race a sealer must survive: an entry whose transaction took its `seq` early but commits
 * late, after entries with higher `seq` were chained; and sealers killed with SIGKILL while
 * other replicas keep writing and sealing.
 */
describeOnServer(`audit sealing across processes${SKIP_REASON}`, () => {
  let database: TestDatabase;
  const dataDirs: string[] = [];
  const servers: ServerProcess[] = [];

  jest.setTimeout(180_000);

  beforeAll(async () => {
    database = (await createTestDatabase())!;
  });

  afterAll(async () => {
    await Promise.all(servers.filter(running).map((s) => s.kill('SIGTERM')));
    await database?.drop();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  const sql = (text: string, params?: unknown[]) => database.superuser(text, params) as Promise<any[]>;

  async function start(): Promise<ServerProcess> {
    const dir = mkdtempSync(join(tmpdir(), 'charter-seal-'));
    dataDirs.push(dir);
    const server = await startServerProcess(
      { DATABASE_URL: database.url!, CHARTER_BOOTSTRAP_TOKEN: ADMIN_TOKEN, CHARTER_DATA_DIR: dir },
      await freePort(),
    );
    servers.push(server);
    return server;
  }

  it('chains an entry that commits after later-numbered entries were sealed, after them, and leaves no gap', async () => {
    const server = await start();
    const r = new RegistryHttp(urlTarget(server.url));
    const late = new Client({ connectionString: database.url });
    await late.connect();
    try {
      await late.query('BEGIN');
      const [{ seq: lateSeq }] = (
        await late.query(`INSERT INTO audit_log (occurred_at, actor, action, target_type, target_id, details)
          VALUES (now(), 'test', 'test.late-commit', 'test', 'late', '{}') RETURNING seq`)
      ).rows;
      for (let i = 0; i < 5; i++) expect((await r.register('after-late-value', grow(0, i))).status).toBe(200);
      // The later entries are chained while the early one is still in flight.
      const deadline = Date.now() + 15_000;
      while (
        (await sql("SELECT count(*)::int AS n FROM audit_log WHERE target_id = 'after-late-value' AND chain_pos IS NOT NULL"))[0].n < 5
      ) {
        expect(Date.now()).toBeLessThan(deadline);
        await new Promise((res) => setTimeout(res, 100));
      }
      await late.query('COMMIT');

      const state = await sealedChain(sql);
      expect({ lo: state.lo, hi: state.hi }).toEqual({ lo: 1, hi: state.total });
      const [lateRow] = await sql('SELECT chain_pos::int AS pos FROM audit_log WHERE seq = $1', [lateSeq]);
      const [{ max: laterMax }] = await sql("SELECT max(chain_pos)::int AS max FROM audit_log WHERE target_id = 'after-late-value'");
      const [{ n: higherSeqs }] = await sql('SELECT count(*)::int AS n FROM audit_log WHERE seq > $1', [lateSeq]);
      expect(higherSeqs).toBeGreaterThanOrEqual(5);
      expect(lateRow.pos).toBeGreaterThan(laterMax);
      expect((await verify(server.url)).valid).toBe(true);
    } finally {
      await late.end();
    }
  });

  it('keeps the chain whole while writers race on three replicas and two of them are killed with SIGKILL', async () => {
    const replicas = [servers[0], await start(), await start()];
    const acknowledged: Array<{ subject: string; version: number }> = [];
    let stop = false;
    const writers = Array.from({ length: 12 }, async (_, w) => {
      for (let i = 0; !stop; i++) {
        // Writer w sticks to replica w mod 3; when that one is gone it moves to the survivor.
        const target = running(replicas[w % 3]) ? replicas[w % 3] : replicas[0];
        try {
          const res = await new RegistryHttp(urlTarget(target.url)).register(`race-${w}-value`, grow(w, i));
          if (res.status === 200) acknowledged.push({ subject: `race-${w}-value`, version: res.body.version });
        } catch {
          // the replica died under this request: the write may or may not have committed
        }
      }
    });
    const waitFor = async (n: number) => {
      while (acknowledged.length < n) await new Promise((res) => setTimeout(res, 20));
    };
    await waitFor(30);
    expect(await replicas[1].kill('SIGKILL')).toBeNull();
    await waitFor(60);
    expect(await replicas[2].kill('SIGKILL')).toBeNull();
    await waitFor(90);
    stop = true;
    await Promise.all(writers);

    const state = await sealedChain(sql);
    expect({ lo: state.lo, hi: state.hi }).toEqual({ lo: 1, hi: state.total });
    // Every stored version (acknowledged or committed just before a kill) has its entry, chained.
    const versions = await sql('SELECT subject, version FROM registry_subject_version WHERE subject LIKE $1', ['race-%']);
    const audited = await sql(
      "SELECT target_id AS subject, (details->>'version')::int AS version FROM audit_log WHERE action = 'registry.schema-registered' AND target_id LIKE $1",
      ['race-%'],
    );
    const key = (x: { subject: string; version: number }) => `${x.subject}#${x.version}`;
    expect(new Set(audited.map(key))).toEqual(new Set(versions.map(key)));
    for (const a of acknowledged) expect(versions.map(key)).toContain(key(a));
    expect(await verify(replicas[0].url)).toEqual({ valid: true, checked: state.total, unsealed: 0, firstBrokenSeq: null, reason: null });
  });
});

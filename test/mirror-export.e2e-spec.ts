import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MirrorExpiryJob } from '../src/federation/mirrors/mirror-expiry.job';
import { MirrorWorld } from './support/mirrors';
import { runCliAsync } from './support/server-process';
import { TestApp } from './support/test-app';

const GOLDEN = join(__dirname, 'fixtures', 'mirrors', 'eu-main-to-us-main.mirrormaker2.properties');
const BASIS = { mechanism: 'STANDARD_CONTRACTUAL_CLAUSES', reference: 'SCC-2026-17' };

/** The `topics` allowlist of a rendered file, as MirrorMaker 2 reads it (java.util.Properties unescapes `\\`). */
function allowlist(text: string, flow: string): string[] {
  const line = text.split('\n').find((l) => l.startsWith(`${flow}.topics =`))!;
  const value = line
    .slice(line.indexOf('=') + 1)
    .trim()
    .replace(/\\(.)/g, '$1');
  return value ? value.split(',') : [];
}

describe('MirrorMaker 2 export of the approved mirrors, over HTTP and from the CLI', () => {
  let app: TestApp;
  let m: MirrorWorld;
  const names: Record<string, string> = {};
  let expiredId: string;

  beforeAll(async () => {
    app = await TestApp.start({ CHARTER_EXPIRY_JOB_INTERVAL_MS: '0', CHARTER_WEBHOOK_POLL_INTERVAL_MS: '0' });
    m = await MirrorWorld.create(app);
    // One topic per fate of a mirror request eu-main -> us-main, and one mirrored elsewhere.
    const fates = ['approved', 'also-approved', 'pending', 'rejected', 'withdrawn', 'revoked', 'suspended', 'expired', 'other-target'];
    for (const fate of fates) names[fate] = `payments.${fate}.v1`;
    await Promise.all(fates.map((fate) => m.topic(names[fate])));
    const ask = (fate: string, target = 'us-main') =>
      m.requested('rita', names[fate], target === 'us-main' ? { targetCluster: target, legalBasis: BASIS } : { targetCluster: target });
    const approve = async (id: string) => {
      await m.decided('olga', 'approve', { id });
      return m.decided('stella', 'approve', { id });
    };
    // Each fate is its own chain of decisions; the chains run side by side.
    await Promise.all([
      (async () => approve((await ask('approved')).id))(),
      (async () => approve((await ask('also-approved')).id))(),
      ask('pending'),
      (async () => m.decided('olga', 'reject', { id: (await ask('rejected')).id, reason: 'Not needed in the US' }))(),
      (async () => m.decided('rita', 'withdraw', { id: (await ask('withdrawn')).id }))(),
      (async () => {
        const revoked = await approve((await ask('revoked')).id);
        await m.decided('olga', 'revoke', { id: revoked.id, reason: 'US analytics moved back to the EU' });
      })(),
      (async () => {
        const suspended = await approve((await ask('suspended')).id);
        await m.decided('stella', 'suspend', { id: suspended.id, reason: 'Legal basis under review' });
      })(),
      (async () => {
        expiredId = (await approve((await ask('expired')).id)).id;
        await m.endMirror(expiredId);
      })(),
      (async () => m.decided('olga', 'approve', { id: (await ask('other-target', 'eu-dr')).id }))(),
    ]);
  }, 180_000);

  afterAll(() => app.close());

  it('renders exactly the golden file: both clusters, the replication policy and the approved, unexpired mirrors', async () => {
    const res = await m.mm2('eu-main', 'us-main');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/x-java-properties; charset=utf-8');
    const text = await res.text();
    // UPDATE_GOLDEN=1 rewrites the fixture after an intended change of the format; review the diff.
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, text);
    expect(text).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('lists no unapproved, rejected, withdrawn, revoked, suspended or expired topic, and no pattern broader than a name', async () => {
    const text = await (await m.mm2('eu-main', 'us-main')).text();
    const listed = allowlist(text, 'eu-main->us-main');
    expect(listed).toEqual(['payments\\.also-approved\\.v1', 'payments\\.approved\\.v1']);
    for (const fate of ['pending', 'rejected', 'withdrawn', 'revoked', 'suspended', 'expired', 'other-target']) {
      expect(text).not.toContain(names[fate]);
    }
    // Each entry is a literal name: as a regex it matches that topic and nothing else.
    for (const pattern of listed) {
      const regex = new RegExp(`^(?:${pattern})$`);
      expect(Object.values(names).filter((n) => regex.test(n))).toHaveLength(1);
      expect(regex.test(pattern.replace(/\\\./g, 'X'))).toBe(false);
    }
    expect(text).not.toMatch(/\.\*|\.\+/);
  });

  it('drops a revoked mirror from the next export, and disables a flow with nothing approved', async () => {
    const [req] = (
      await m.w.as('stella')(
        `{ mirrorRequests(filter: { topic: "payments.also-approved.v1", states: [APPROVED] }) { edges { node { id } } } }`,
      )
    ).data.mirrorRequests.edges.map((e: any) => e.node);
    await m.decided('stella', 'revoke', { id: req.id, reason: 'No longer needed' });
    expect(allowlist(await (await m.mm2('eu-main', 'us-main')).text(), 'eu-main->us-main')).toEqual(['payments\\.approved\\.v1']);
    const back = await (await m.mm2('us-main', 'eu-main')).text();
    expect(back).toContain('us-main->eu-main.enabled = false\n');
    expect(allowlist(back, 'us-main->eu-main')).toEqual([]);
  });

  it('puts the end of an ended mirror on the record, once', async () => {
    const job = app.app.get(MirrorExpiryJob);
    expect(await job.runOnce()).toBe(1);
    expect(await job.runOnce()).toBe(0);
    expect((await m.audit(expiredId)).pop()).toMatchObject({
      action: 'mirror.expired',
      actor: 'charter-system',
      details: { to: 'EXPIRED' },
    });
    expect(allowlist(await (await m.mm2('eu-main', 'us-main')).text(), 'eu-main->us-main')).not.toContain('payments\\.expired\\.v1');
  });

  it('refuses an unknown cluster, a missing or identical target, and an anonymous caller, naming the field', async () => {
    const body = async (res: Response) => ({ status: res.status, ...((await res.json()) as object) }) as any;
    const unknownSource = await body(await m.mm2('nowhere', 'us-main'));
    expect(unknownSource.status).toBe(404);
    expect(unknownSource.message).toBe("Cluster 'nowhere' is not catalogued.");
    const unknownTarget = await body(await m.mm2('eu-main', 'nowhere'));
    expect(unknownTarget).toMatchObject({ status: 404, message: "Cluster 'nowhere' is not catalogued." });
    const missing = await body(await m.mm2('eu-main', undefined));
    expect(missing.status).toBe(422);
    expect(missing.message).toContain("'target' is required");
    const same = await body(await m.mm2('eu-main', 'eu-main'));
    expect(same.status).toBe(422);
    expect(same.message).toContain("'target' must be another cluster");
    expect((await m.mm2('eu-main', 'us-main', null)).status).toBe(401);
  });

  it('charter mirrors export writes the same text from CI', async () => {
    const http = await (await m.mm2('eu-main', 'us-main')).text();
    const dir = mkdtempSync(join(tmpdir(), 'charter-mm2-'));
    try {
      const out = join(dir, 'mm2.properties');
      // One run with flags writing a file, one with the environment failing: both at once.
      const [run, unknown] = await Promise.all([
        runCliAsync(
          ['mirrors', 'export', '--source', 'eu-main', '--target', 'us-main', '--output', out, '--url', app.url, '--token', m.w.tokens.tom],
          { CHARTER_URL: '', CHARTER_TOKEN: '' },
        ),
        runCliAsync(['mirrors', 'export', '--source', 'eu-main', '--target', 'nowhere'], {
          CHARTER_URL: app.url,
          CHARTER_TOKEN: m.w.tokens.tom,
        }),
      ]);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(readFileSync(out, 'utf8')).toBe(http);
      expect(unknown.status).toBe(2);
      expect(unknown.stdout).toBe('');
      expect(unknown.stderr).toContain("Cluster 'nowhere' is not catalogued.");
      expect(unknown.stderr).not.toContain(m.w.tokens.tom);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/app-config';
import { DataDirInUseError } from '../src/database/data-dir-lock';
import { CHARTER_SCHEMA } from '../src/database-schema';
import { openDatabase } from '../src/database/open-database';
import { nodeArgs, runCliAsync, ServerProcess, startServerProcess } from './support/server-process';
import { freePort } from './support/free-port';
import { ADMIN_TOKEN, TestApp } from './support/test-app';
import { describeEmbeddedOnly } from './support/test-passes';

// Real processes on the embedded database only: DATABASE_URL is blanked so nothing reaches a server.
const EMBEDDED = { DATABASE_URL: '', CHARTER_BOOTSTRAP_TOKEN: ADMIN_TOKEN };

// Every step starts a server or the CLI on PGlite: seconds each, more on a busy machine.
jest.setTimeout(300_000);

async function gql(url: string, query: string) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as any;
}

async function createTeam(url: string, slug: string) {
  const res = await gql(url, `mutation { createTeam(input: { slug: "${slug}", name: "${slug}" }) { slug } }`);
  expect(res.errors).toBeUndefined();
  expect(res.data.createTeam.slug).toBe(slug);
}

async function teamSlugs(url: string): Promise<string[]> {
  return (await gql(url, '{ teams { slug } }')).data.teams.map((t: { slug: string }) => t.slug).sort();
}

/** Ends a server if it still runs (one that a signal ended has no exit code, only a signal code). */
async function stop(server: ServerProcess | undefined, signal: NodeJS.Signals = 'SIGKILL') {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  await server.kill(signal);
}

/** Starts the server and waits for it to exit on its own; for starts that must be refused. */
function refusedStart(env: Record<string, string>, port: number): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, nodeArgs('src/main.ts'), {
      env: { ...process.env, NODE_OPTIONS: '', LOG_LEVEL: 'warn', ...env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output });
    });
  });
}

/** The refusal, as one line that names the folder and the PID of the process holding it. */
function expectRefusal(output: string, folder: string, pid: number) {
  const lines = output
    .trim()
    .split('\n')
    .filter((l) => l.includes('is in use by'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(`CHARTER_DATA_DIR ${folder} is in use by PID ${pid} on this host`);
  expect(lines[0]).toContain('set DATABASE_URL');
  expect(output).not.toMatch(/\n\s+at /); // no stack trace
}

describeEmbeddedOnly('the embedded data folder belongs to one process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'charter-excl-'));
  const env = { ...EMBEDDED, CHARTER_DATA_DIR: dataDir };
  const work = mkdtempSync(join(tmpdir(), 'charter-excl-work-'));
  let first: ServerProcess;
  const running: ServerProcess[] = [];
  const start = async (e: Record<string, string> = env) => {
    const server = await startServerProcess(e, await freePort());
    running.push(server);
    return server;
  };

  afterAll(async () => {
    for (const s of running) await stop(s);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('a second server on the same folder refuses to start, naming the folder and the PID', async () => {
    first = await start();
    await createTeam(first.url, 'before-second');
    const second = await refusedStart(env, await freePort());
    expect(second.status).toBe(1);
    expectRefusal(second.output, dataDir, first.child.pid!);
    // The first server is untouched and still writes.
    await createTeam(first.url, 'after-second');
  });

  it('every operator command that opens the database refuses while the server runs', async () => {
    const backup = join(work, 'while-running.jsonl');
    const commands = [
      ['export', backup],
      ['import', join(work, 'any.jsonl')],
      ['migrate'],
      ['audit', 'verify'],
      ['token', 'create', '--user', 'ci-bot'],
      ['token', 'revoke', '00000000-0000-4000-8000-000000000000'],
    ];
    const results = await Promise.all(commands.map((args) => runCliAsync(args, env)));
    results.forEach((result, i) => {
      expect({ command: commands[i].join(' '), status: result.status }).toEqual({ command: commands[i].join(' '), status: 2 });
      expect(result.stdout).toBe('');
      expectRefusal(result.stderr, dataDir, first.child.pid!);
    });
    expect(existsSync(backup)).toBe(false);
    await createTeam(first.url, 'after-commands');
  });

  it('after kill -9 of the holder the next start succeeds, with every acknowledged write', async () => {
    expect(await first.kill('SIGKILL')).toBeNull();
    const again = await start();
    expect(await teamSlugs(again.url)).toEqual(['after-commands', 'after-second', 'before-second']);
    await createTeam(again.url, 'after-crash');
    // A clean stop hands the folder back as well.
    await again.kill('SIGTERM');
  });

  it('after a clean stop the operator commands work and see every write', async () => {
    const verified = await runCliAsync(['audit', 'verify'], env);
    expect(verified.stderr).toBe('');
    expect(verified.status).toBe(0);
    expect(verified.stdout).toMatch(/^Audit chain intact: \d+ entries verified\./);
    const backup = join(work, 'stopped.jsonl');
    const exported = await runCliAsync(['export', backup], env);
    expect(exported.status).toBe(0);
    const teams = readFileSync(backup, 'utf8');
    for (const slug of ['before-second', 'after-second', 'after-commands', 'after-crash']) expect(teams).toContain(`"${slug}"`);
  });

  it('of two servers started together on one folder, exactly one wins', async () => {
    const [a, b] = await Promise.all([freePort(), freePort()]);
    const outcomes = await Promise.allSettled([start({ ...env }), startServerProcess(env, b === a ? a + 1 : b)]);
    const winners = outcomes.filter((o): o is PromiseFulfilledResult<ServerProcess> => o.status === 'fulfilled');
    const losers = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    for (const w of winners) running.push(w.value);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    const winner = winners[0].value;
    expect((await fetch(`${winner.url}/health/ready`)).ok).toBe(true);
    expectRefusal(String(losers[0].reason.message), dataDir, winner.child.pid!);
    expect(await teamSlugs(winner.url)).toEqual(['after-commands', 'after-crash', 'after-second', 'before-second']);
    await winner.kill('SIGTERM');
  });
});

describeEmbeddedOnly('the issue scenario: a server, an export and a second server on one folder lose nothing', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'charter-excl-story-'));
  const env = { ...EMBEDDED, CHARTER_DATA_DIR: dataDir };
  let server: ServerProcess | undefined;

  afterAll(async () => {
    await stop(server);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged team across a restart, and the audit chain counts them', async () => {
    server = await startServerProcess(env, await freePort());
    await createTeam(server.url, 'payments');
    const exported = await runCliAsync(['export', join(dataDir, 'backup.jsonl')], env);
    expect(exported.status).toBe(2);
    await createTeam(server.url, 'after-export');
    const second = await refusedStart(env, await freePort());
    expect(second.status).toBe(1);
    await createTeam(server.url, 'through-first');
    await server.kill('SIGTERM');

    server = await startServerProcess(env, await freePort());
    expect(await teamSlugs(server.url)).toEqual(['after-export', 'payments', 'through-first']);
    const audit = await gql(
      server.url,
      '{ auditLog(filter: { targetType: "team" }, first: 50) { totalCount } verifyAuditChain { valid } }',
    );
    expect(audit.data).toEqual({ auditLog: { totalCount: 3 }, verifyAuditChain: { valid: true } });
    await server.kill('SIGTERM');
    server = undefined;
  });
});

describeEmbeddedOnly('inside one process (the in-process test suites)', () => {
  const held: TestApp[] = [];
  const folders: string[] = [];
  afterAll(async () => {
    for (const app of held) await app.close();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  it('two apps on two folders run side by side; a second open of a folder in use is refused', async () => {
    held.push(...(await Promise.all([TestApp.start(), TestApp.start()])));
    const [a, b] = held;
    expect(a.config.dataDir).not.toBe(b.config.dataDir);
    await createTeam(a.url, 'in-a');
    await createTeam(b.url, 'in-b');
    expect(await teamSlugs(a.url)).toEqual(['in-a']);
    expect(await teamSlugs(b.url)).toEqual(['in-b']);

    const refused = await openDatabase(loadConfig({ CHARTER_DATA_DIR: a.config.dataDir }), CHARTER_SCHEMA).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DataDirInUseError);
    expectRefusal((refused as Error).message, a.config.dataDir, process.pid);
    // The refused open left the running app alone.
    await createTeam(a.url, 'still-a');

    // Stopped and started again on the same folder, as the restart tests do.
    await a.stop();
    folders.push(a.config.dataDir);
    const restarted = await TestApp.start({}, a);
    held[0] = restarted;
    expect(await teamSlugs(restarted.url)).toEqual(['in-a', 'still-a']);
  });
});

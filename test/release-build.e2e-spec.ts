import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/app-config';
import { freePort } from './support/free-port';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { describeOncePerCi } from './support/test-passes';

const ROOT = join(__dirname, '..');
const SCRIPT = 'scripts/build-release.sh';
const TOKEN = 'chr_release-test-admin-token-0123456789';
// The dev install, the TypeScript build and the production install: about two minutes on a busy machine.
const BUILD_TIMEOUT_MS = 420_000;

function run(command: string, args: string[], options: { cwd: string; env?: Record<string, string> }) {
  return new Promise<{ status: number | null; output: string }>((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, NODE_OPTIONS: '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output }));
  });
}

/** The Dockerfile's instructions, one per entry, continuation lines joined. */
function dockerfile(): Array<{ instruction: string; args: string }> {
  return readFileSync(join(ROOT, 'Dockerfile'), 'utf8')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((l) => l.trim() && !l.trim().startsWith('#'))
    .map((l) => {
      const [, instruction, args] = /^\s*(\S+)\s+(.*)$/.exec(l)!;
      return { instruction: instruction.toUpperCase(), args: args.trim() };
    });
}

/**
 * A tree built by this same script before the suite (CI does, so that no test rebuilds `dist` while
 * other suites run from it); without one the suite builds its own.
 */
const PREBUILT = process.env.CHARTER_RELEASE_TREE;

describeOncePerCi('release build (scripts/build-release.sh, the Dockerfile)', () => {
  const target = PREBUILT ?? mkdtempSync(join(tmpdir(), 'charter-release-'));
  let database: TestDatabase | undefined;
  let dataDir: string;
  let env: Record<string, string>;
  let build: { status: number | null; output: string; seconds: number };

  beforeAll(async () => {
    const started = Date.now();
    const result = PREBUILT ? { status: 0, output: '' } : await run('bash', [SCRIPT, target], { cwd: ROOT });
    build = { ...result, seconds: (Date.now() - started) / 1000 };
    database = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'charter-release-data-'));
    env = {
      CHARTER_BOOTSTRAP_TOKEN: TOKEN,
      CHARTER_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      ...(database?.url ? { DATABASE_URL: database.url } : {}),
    };
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await database?.drop();
    if (!PREBUILT) rmSync(target, { recursive: true, force: true });
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('produces a tree of compiled code and production dependencies only', () => {
    expect({ status: build.status, tail: build.status === 0 ? '' : build.output.slice(-3000) }).toEqual({ status: 0, tail: '' });
    process.stdout.write(`build-release.sh took ${build.seconds.toFixed(1)} s\n`);
    for (const file of [
      'dist/src/main.js',
      'dist/src/cli/main.js',
      'package.json',
      'package-lock.json',
      'schemas/demo/catalogue.yaml',
      'node_modules/@nestjs/core',
      'node_modules/@charter/engine/dist/index.js',
      'node_modules/@charter/cli/dist/index.js',
    ]) {
      expect({ file, present: existsSync(join(target, file)) }).toEqual({ file, present: true });
    }
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    for (const dev of Object.keys(pkg.devDependencies)) {
      expect({ dev, installed: existsSync(join(target, 'node_modules', dev)) }).toEqual({ dev, installed: false });
    }
    // No sources, tests or TypeScript in the shipped tree.
    for (const absent of ['src', 'test', 'packages/engine/src', 'packages/cli/src', 'node_modules/typescript', 'node_modules/@swc/core'])
      expect(existsSync(join(target, absent))).toBe(false);
  });

  it('refuses to empty a folder it did not make', async () => {
    const result = await run('bash', [SCRIPT, ROOT], { cwd: ROOT });
    expect(result.status).toBe(2);
    expect(result.output).toContain('was not made by this script');
    expect(existsSync(join(ROOT, 'package.json'))).toBe(true);
  });

  it('the Dockerfile builds with the same script and ships exactly its tree', () => {
    const steps = dockerfile();
    const stages = steps.filter((s) => s.instruction === 'FROM');
    expect(stages.map((s) => s.args.split(/\s+AS\s+/i)[1])).toEqual(['build', 'runtime']);
    const buildStage = steps.slice(steps.indexOf(stages[0]), steps.indexOf(stages[1]));
    const runtime = steps.slice(steps.indexOf(stages[1]));
    // The build stage does nothing but run the script CI runs here.
    expect(buildStage.filter((s) => s.instruction === 'RUN').map((s) => s.args.replace(/--mount=\S+\s+/g, ''))).toEqual([
      `${SCRIPT} /release`,
    ]);
    expect(runtime.filter((s) => s.instruction === 'RUN')).toEqual([]);
    expect(runtime.filter((s) => s.instruction === 'COPY').map((s) => s.args)).toEqual([
      expect.stringMatching(/^--from=build .*\/release \/app$/),
    ]);
    expect(runtime.find((s) => s.instruction === 'USER')?.args).toBe('node');
    expect(runtime.find((s) => s.instruction === 'CMD')?.args).toBe('["node", "dist/src/main.js"]');
    expect(runtime.find((s) => s.instruction === 'EXPOSE')?.args).toBe(String(loadConfig({}).port));
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const needed of [
      'scripts',
      'src',
      'migrations',
      'schemas',
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'tsconfig.build.json',
      'packages',
    ]) {
      expect(ignored).not.toContain(needed);
    }
  });

  describe('started from the tree', () => {
    let port: number;
    let server: ReturnType<typeof spawn>;
    let output = '';
    const url = () => `http://127.0.0.1:${port}`;

    beforeAll(async () => {
      if (build.status !== 0) throw new Error('the release build failed');
      // `charter migrate` from the tree, as the Kubernetes Job runs it.
      const migrate = await run('node', ['dist/src/cli/main.js', 'migrate'], { cwd: target, env });
      expect({ status: migrate.status, output: migrate.status === 0 ? '' : migrate.output }).toEqual({ status: 0, output: '' });
      port = await freePort();
      server = spawn('node', ['dist/src/main.js'], {
        cwd: target,
        env: { ...process.env, NODE_OPTIONS: '', ...env, PORT: String(port), HOST: '127.0.0.1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      server.stdout!.on('data', (d) => (output += d));
      server.stderr!.on('data', (d) => (output += d));
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline && server.exitCode === null) {
        if (
          await fetch(`${url()}/health/ready`).then(
            (r) => r.ok,
            () => false,
          )
        )
          return;
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error(`the release server did not become ready: ${output}`);
    }, 90_000);

    afterAll(() => {
      if (server && server.exitCode === null) server.kill('SIGKILL');
    });

    it('answers /health/ready', async () => {
      const res = await fetch(`${url()}/health/ready`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ready' });
    });

    it('registers a schema and reads it back through the registry API', async () => {
      const schema = JSON.stringify({ type: 'record', name: 'Shipped', namespace: 'release', fields: [{ name: 'id', type: 'string' }] });
      const registered = await fetch(`${url()}/subjects/release.shipped-value/versions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/vnd.schemaregistry.v1+json' },
        body: JSON.stringify({ schema }),
      });
      expect(registered.status).toBe(200);
      const { id } = (await registered.json()) as { id: number };
      const byId = await fetch(`${url()}/schemas/ids/${id}`);
      expect(byId.status).toBe(200);
      expect(JSON.parse(((await byId.json()) as { schema: string }).schema)).toEqual(JSON.parse(schema));
      const latest = (await (await fetch(`${url()}/subjects/release.shipped-value/versions/latest`)).json()) as {
        id: number;
        version: number;
      };
      expect(latest).toMatchObject({ id, version: 1 });
    });

    it("the image's HEALTHCHECK command passes against it, and fails when nothing listens", async () => {
      const healthcheck = dockerfile().find((s) => s.instruction === 'HEALTHCHECK')!.args;
      const command: string[] = JSON.parse(healthcheck.slice(healthcheck.indexOf('CMD ') + 4));
      expect(command[0]).toBe('node');
      const check = (p: number) =>
        spawnSync(command[0], command.slice(1), { env: { ...process.env, NODE_OPTIONS: '', PORT: String(p) }, timeout: 10_000 });
      expect(check(port).status).toBe(0);
      expect(check(await freePort()).status).toBe(1);
    });

    it('drains and stops on SIGTERM, as the kubelet sends it after the preStop pause', async () => {
      const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
        server.once('exit', (code, signal) => resolve({ code, signal })),
      );
      server.kill('SIGTERM');
      // Nest closes the server and the pool, then re-raises the signal; the grace timer would exit 1.
      expect(await exited).toEqual({ code: null, signal: 'SIGTERM' });
      expect(output).not.toMatch(/"level":50|Error/);
    });
  });
});

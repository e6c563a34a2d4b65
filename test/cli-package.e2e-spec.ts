import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { RegistryHttp } from './support/registry-http';
import { orderCompatible, orderIncompatible, orderV1 } from './support/schema-workspace';
import { ADMIN_TOKEN, TestApp } from './support/test-app';
import { describeOncePerCi } from './support/test-passes';

const ROOT = join(__dirname, '..');
// Packing builds both packages with tsc; installing takes seconds from the local npm cache.
const PREPARE_TIMEOUT_MS = 300_000;
/** A tarball packed before the suite (CI packs once, beside the release build); without one the suite packs its own. */
const PREPACKED = process.env.CHARTER_CLI_TARBALL;
const FORMATS = ['human', 'json', 'junit', 'github'] as const;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, NODE_OPTIONS: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** Every bare module a package's sources import, without the Node built-ins. */
function importedModules(srcDir: string): Set<string> {
  const builtins = new Set(builtinModules);
  const found = new Set<string>();
  for (const file of files(srcDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))) {
    const source = readFileSync(file, 'utf8');
    const statements = /^(?:import|export)\b[^;]*?\bfrom\s+'([^']+)'|^import\s+'([^']+)'|\brequire(?:\.resolve)?\('([^']+)'\)/gm;
    for (const match of source.matchAll(statements)) {
      const spec = match[1] ?? match[2] ?? match[3];
      if (spec.startsWith('.') || spec.startsWith('node:') || builtins.has(spec)) continue;
      const parts = spec.split('/');
      found.add(spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
    }
  }
  return found;
}

/**
 * The slim `charter` for CI pipelines as a pipeline gets it: packed into a tarball, installed alone
 * into an empty folder, then run from there — online against a real server and offline against a
 * git revision, in every output format.
 */
describeOncePerCi('the slim CLI package (@charter/cli), installed from its tarball', () => {
  const work = mkdtempSync(join(tmpdir(), 'charter-cli-package-'));
  const installDir = join(work, 'install');
  const repo = join(work, 'repo');
  const charter = join(installDir, 'node_modules', '.bin', 'charter');
  let app: TestApp;
  let install: Run & { seconds: number };

  const write = (path: string, content: unknown) => {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), `${JSON.stringify(content, null, 2)}\n`);
  };
  const git = async (...args: string[]) => {
    const r = await run('git', ['-c', 'user.name=ci', '-c', 'user.email=ci@example.com', ...args], repo);
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  };
  const check = (...args: string[]) => run(charter, ['check', ...args], repo, { CHARTER_URL: '', CHARTER_TOKEN: '' });

  beforeAll(async () => {
    let tarball = PREPACKED;
    if (!tarball) {
      const packed = await run('bash', ['scripts/pack-cli.sh', join(work, 'pack')], ROOT);
      if (packed.status !== 0) throw new Error(`scripts/pack-cli.sh failed: ${packed.stderr.slice(-3000)}`);
      tarball = packed.stdout.trim().split('\n').pop()!;
    }
    mkdirSync(installDir);
    const started = Date.now();
    // From the local npm cache when it has the dependencies (BENCHMARKS.md has the cold-cache figures).
    const result = await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], installDir);
    install = { ...result, seconds: (Date.now() - started) / 1000 };

    app = await TestApp.start();
    expect((await new RegistryHttp(app).register('orders-value', orderV1)).status).toBe(200);
    mkdirSync(repo);
    await git('init', '-q', '-b', 'main');
    write('schemas/orders-value.avsc', orderV1);
    await git('add', '.');
    await git('commit', '-q', '-m', 'orders v1');
  }, PREPARE_TIMEOUT_MS);

  afterAll(async () => {
    await app?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('installs alone: compiled JavaScript with the engine inside, no server, under 60 packages', async () => {
    expect({ status: install.status, stderr: install.status === 0 ? '' : install.stderr.slice(-3000) }).toEqual({ status: 0, stderr: '' });
    const listed = await run('npm', ['ls', '--all', '--parseable'], installDir);
    const packages = listed.stdout.split('\n').filter((l) => l.includes('node_modules'));
    process.stdout.write(`slim CLI: ${packages.length} packages, installed in ${install.seconds.toFixed(1)} s from the local cache\n`);
    expect(packages.length).toBeLessThan(60);
    const cli = join(installDir, 'node_modules', '@charter', 'cli');
    expect(existsSync(join(cli, 'dist', 'main.js'))).toBe(true);
    expect(existsSync(join(cli, 'node_modules', '@charter', 'engine', 'dist', 'index.js'))).toBe(true);
    expect(files(cli).filter((f) => f.endsWith('.ts'))).toEqual([]);
    for (const server of ['@nestjs/core', 'typeorm', '@electric-sql/pglite', 'pg', 'graphql', 'fastify', 'typescript']) {
      expect({ server, installed: existsSync(join(installDir, 'node_modules', server)) }).toEqual({ server, installed: false });
    }
  });

  it('each package declares every module its sources import (nothing borrowed from the workspace)', () => {
    for (const name of ['engine', 'cli']) {
      const manifest = JSON.parse(readFileSync(join(ROOT, 'packages', name, 'package.json'), 'utf8'));
      const declared = Object.keys(manifest.dependencies ?? {});
      const undeclared = [...importedModules(join(ROOT, 'packages', name, 'src'))].filter((m) => !declared.includes(m));
      expect({ package: manifest.name, undeclared }).toEqual({ package: manifest.name, undeclared: [] });
    }
  });

  it('offers the pipeline commands and none of the operator commands', async () => {
    const help = await run(charter, ['--help'], work);
    expect(help.status).toBe(0);
    for (const command of ['check', 'register', 'acls', 'mirrors']) expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    for (const operator of ['migrate', 'export', 'import', 'token', 'audit', 'drill']) {
      expect(help.stdout).not.toMatch(new RegExp(`^  ${operator}\\b`, 'm'));
    }
    const version = await run(charter, ['--version'], work);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'packages/cli/package.json'), 'utf8')).version);
  });

  it('online: passes a compatible change against the server', async () => {
    write('schemas/orders-value.avsc', orderCompatible);
    const result = await check('schemas/', '--url', app.url, '--token', ADMIN_TOKEN);
    expect(result.stdout).toContain('✔ schemas/orders-value.avsc → orders-value: compatible');
    expect(result.status).toBe(0);
  });

  describe.each([
    ['online against the server', () => ['--url', app.url, '--token', ADMIN_TOKEN]],
    ['offline against a git revision', () => ['--offline', '--against', 'main']],
  ])('%s: an incompatible change fails (exit 1)', (_, how) => {
    beforeAll(() => write('schemas/orders-value.avsc', orderIncompatible));

    it.each(FORMATS)('in the %s format', async (format) => {
      const result = await check('schemas/', ...how(), '--format', format);
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 1, stderr: '' });
      const out = result.stdout;
      switch (format) {
        case 'human':
          expect(out).toContain('✖ schemas/orders-value.avsc → orders-value: incompatible');
          expect(out).toMatch(/TYPE_MISMATCH at \/fields\/1\/type \(line 11\)/);
          break;
        case 'json': {
          const doc = JSON.parse(out);
          expect(doc.passed).toBe(false);
          expect(doc.files[0]).toMatchObject({ subject: 'orders-value', status: 'INCOMPATIBLE' });
          expect(doc.files[0].problems[0]).toMatchObject({ rule: 'TYPE_MISMATCH', path: '/fields/1/type', line: 11 });
          break;
        }
        case 'junit':
          expect(out).toMatch(/^<\?xml/);
          expect(out).toContain('<failure type="TYPE_MISMATCH"');
          break;
        case 'github':
          expect(out).toMatch(/^::error file=schemas\/orders-value.avsc,line=11,title=orders-value%3A TYPE_MISMATCH::/m);
          break;
      }
    });
  });
});

import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { freePort } from './support/free-port';
import { createTeams } from './support/principals';
import { RegistryHttp } from './support/registry-http';
import { orderCompatible, orderIncompatible, orderV1 } from './support/schema-workspace';
import { ADMIN_TOKEN, TestApp } from './support/test-app';
import { registerTopic } from './support/topics';
import { describeOncePerCi } from './support/test-passes';

const ROOT = join(__dirname, '..');
const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8'));

interface ActionRun {
  status: number | null;
  output: string;
  outputs: Record<string, string>;
}

/**
 * Runs the composite action's steps the way the GitHub runner does: each `${{ … }}` expression is
 * replaced by its value (inputs, with the action's defaults), and each `run:` script is executed by
 * `bash --noprofile --norc -eo pipefail` in the workspace, until a step fails.
 */
async function runAction(
  repo: string,
  prefix: string,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): Promise<ActionRun> {
  for (const name of Object.keys(inputs)) expect(Object.keys(action.inputs)).toContain(name);
  const github: Record<string, string> = {};
  const evaluate = (text: string) =>
    text.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expr: string) => {
      const [scope, name] = expr.split('.');
      if (scope === 'inputs' && name in action.inputs) return inputs[name] ?? String(action.inputs[name].default ?? '');
      if (scope === 'github' && name in github) return github[name];
      throw new Error(`action.yml uses an expression this test does not know: ${expr}`);
    });
  const outputFile = join(mkdtempSync(join(prefix, 'output-')), 'output');
  writeFileSync(outputFile, '');
  let output = '';
  let status: number | null = 0;
  for (const step of action.runs.steps) {
    expect(step.shell).toBe('bash');
    // Inputs reach the scripts only through env, never spliced into the shell text.
    expect(step.run).not.toContain('${{');
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, evaluate(String(v))]));
    const script = join(prefix, `step-${step.id ?? 'unnamed'}.sh`);
    writeFileSync(script, step.run);
    const result = await new Promise<{ status: number | null; output: string }>((resolve, reject) => {
      const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
        cwd: repo,
        env: {
          ...process.env,
          NODE_OPTIONS: '',
          LOG_LEVEL: 'warn',
          PATH: `${join(prefix, 'bin')}:${process.env.PATH}`,
          npm_config_prefix: prefix,
          GITHUB_ACTIONS: 'true',
          GITHUB_WORKSPACE: repo,
          GITHUB_ACTION_PATH: ROOT,
          GITHUB_OUTPUT: outputFile,
          ...env,
          ...stepEnv,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let text = '';
      child.stdout.on('data', (d) => (text += d));
      child.stderr.on('data', (d) => (text += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ status: code, output: text }));
    });
    output += result.output;
    status = result.status;
    if (status !== 0) break;
  }
  const outputs = Object.fromEntries(
    readFileSync(outputFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return { status, output, outputs };
}

const git = (repo: string, ...args: string[]) => {
  const r = spawnSync('git', ['-c', 'user.name=ci', '-c', 'user.email=ci@example.com', ...args], { cwd: repo, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
};

/** The action, end to end: installed with npm, run in a git repository of schemas, against the real server. */
describeOncePerCi('GitHub Action (action.yml)', () => {
  let app: TestApp;
  const repo = mkdtempSync(join(tmpdir(), 'charter-gh-repo-'));
  const prefix = mkdtempSync(join(tmpdir(), 'charter-gh-prefix-'));
  const cliPackage = join(prefix, 'cli-package');
  const write = (path: string, content: unknown) => {
    mkdirSync(join(repo, path, '..'), { recursive: true });
    writeFileSync(join(repo, path), typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
  };
  const customerEvent = (fields: Array<Record<string, unknown>>) => ({
    type: 'record',
    name: 'CustomerStatusChanged',
    namespace: 'crm',
    fields,
  });

  beforeAll(async () => {
    app = await TestApp.start();
    const registry = new RegistryHttp(app);
    expect((await registry.register('orders-value', orderV1)).status).toBe(200);
    await createTeams(app, 'crm');
    await registerTopic(app, { name: 'crm.customer-status-changed', ownerTeam: 'crm', intent: 'EVENT', classification: 'INTERNAL' });

    // What `cli-package` installs here: a package whose `charter` runs the slim CLI (packages/cli) from
    // its sources. Installing the packed tarball itself is test/cli-package.e2e-spec.ts's part.
    mkdirSync(cliPackage);
    writeFileSync(
      join(cliPackage, 'package.json'),
      JSON.stringify({ name: 'charter-cli-under-test', version: '0.0.0', bin: { charter: 'charter.js' } }),
    );
    writeFileSync(
      join(cliPackage, 'charter.js'),
      `#!/usr/bin/env node
const { spawnSync } = require('node:child_process');
const r = spawnSync(process.execPath, ['-r', ${JSON.stringify(require.resolve('@swc-node/register'))}, ${JSON.stringify(join(ROOT, 'packages/cli/src/main.ts'))}, ...process.argv.slice(2)],
  { stdio: 'inherit', env: { ...process.env, SWC_NODE_PROJECT: ${JSON.stringify(join(ROOT, 'tsconfig.json'))} } });
process.exit(r.status === null ? 2 : r.status);
`,
    );

    git(repo, 'init', '-q', '-b', 'main');
    write('schemas/orders-value.avsc', orderV1);
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'orders v1');
    // What actions/checkout with fetch-depth 0 leaves for a pull request into main.
    git(repo, 'update-ref', 'refs/remotes/origin/main', 'HEAD');
  });

  afterAll(async () => {
    await app.close();
    rmSync(repo, { recursive: true, force: true });
    rmSync(prefix, { recursive: true, force: true });
  });

  const online = (inputs: Record<string, string> = {}) =>
    runAction(repo, prefix, { url: app.url, token: ADMIN_TOKEN, 'cli-package': cliPackage, ...inputs });

  it('installs the command with npm and passes a compatible change (exit 0)', async () => {
    write('schemas/orders-value.avsc', orderCompatible);
    const run = await online();
    expect(run.output).toContain(`Installing the charter command from ${cliPackage}`);
    expect(run.output).toContain('ok   schemas/orders-value.avsc → orders-value: compatible');
    expect(run.outputs['exit-code']).toBe('0');
    expect(run.status).toBe(0);
  });

  it('fails an incompatible change with an error annotation on the file and line (fail-on: error)', async () => {
    write('schemas/orders-value.avsc', orderIncompatible);
    const run = await online();
    expect(run.output).toMatch(/^::error file=schemas\/orders-value.avsc,line=\d+,title=orders-value%3A TYPE_MISMATCH::/m);
    expect(run.outputs['exit-code']).toBe('1');
    expect(run.status).toBe(1);
  });

  it('fail-on: never annotates the same problem and passes', async () => {
    write('schemas/orders-value.avsc', orderIncompatible);
    const run = await online({ 'fail-on': 'never' });
    expect(run.output).toMatch(/^::error file=schemas\/orders-value.avsc,line=\d+/m);
    expect(run.outputs['exit-code']).toBe('1');
    expect(run.status).toBe(0);
  });

  it('a payload-contract warning passes under fail-on: error and fails under fail-on: warning', async () => {
    write('schemas/orders-value.avsc', orderV1);
    write(
      'contracts/crm.customer-status-changed-value.avsc',
      customerEvent([
        { name: 'eventId', type: 'string' },
        { name: 'occurredAt', type: 'long' },
        { name: 'customerId', type: 'string' },
        { name: 'email', type: 'string' },
      ]),
    );
    const paths = 'schemas/\ncontracts/';
    const lenient = await online({ paths });
    expect(lenient.output).toMatch(
      /^::warning file=contracts\/crm.customer-status-changed-value.avsc,line=\d+,title=.*untagged-personal-field::/m,
    );
    expect(lenient.output).toContain('2 files checked');
    expect(lenient.status).toBe(0);
    const strict = await online({ paths, 'fail-on': 'warning' });
    expect(strict.output).toContain('::error title=charter::warnings fail this check (fail-on: warning)');
    expect(strict.status).toBe(1);
    rmSync(join(repo, 'contracts'), { recursive: true });
  });

  it('offline: compares with the pull request base branch, with no server', async () => {
    write('schemas/orders-value.avsc', orderIncompatible);
    const run = await runAction(
      repo,
      prefix,
      { offline: 'true', 'cli-package': cliPackage },
      { GITHUB_BASE_REF: 'main', CHARTER_URL: '', CHARTER_TOKEN: '' },
    );
    expect(run.output).toMatch(/^::error file=schemas\/orders-value.avsc,line=\d+,title=orders-value%3A TYPE_MISMATCH::/m);
    expect(run.status).toBe(1);
    write('schemas/orders-value.avsc', orderCompatible);
    const passing = await runAction(repo, prefix, { offline: 'true', against: 'main', 'cli-package': cliPackage }, { CHARTER_URL: '' });
    expect(passing.outputs['exit-code']).toBe('0');
    expect(passing.status).toBe(0);
  });

  it('usage and connection problems fail even under fail-on: never', async () => {
    const bad = await online({ 'fail-on': 'sometimes' });
    expect(bad.output).toContain("fail-on must be error, warning or never (got 'sometimes')");
    expect(bad.status).toBe(2);
    const down = await online({ url: `http://127.0.0.1:${await freePort()}`, 'fail-on': 'never' });
    expect(down.outputs['exit-code']).toBe('2');
    expect(down.status).toBe(2);
  });

  it('without cli-package it installs @charter/cli at cli-version; with none it installs nothing', async () => {
    // An `npm` that records what it was asked: the real one would fetch the package from the registry.
    const fakeBin = join(prefix, 'fake-npm');
    mkdirSync(fakeBin, { recursive: true });
    writeFileSync(join(fakeBin, 'npm'), '#!/bin/sh\necho "npm was run with: $*"\n', { mode: 0o755 });
    const PATH = `${fakeBin}:${join(prefix, 'bin')}:${process.env.PATH}`;
    write('schemas/orders-value.avsc', orderV1);
    // The default is the version the action ships with: the slim CLI's own.
    const { version } = JSON.parse(readFileSync(join(ROOT, 'packages/cli/package.json'), 'utf8'));
    expect(action.inputs['cli-version'].default).toBe(version);
    const defaulted = await runAction(repo, prefix, { url: app.url }, { PATH });
    expect(defaulted.output).toContain(`npm was run with: install --global --no-audit --no-fund @charter/cli@${version}`);
    expect(defaulted.status).toBe(0);
    const pinned = await runAction(repo, prefix, { url: app.url, 'cli-version': '0.2.0' }, { PATH });
    expect(pinned.output).toContain('npm was run with: install --global --no-audit --no-fund @charter/cli@0.2.0');
    const preinstalled = await runAction(repo, prefix, { url: app.url, 'cli-package': 'none' }, { PATH });
    expect(preinstalled.output).not.toContain('npm was run');
    expect(preinstalled.outputs['exit-code']).toBe('0');
    expect(preinstalled.status).toBe(0);
  });
});

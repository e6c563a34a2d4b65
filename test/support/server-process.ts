import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Runs a TypeScript entry point of Charter in its own Node process, as an operator would. */
export function nodeArgs(entry: string): string[] {
  // Resolved here so that the loader is found from any working folder.
  return ['-r', require.resolve('@swc-node/register'), join(ROOT, entry)];
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

export async function startServerProcess(env: Record<string, string>, port: number): Promise<ServerProcess> {
  const child = spawn(process.execPath, nodeArgs('src/main.ts'), {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '', LOG_LEVEL: 'warn', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${output}`);
    try {
      if ((await fetch(`${url}/health/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    child,
    output: () => output,
    kill: (signal) =>
      new Promise((resolve) => {
        // Ended already (by a code or by a signal): no 'exit' event will come any more.
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill(signal);
      }),
  };
}

/** Runs the `charter` command; `cwd` lets it work inside another folder (a test git repository). */
export function runCli(args: string[], env: Record<string, string>, cwd = ROOT) {
  return spawnSync(process.execPath, [...nodeArgs('src/cli/main.ts'), ...args], {
    cwd,
    // The TypeScript loader finds the project's compiler settings (decorators) from any folder.
    env: { ...process.env, NODE_OPTIONS: '', LOG_LEVEL: 'warn', SWC_NODE_PROJECT: join(ROOT, 'tsconfig.json'), ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

export function runServerOnce(env: Record<string, string>) {
  return spawnSync(process.execPath, nodeArgs('src/main.ts'), {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `runCli` without blocking the event loop, for a server that runs inside the test process. */
export function runCliAsync(args: string[], env: Record<string, string> = {}, cwd = ROOT): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs('src/cli/main.ts'), ...args], {
      cwd,
      env: { ...process.env, NODE_OPTIONS: '', LOG_LEVEL: 'warn', SWC_NODE_PROJECT: join(ROOT, 'tsconfig.json'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** A local port nobody listens on (just released by the operating system). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

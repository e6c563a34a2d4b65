/** Starting and stopping the processes a benchmark loads, each as its own Node process like Charter in production. */
import { ChildProcess, spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';
import { nodeArgs } from '../test/support/server-process';

export interface Proc {
  name: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export interface ReadyProbe {
  url: string;
  init?: RequestInit;
}

/** A TypeScript entry point as its own process, output to `logFile`, ready when `ready` answers 2xx. */
export async function startProcess(
  name: string,
  entry: string,
  args: string[],
  env: Record<string, string>,
  logFile: string,
  ready: ReadyProbe,
): Promise<Proc> {
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, [...nodeArgs(entry), ...args], {
    cwd: join(__dirname, '..'),
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', log, log],
  });
  const proc: Proc = {
    name,
    child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        // A process that ignores SIGTERM does not keep the bench waiting.
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} (${entry}) exited with ${child.exitCode}; see ${logFile}`);
    if (Date.now() > deadline) {
      await proc.stop();
      throw new Error(`${name} (${entry}) did not become ready; see ${logFile}`);
    }
    try {
      if ((await fetch(ready.url, ready.init)).ok) return proc;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

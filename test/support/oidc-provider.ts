import { ChildProcess, spawn } from 'node:child_process';
import { nodeArgs } from './server-process';

export interface OidcProviderOptions {
  port: number;
  clientId: string;
  portalOrigin: string;
  audience: string;
  groups: Record<string, string[]>;
  /** A login whose access tokens expire after 20 seconds. */
  shortLived?: string;
}

export interface RunningOidcProvider {
  issuer: string;
  jwksUrl: string;
  output(): string;
  stop(): Promise<void>;
}

/** Starts the test OpenID Provider (test/support/oidc-provider.server.ts) and waits until it listens. */
export async function startOidcProvider(options: OidcProviderOptions): Promise<RunningOidcProvider> {
  const child: ChildProcess = spawn(process.execPath, nodeArgs('test/support/oidc-provider.server.ts'), {
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      OIDC_PORT: String(options.port),
      OIDC_CLIENT_ID: options.clientId,
      OIDC_PORTAL_ORIGIN: options.portalOrigin,
      OIDC_AUDIENCE: options.audience,
      OIDC_GROUPS: JSON.stringify(options.groups),
      OIDC_SHORT_LIVED: options.shortLived ?? '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const issuer = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the OIDC provider did not start: ${output}`)), 30_000);
    child.stdout!.on('data', () => {
      const ready = /^ready (\S+)$/m.exec(output);
      if (ready) {
        clearTimeout(timer);
        resolve(ready[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the OIDC provider exited with ${code}: ${output}`));
    });
  });
  return {
    issuer,
    jwksUrl: `${issuer}/jwks`,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

import { writeFile } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import { loadCliEnvironment, resolveServerConnection } from './cli-config';
import { ConnectionError, UsageError } from './cli-errors';

interface ExportOptions {
  source: string;
  target: string;
  output?: string;
  url?: string;
  token?: string;
  timeout: number;
}

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number of seconds');
  return n;
}

/**
 * `charter mirrors export`: the MirrorMaker 2 configuration of one source -> target flow, as the
 * server renders it from the approved mirrors, for a CI job that deploys MirrorMaker.
 */
export function registerMirrorCommands(program: Command) {
  const mirrors = program.command('mirrors').description('governed topic mirrors between Kafka clusters');
  mirrors
    .command('export')
    .description('write the MirrorMaker 2 configuration of the approved mirrors from one cluster to another')
    .requiredOption('--source <cluster>', 'the cluster the topics live on')
    .requiredOption('--target <cluster>', 'the cluster they are mirrored to')
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .option('--url <url>', 'Charter server URL (default: $CHARTER_URL)')
    .option('--token <token>', 'API token (default: $CHARTER_TOKEN); never printed')
    .option('--timeout <seconds>', 'time to wait for the server', parseSeconds, 30)
    .addHelpText('after', '\nExit codes: 0 written, 2 usage or connection problems (unknown cluster, refused token, unreachable server).')
    .action(async (options: ExportOptions) => {
      const text = await fetchProperties(options);
      if (options.output) await writeFile(options.output, text);
      else process.stdout.write(text);
    });
}

async function fetchProperties(options: ExportOptions): Promise<string> {
  const connection = resolveServerConnection(options, loadCliEnvironment());
  const url = `${connection.url}/clusters/${encodeURIComponent(options.source)}/mirrormaker2.properties?target=${encodeURIComponent(options.target)}`;
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { ...(connection.token ? { authorization: `Bearer ${connection.token}` } : {}) },
      signal: AbortSignal.timeout(options.timeout * 1000),
    });
  } catch (err) {
    throw new ConnectionError(`cannot reach Charter at ${connection.url}: ${(err as Error).message}`);
  }
  const text = await res.text();
  if (res.ok) return text;
  const message = messageOf(text) ?? res.statusText;
  if (res.status >= 400 && res.status < 500) throw new UsageError(`Charter at ${connection.url} answered ${res.status}: ${message}`);
  throw new ConnectionError(`Charter at ${connection.url} answered ${res.status}: ${message}`);
}

function messageOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    return typeof parsed.message === 'string' ? parsed.message : undefined;
  } catch {
    return undefined;
  }
}

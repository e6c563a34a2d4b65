import { Command, InvalidArgumentError, Option } from 'commander';
import { AclBinding, renderKafkaAclsCommands } from './kafka-acls-commands';
import { loadCliEnvironment, resolveServerConnection } from './cli-config';
import { ConnectionError, UsageError } from './cli-errors';

interface AclOptions {
  url?: string;
  token?: string;
  bootstrapServer: string;
  commandConfig?: string;
  format: 'commands' | 'json';
  timeout: number;
}

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number of seconds');
  return n;
}

/**
 * `charter acls <topic>`: the Kafka ACLs that the topic's active grants imply, as `kafka-acls`
 * commands (or JSON bindings), read from the server so a GitOps pipeline needs only a token.
 */
export function registerAclCommands(program: Command) {
  program
    .command('acls')
    .description("print the kafka-acls commands that apply a topic's active grants")
    .argument('<topic>', 'the Kafka topic name')
    .option('--url <url>', 'Charter server URL (default: $CHARTER_URL)')
    .option('--token <token>', 'API token of an owner, steward or admin (default: $CHARTER_TOKEN); never printed')
    .option('--bootstrap-server <host:port>', 'Kafka bootstrap server written into the commands', 'localhost:9092')
    .option('--command-config <file>', 'client properties file written into the commands (credentials for kafka-acls)')
    .addOption(
      new Option('--format <format>', 'commands for a shell, or the bindings as JSON').choices(['commands', 'json']).default('commands'),
    )
    .option('--timeout <seconds>', 'time to wait for the server', parseSeconds, 30)
    .addHelpText('after', '\nExit codes: 0 printed (nothing when the topic has no active grant), 2 usage or connection problems.')
    .action(async (topic: string, options: AclOptions) => {
      const bindings = await fetchBindings(topic, options);
      if (options.format === 'json') {
        console.log(JSON.stringify({ topic, bindings }, null, 2));
        return;
      }
      if (bindings.length === 0) console.error(`charter: topic '${topic}' has no active grants; no ACLs to apply.`);
      for (const line of renderKafkaAclsCommands(bindings, {
        bootstrapServer: options.bootstrapServer,
        commandConfig: options.commandConfig,
      })) {
        console.log(line);
      }
    });
}

async function fetchBindings(topic: string, options: AclOptions): Promise<AclBinding[]> {
  const connection = resolveServerConnection(options, loadCliEnvironment());
  const url = `${connection.url}/topics/${encodeURIComponent(topic)}/acls`;
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { accept: 'application/json', ...(connection.token ? { authorization: `Bearer ${connection.token}` } : {}) },
      signal: AbortSignal.timeout(options.timeout * 1000),
    });
  } catch (err) {
    throw new ConnectionError(`cannot reach Charter at ${connection.url}: ${(err as Error).message}`);
  }
  const body = (await res.json().catch(() => undefined)) as { bindings?: AclBinding[]; message?: string } | undefined;
  if (res.ok && Array.isArray(body?.bindings)) return body.bindings;
  if (res.status === 401 || res.status === 403 || res.status === 404) {
    throw new UsageError(`Charter at ${connection.url} answered ${res.status}: ${body?.message ?? res.statusText}`);
  }
  throw new ConnectionError(`Charter at ${connection.url} answered ${res.status}: ${body?.message ?? 'not the ACL export'}`);
}

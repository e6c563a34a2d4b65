import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { Command } from 'commander';
import { loadCliEnvironment, RegistryClient, resolveServerConnection, UsageError } from '@charter/cli';
import { loadDemoManifest } from './demo/demo-manifest';
import { GraphqlClient } from './demo/graphql-client';
import { loadDemo, stepLine, summaryLine } from './demo/load-demo';

/** Where `npm start` listens unless PORT says otherwise. */
const DEFAULT_URL = 'http://localhost:8081';
/** The demo ships in the package's schemas/demo/, found from the sources and from the build alike. */
const DEFAULT_MANIFEST = join(packageRoot(__dirname), 'schemas', 'demo', 'catalogue.yaml');

function packageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return from;
  }
}

interface LoadOptions {
  url?: string;
  token?: string;
  manifest: string;
}

/** `charter demo load`: the demo catalogue through the public APIs of a running server. */
export function registerDemoCommands(program: Command) {
  program
    .command('demo')
    .description('a demo catalogue of a payments and retail company')
    .command('load')
    .description(
      'create the demo teams and topics (GraphQL) and register their schemas (registry REST API); running it again changes nothing',
    )
    .option('--url <url>', `Charter server URL (default: $CHARTER_URL, else ${DEFAULT_URL})`)
    .option('--token <token>', 'an admin API token (default: $CHARTER_TOKEN); never printed')
    .option('--manifest <file>', 'the demo manifest', DEFAULT_MANIFEST)
    .addHelpText('after', '\nExit codes: 0 everything is loaded (or already was), 1 something was refused, 2 usage or connection problems.')
    .action(async (options: LoadOptions) => {
      const env = loadCliEnvironment();
      const connection = resolveServerConnection({ url: options.url ?? env.url ?? DEFAULT_URL, token: options.token }, env);
      if (!connection.token) {
        throw new UsageError(
          'demo load creates teams, topics and schemas: give an admin token with --token or CHARTER_TOKEN (a new server writes one to data/admin-token)',
        );
      }
      const manifest = loadDemoManifest(resolve(options.manifest));
      const shown = relative(process.cwd(), manifest.path);
      console.log(`Loading ${shown && !shown.startsWith('..') && !isAbsolute(shown) ? shown : manifest.path} into ${connection.url}`);
      const steps = await loadDemo(manifest, new GraphqlClient(connection), new RegistryClient(connection), (step) =>
        console.log(stepLine(step)),
      );
      console.log(summaryLine(steps));
      process.exitCode = steps.some((s) => s.outcome === 'FAILED') ? 1 : 0;
    });
}

import { Command, InvalidArgumentError, Option } from 'commander';
import { runCheck, CheckOptions } from './check/run-check';
import { runRegister, RegisterOptions } from './check/run-register';
import { OUTPUT_FORMATS } from './output/render-report';

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number of seconds');
  return n;
}

const serverOptions = (command: Command) =>
  command
    .option('--url <url>', 'Charter server URL (default: $CHARTER_URL)')
    .option('--token <token>', 'API token (default: $CHARTER_TOKEN); never printed')
    .option('--manifest <file>', 'manifest mapping files to topics (default: ./charter.yaml when present)')
    .option('--timeout <seconds>', 'time to wait for each server answer', parseSeconds, 30);

/** The CI commands: check schema files before merge, register them after. */
export function registerSchemaCommands(program: Command) {
  serverOptions(
    program
      .command('check')
      .description(
        "check schema files (.avsc, .proto, .json) against their subjects: compatibility under the subject's level and the topic's payload contract",
      )
      .argument('<paths...>', 'schema files, folders to search, or glob patterns'),
  )
    .addOption(new Option('--format <format>', 'output format').choices(OUTPUT_FORMATS).default('human'))
    .option('--output <file>', 'write the report to a file (stdout then gets the human summary)')
    .option('--offline', 'no server: compare with the files at a git revision using the built-in engine')
    .option('--against <git-ref>', 'with --offline: the revision to compare with, e.g. origin/main')
    .addHelpText(
      'after',
      `
Files map to subjects by charter.yaml entries (file or glob -> topic, part, schemaType, references,
compatibility) or by name: <topic>-value.avsc, <topic>-key.proto, <topic>-value.json.

Exit codes: 0 every file passes, 1 an incompatible or invalid schema or a blocking payload-contract
finding, 2 usage, manifest or connection problems.

Examples:
  charter check schemas/ --url https://charter.example.com
  charter check schemas/ --format junit --output charter-report.xml
  charter check schemas/ --offline --against origin/main`,
    )
    .action(async (paths: string[], options: CheckOptions) => {
      process.exitCode = await runCheck(paths, options);
    });

  serverOptions(
    program
      .command('register')
      .description('register the schema files to their subjects (idempotent); prints each id and version')
      .argument('<paths...>', 'schema files, folders to search, or glob patterns'),
  )
    .addOption(new Option('--format <format>', 'output format').choices(['human', 'json']).default('human'))
    .addHelpText(
      'after',
      '\nRun it on the main branch after merge. Exit codes: 0 all registered, 1 a file was refused, 2 usage or connection problems.',
    )
    .action(async (paths: string[], options: RegisterOptions) => {
      process.exitCode = await runRegister(paths, options);
    });
}

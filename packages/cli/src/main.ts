#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { registerPipelineCommands } from './pipeline-commands';

const { version } = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };

/** Exit codes: 0 all good, 1 findings that block, 2 usage, configuration or connection errors. */
const program = new Command('charter')
  .description('Charter for CI pipelines: check schema files, register them, print Kafka ACLs')
  .version(version)
  .exitOverride()
  .showHelpAfterError();
registerPipelineCommands(program);

/** One line, never a stack, and no control characters a terminal would act on. */
function fail(err: unknown): never {
  // Usage and connection errors are worded for the user; anything else is at least one line.
  const message = err instanceof Error ? err.message : String(err);
  console.error(`charter: ${message.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '\uFFFD')}`);
  process.exit(2);
}

process.on('unhandledRejection', fail);
process.on('uncaughtException', fail);

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof CommanderError) {
    process.exit(err.exitCode === 0 ? 0 : 2);
  }
  fail(err);
});

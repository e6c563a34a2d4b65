#!/usr/bin/env node
import 'reflect-metadata';
import { ConnectionError, registerPipelineCommands, UsageError } from '@charter/cli';
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/app-config';
import { DomainError } from '../kernel/domain-error';
import { safeErrorMessage } from '../kernel/error-serializer';
import { registerBackupCommands } from './backup-commands';
import { registerContinuityCommands } from './continuity-commands';
import { registerDemoCommands } from './demo-commands';
import { registerOperatorCommands } from './operator-commands';

/** Exit codes: 0 all good, 1 findings that block, 2 usage, configuration or connection errors. */
const program = new Command('charter').description('Charter: event catalogue and schema governance').exitOverride().showHelpAfterError();
// The pipeline commands of the slim @charter/cli, then the ones that need the database.
registerPipelineCommands(program);
registerOperatorCommands(program);
registerBackupCommands(program);
registerContinuityCommands(program);
registerDemoCommands(program);

/** One line, never a stack, and never a value a database error quoted (it may be a secret). */
function fail(err: unknown): never {
  const message =
    err instanceof ConfigError || err instanceof DomainError || err instanceof UsageError || err instanceof ConnectionError
      ? err.message
      : safeErrorMessage(err);
  console.error(`charter: ${message}`);
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

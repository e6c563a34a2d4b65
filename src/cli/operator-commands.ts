import { Command, InvalidArgumentError } from 'commander';
import { SYSTEM } from '../auth/domain/principal';
import { migrate } from '../database/migrate';
import { withCliContext } from './cli-context';

const collect = (value: string, previous: string[]) => [...previous, value];

function parseDate(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new InvalidArgumentError('must be an ISO 8601 date, e.g. 2027-01-31T00:00:00Z');
  return date;
}

/** Commands for operators: schema migrations, API tokens, audit chain verification. */
export function registerOperatorCommands(program: Command) {
  program
    .command('migrate')
    .description('apply pending database migrations (the service also applies them at start)')
    .action(() =>
      withCliContext(async ({ database }) => {
        const applied = await migrate(database);
        console.log(applied.length ? `Applied ${applied.join(', ')}.` : 'The database is up to date.');
      }),
    );

  const token = program.command('token').description('create and revoke API tokens');
  token
    .command('create')
    .description('create an API token and print it once')
    .requiredOption('--user <name>', 'user name the token acts as')
    .option('--team <slug>', 'team the token carries (repeatable)', collect, [])
    .option('--role <role>', 'admin or steward (repeatable)', collect, [])
    .option('--description <text>', 'what the token is for')
    .option('--expires <date>', 'ISO 8601 expiry', parseDate)
    .action((opts: { user: string; team: string[]; role: string[]; description?: string; expires?: Date }) =>
      withCliContext(async ({ database, tokens }) => {
        await migrate(database);
        const { secret, record } = await tokens.create(SYSTEM, {
          username: opts.user,
          teams: opts.team,
          roles: opts.role,
          description: opts.description,
          expiresAt: opts.expires,
        });
        console.error(`Created token ${record.id} for ${record.username}. It is shown once:`);
        console.log(secret);
      }),
    );
  token
    .command('revoke')
    .description('revoke an API token by id')
    .argument('<id>', 'token id (see the apiTokens GraphQL query)')
    .action((id: string) =>
      withCliContext(async ({ tokens }) => {
        await tokens.revoke(SYSTEM, id);
        console.log(`Revoked token ${id}.`);
      }),
    );

  program
    .command('audit')
    .description('audit log tools')
    .command('verify')
    .description('recompute the audit hash chain; exit 1 at the first broken link')
    .action(() =>
      withCliContext(async ({ audit }) => {
        const result = await audit.verify();
        if (result.valid) {
          console.log(`Audit chain intact: ${result.checked} entries verified.`);
          return;
        }
        console.log(
          `Audit chain BROKEN at entry ${result.firstBreak!.seq} (${result.firstBreak!.reason}); ${result.checked} entries before it are intact.`,
        );
        process.exitCode = 1;
      }),
    );
}

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { migrate } from '../database/migrate';
import { BackupFileError, BackupTargetError } from '../continuity/archive/backup-format';
import { exportDatabase } from '../continuity/archive/export-database';
import { importDatabase } from '../continuity/archive/import-database';
import { withCliContext } from './cli-context';
import { UsageError } from '@charter/cli';

function tally(tables: Array<{ name: string; rows: number }>): string {
  const filled = tables.filter((t) => t.rows > 0);
  const detail = filled.length > 0 ? ` (${filled.map((t) => `${t.name} ${t.rows}`).join(', ')})` : '';
  return `${tables.reduce((n, t) => n + t.rows, 0)} rows of ${tables.length} tables${detail}`;
}

/** Backup and restore for operators, straight on the database the service uses (like `migrate`). */
export function registerBackupCommands(program: Command) {
  program
    .command('export')
    .description('write a full backup (catalogue, registry, grants, tokens, audit log) to one checksummed file')
    .argument('<file>', 'backup file to write (JSON lines)')
    .option('--force', 'overwrite the file if it exists')
    .addHelpText(
      'after',
      `
Reads DATABASE_URL (or the embedded database in CHARTER_DATA_DIR) like the service. On PostgreSQL
the service can keep running: the export reads one consistent snapshot. The embedded database
belongs to one process: while a server has the folder open, the export is refused (naming its PID);
stop the server first, or run on PostgreSQL to export while it runs.`,
    )
    .action((file: string, opts: { force?: boolean }) => {
      const path = resolve(file);
      if (existsSync(path) && !opts.force) throw new UsageError(`${file} exists; choose another name or add --force`);
      return withCliContext(async ({ database }) => {
        const summary = await exportDatabase(database, path);
        console.log(`Exported ${tally(summary.tables)} to ${file} (sha256 ${summary.sha256}).`);
      });
    });

  program
    .command('import')
    .description('restore a backup into a new, empty database: identical ids, versions and audit chain')
    .argument('<file>', 'backup file written by charter export')
    .addHelpText(
      'after',
      `
Applies migrations to the target first, refuses a database that has any rows, and verifies the
file's checksum before and while writing; everything happens in one transaction, so a damaged file
leaves the database empty. Exit codes: 0 restored, 1 the file is damaged, 2 usage problems.`,
    )
    .action((file: string) =>
      withCliContext(async ({ config, database }) => {
        await migrate(database);
        try {
          // An encrypted backup (from the scheduled job) is decrypted with CHARTER_BACKUP_KEY first.
          const { openBackup } = await import('../continuity/backup-source');
          const plain = await openBackup(resolve(file), config.continuity.backup.key);
          try {
            const summary = await importDatabase(database, plain.path);
            console.log(`Imported ${tally(summary.tables)} from ${file}.`);
          } finally {
            plain.dispose();
          }
        } catch (err) {
          if (err instanceof BackupTargetError) throw new UsageError(err.message);
          if (!(err instanceof BackupFileError)) throw err;
          console.error(`charter: refusing ${file}: ${err.message}. Nothing was written.`);
          process.exitCode = 1;
        }
      }),
    );
}

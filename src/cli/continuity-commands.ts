import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import type { PlaneState } from '../continuity/continuity-report';
import { backupForUntil, parseBackupFileName } from '../continuity/domain/backup-files';
import { withCliContext } from './cli-context';
import { UsageError } from '@charter/cli';

function parseUntil(value: string): Date {
  const until = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(until.getTime())) {
    throw new UsageError(`--until must be an ISO 8601 time such as 2026-12-03T17:00:00Z (got ${JSON.stringify(value)})`);
  }
  return until;
}

/** Restore to a point in time, restore drills and the recovery objectives, for operators. */
export function registerContinuityCommands(program: Command) {
  program
    .command('restore')
    .description('restore the database to its state at a time, from the latest backup in CHARTER_BACKUP_DIR at or before it')
    .requiredOption('--until <time>', 'ISO 8601 time to restore to')
    .option('--force', 'replace the rows of a database that is not empty')
    .addHelpText(
      'after',
      `
For the embedded database (stop the server first: it holds the folder). On PostgreSQL, use the
point-in-time recovery runbook (docs/runbooks/point-in-time-recovery.md). A time before the oldest
backup, or past the newest one, is refused: no backup holds that state. The restore runs in one
transaction; a damaged, truncated or wrongly keyed file leaves the database as it was.
Exit codes: 0 restored, 1 the file is refused, 2 usage problems.`,
    )
    .action(async (opts: { until: string; force?: boolean }) => {
      // Checked before the database is opened: a refused time costs nothing.
      const until = parseUntil(opts.until);
      const { loadConfig } = await import('../config/app-config');
      const dir = loadConfig().continuity.backup.dir;
      if (!dir) throw new UsageError('restore --until reads backups from CHARTER_BACKUP_DIR, which is not set');
      if (!existsSync(dir)) throw new UsageError(`CHARTER_BACKUP_DIR ${dir} does not exist`);
      const backups = readdirSync(dir)
        .map((n) => parseBackupFileName(n))
        .filter((b) => b !== undefined);
      const choice = backupForUntil(backups, until);
      if ('refused' in choice) throw new UsageError(choice.refused);
      const file = join(dir, choice.backup.name);
      // Loaded on use, so that `charter check` in CI does not pay for the database code.
      const [{ migrate }, { BackupFileError, BackupTargetError }, { importDatabase }, { openBackup }, { readBackup }] = await Promise.all([
        import('../database/migrate'),
        import('../continuity/archive/backup-format'),
        import('../continuity/archive/import-database'),
        import('../continuity/backup-source'),
        import('../continuity/archive/backup-reader'),
      ]);
      const refuse = (err: unknown) => {
        if (!(err instanceof BackupFileError)) throw err;
        console.error(`charter: refusing ${choice.backup.name}: ${err.message}. Nothing was written.`);
        process.exitCode = 1;
      };
      // The file is decrypted and verified before the database is opened, and again while importing.
      let opened: Awaited<ReturnType<typeof openBackup>> | undefined;
      try {
        opened = await openBackup(file, loadConfig().continuity.backup.key);
        await readBackup(opened.path);
      } catch (err) {
        opened?.dispose();
        return refuse(err);
      }
      const plain = opened;
      try {
        await withCliContext(async ({ database }) => {
          await migrate(database);
          const summary = await importDatabase(database, plain.path, { force: opts.force });
          console.log(
            `Restored ${choice.backup.name} (taken ${choice.backup.createdAt.toISOString()}): ${summary.tables.reduce((n, t) => n + t.rows, 0)} rows.`,
          );
        });
      } catch (err) {
        if (err instanceof BackupTargetError) throw new UsageError(err.message);
        refuse(err);
      } finally {
        plain.dispose();
      }
    });

  program
    .command('drill')
    .description('recovery drills')
    .command('restore')
    .description('restore a backup into a scratch database, verify it, drop it, and record the result and the measured RTO')
    .option('--backup <file>', 'the backup to drill (default: the newest in CHARTER_BACKUP_DIR)')
    .action((opts: { backup?: string }) =>
      withCliContext(async ({ config, database, audit }) => {
        const [{ SystemClock }, { DrillRunner }, { startApp }] = await Promise.all([
          import('../kernel/clock'),
          import('../continuity/drill-runner'),
          import('../create-app'),
        ]);
        const drill = await new DrillRunner(config, database, audit, new SystemClock(), startApp).drill(
          opts.backup ? resolve(opts.backup) : undefined,
        );
        if (drill.outcome === 'ok') {
          console.log(
            `Drill passed: ${drill.backupFile} restored and verified (${drill.tables} tables, ${drill.rows} rows) in ${drill.rtoMs} ms.`,
          );
        } else {
          console.error(`charter: drill failed on ${drill.backupFile}: ${drill.reason}`);
          process.exitCode = 1;
        }
      }),
    );

  program
    .command('continuity')
    .description('print each plane with its recovery objectives and what is measured now')
    .option('--json', 'print JSON')
    .option('--url <url>', 'ask this running Charter over GraphQL instead of reading the database')
    .option('--token <token>', 'an admin or steward API token, with --url (default: $CHARTER_TOKEN); never printed')
    .addHelpText(
      'after',
      `
Without --url, reads the database named by DATABASE_URL (or the embedded data folder).
With --url, asks that server's GraphQL API, with an admin or steward token (--token or CHARTER_TOKEN).`,
    )
    .action(async (opts: { json?: boolean; url?: string; token?: string }) => {
      const { loadCliEnvironment, resolveServerConnection } = await import('@charter/cli');
      const env = loadCliEnvironment();
      if (opts.url) {
        const { fetchContinuity } = await import('./continuity-remote');
        printPlanes(await fetchContinuity(resolveServerConnection(opts, env)), opts.json);
        return;
      }
      await withCliContext(async ({ config, database }) => {
        const { continuityReport } = await import('../continuity/continuity-report');
        printPlanes(await continuityReport(database, config.continuity), opts.json);
      });
    });
}

function printPlanes(planes: PlaneState[], json: boolean | undefined) {
  if (json) {
    console.log(JSON.stringify(planes, null, 2));
    return;
  }
  const fmt = (v: number | null) => (v === null ? '-' : `${v.toFixed(1)}s`);
  for (const p of planes) {
    console.log(
      `${p.plane.padEnd(9)} RPO ${String(p.rpoSeconds).padStart(6)}s measured ${fmt(p.measuredRpoSeconds).padStart(9)} (${p.measure})  RTO ${String(p.rtoSeconds).padStart(6)}s measured ${fmt(p.measuredRtoSeconds).padStart(9)}  ${p.withinObjectives ? 'ok' : 'NOT MET'}`,
    );
  }
}

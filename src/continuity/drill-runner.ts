import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { AuditService } from '../audit/audit.service';
import type { AppConfig } from '../config/app-config';
import type { Database } from '../database/open-database';
import type { Clock } from '../kernel/clock';
import { BackupFileError } from './archive/backup-format';
import { readBackup } from './archive/backup-reader';
import { importDatabase } from './archive/import-database';
import { openBackup } from './backup-source';
import { parseBackupFileName } from './domain/backup-files';
import { checkAnswers, type AppStarter } from './drill-answers';
import { checkAuditChain, checkRowCounts, checkSample } from './drill-checks';
import { openScratchDatabase } from './scratch-database';

export interface DrillRecord {
  id: string;
  startedAt: Date;
  finishedAt: Date;
  backupFile: string;
  backupCreatedAt: Date | null;
  outcome: 'ok' | 'failed';
  reason: string | null;
  rtoMs: number;
  tables: number;
  rows: number;
}

const ACTOR = 'system:drill';

// A row as the driver returns it: snake_case columns of the table this file owns.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const toRecord = (r: any): DrillRecord => ({
  id: r.id,
  startedAt: new Date(r.started_at),
  finishedAt: new Date(r.finished_at),
  backupFile: r.backup_file,
  backupCreatedAt: r.backup_created_at ? new Date(r.backup_created_at) : null,
  outcome: r.outcome,
  reason: r.reason,
  rtoMs: Number(r.rto_ms),
  tables: Number(r.tables),
  rows: Number(r.rows),
});

/** The newest backup in the directory, by the time in its name. */
export function newestBackupIn(dir: string | undefined): string | undefined {
  if (!dir || !existsSync(dir)) return undefined;
  const found = readdirSync(dir)
    .map((n) => parseBackupFileName(n))
    .filter((b) => b !== undefined)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  return found[0] ? join(dir, found[0].name) : undefined;
}

/**
 * A restore drill: the backup is verified, restored into a scratch database, checked (row counts,
 * a sample of rows read back, the audit chain, then a sample of REST and GraphQL answers of the
 * application started on it), and the scratch database dropped. The result and the measured RTO
 * (start to a verified restore) are recorded and audited in the live database; a failed drill is
 * reported to the platform team's webhook.
 */
export class DrillRunner {
  constructor(
    private readonly config: AppConfig,
    private readonly database: Database,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly startApp: AppStarter,
  ) {}

  async drill(file?: string): Promise<DrillRecord> {
    const startedAt = this.clock.now();
    const t0 = performance.now();
    const chosen = file ?? newestBackupIn(this.config.continuity.backup.dir);
    let outcome: DrillRecord['outcome'] = 'ok';
    let reason: string | null = null;
    let tables = 0;
    let rows = 0;
    let answers = 0;
    let backupCreatedAt: Date | null = null;
    try {
      if (!chosen) throw new BackupFileError('there is no backup to drill (CHARTER_BACKUP_DIR holds none; pass --backup FILE)');
      if (!existsSync(chosen)) throw new BackupFileError(`${chosen} does not exist`);
      const plain = await openBackup(chosen, this.config.continuity.backup.key);
      try {
        const header = await readBackup(plain.path);
        backupCreatedAt = new Date(header.createdAt);
        tables = header.tables.length;
        rows = header.tables.reduce((n, t) => n + t.rows, 0);
        const scratch = await openScratchDatabase(this.config, this.database);
        try {
          await importDatabase(scratch.database, plain.path);
          // The sample is compared before the chain is verified: verifying seals entries the backup
          // caught before the sealer had chained them, which fills in their links.
          reason =
            (await checkRowCounts(scratch.database, header)) ??
            (await checkSample(scratch.database, plain.path)).problem ??
            (await checkAuditChain(scratch.database)) ??
            null;
          if (!reason) {
            const sampled = await checkAnswers(this.startApp, this.config, scratch.database);
            answers = sampled.answers;
            reason = sampled.problem ?? null;
          }
        } finally {
          await scratch.drop();
        }
      } finally {
        plain.dispose();
      }
    } catch (err) {
      reason = err instanceof BackupFileError ? err.message : `the restore failed: ${(err as Error).message}`;
    }
    if (reason) outcome = 'failed';
    const rtoMs = Math.round(performance.now() - t0);
    return this.record({
      startedAt,
      backupFile: chosen ? basename(chosen) : '(none)',
      backupCreatedAt,
      outcome,
      reason,
      rtoMs,
      tables,
      rows,
      answers,
    });
  }

  private record(d: Omit<DrillRecord, 'id' | 'finishedAt'> & { answers: number }): Promise<DrillRecord> {
    return this.database.dataSource.transaction(async (em) => {
      const [row] = await em.query(
        `INSERT INTO continuity_drill (started_at, finished_at, backup_file, backup_created_at, outcome, reason, rto_ms, tables, rows)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
        [d.startedAt, this.clock.now(), d.backupFile, d.backupCreatedAt, d.outcome, d.reason, d.rtoMs, d.tables, d.rows],
      );
      await this.audit.append(em, {
        actor: ACTOR,
        action: d.outcome === 'ok' ? 'drill.restore.passed' : 'drill.restore.failed',
        targetType: 'drill',
        targetId: row.id,
        details: {
          backupFile: d.backupFile,
          rtoMs: d.rtoMs,
          tables: d.tables,
          rows: d.rows,
          answers: d.answers,
          ...(d.reason ? { reason: d.reason } : {}),
        },
      });
      const team = this.config.continuity.platformTeam;
      if (d.outcome === 'failed' && team) {
        // Through the outbox, in the same transaction: the alert is sent if and only if the drill is recorded.
        await em.query(
          `INSERT INTO webhook_outbox (team_id, event_type, payload)
           SELECT w.team_id, 'continuity.drill.failed', $2::jsonb FROM webhook_subscription w JOIN team t ON t.id = w.team_id WHERE t.slug = $1`,
          [
            team,
            JSON.stringify({
              type: 'continuity.drill.failed',
              drillId: row.id,
              backupFile: d.backupFile,
              reason: d.reason,
              occurredAt: d.startedAt.toISOString(),
            }),
          ],
        );
      }
      return toRecord(row);
    });
  }

  async list(limit = 100): Promise<DrillRecord[]> {
    const rows = await this.database.dataSource.query(`SELECT * FROM continuity_drill ORDER BY started_at DESC LIMIT $1`, [limit]);
    return rows.map(toRecord);
  }
}

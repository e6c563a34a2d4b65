import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditService } from '../audit/audit.service';
import type { ContinuityConfig } from '../config/continuity-config';
import type { Database } from '../database/open-database';
import type { Clock } from '../kernel/clock';
import { exportDatabase } from './archive/export-database';
import { readBackup } from './archive/backup-reader';
import { encryptFile } from './backup-cipher';
import { openBackup } from './backup-source';
import { backupFileName, expiredBackups } from './domain/backup-files';

export interface BackupRecord {
  id: string;
  fileName: string;
  createdAt: Date;
  sizeBytes: number;
  sha256: string;
  jurisdiction: string;
  encrypted: boolean;
  verifiedAt: Date | null;
}

const ACTOR = 'system:backup';

// A row as the driver returns it: snake_case columns of the table this file owns.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const toRecord = (r: any): BackupRecord => ({
  id: r.id,
  fileName: r.file_name,
  createdAt: new Date(r.created_at),
  sizeBytes: Number(r.size_bytes),
  sha256: r.sha256,
  jurisdiction: r.jurisdiction,
  encrypted: r.encrypted,
  verifiedAt: r.verified_at ? new Date(r.verified_at) : null,
});

/**
 * Writes a full backup into the backup directory through the app's own connection (so it works
 * while the service runs, on the embedded database too), re-reads it to verify it, records it,
 * and deletes what retention has expired, each deletion audited.
 */
export class BackupRunner {
  constructor(
    private readonly database: Database,
    private readonly config: ContinuityConfig,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private get dir(): string {
    if (!this.config.backup.dir) throw new Error('CHARTER_BACKUP_DIR is not set');
    return this.config.backup.dir;
  }

  async backupNow(): Promise<BackupRecord> {
    const dir = this.dir;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const jurisdiction = this.config.backup.jurisdiction!;
    const key = this.config.backup.key;
    const createdAt = this.clock.now();
    const name = backupFileName(jurisdiction, createdAt, key !== undefined);
    const file = join(dir, name);
    const plain = key ? join(dir, `.${name}.plain.partial`) : file;
    try {
      const summary = await exportDatabase(this.database, plain, { jurisdiction });
      if (key) {
        await encryptFile(plain, `${file}.partial`, key);
        renameSync(`${file}.partial`, file);
      }
      chmodSync(file, 0o600);
      // Read back what is on disk (decrypting it): a backup counts as good only once it verifies.
      const opened = await openBackup(file, key);
      try {
        await readBackup(opened.path);
      } finally {
        opened.dispose();
      }
      const verifiedAt = this.clock.now();
      const sizeBytes = statSync(file).size;
      return await this.database.dataSource.transaction(async (em) => {
        const [row] = await em.query(
          `INSERT INTO continuity_backup (file_name, created_at, size_bytes, sha256, jurisdiction, encrypted, verified_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
          [name, createdAt, sizeBytes, summary.sha256, jurisdiction, key !== undefined, verifiedAt],
        );
        await this.audit.append(em, {
          actor: ACTOR,
          action: 'backup.created',
          targetType: 'backup',
          targetId: name,
          details: {
            sizeBytes,
            sha256: summary.sha256,
            jurisdiction,
            encrypted: key !== undefined,
            rows: summary.tables.reduce((n, t) => n + t.rows, 0),
          },
        });
        return toRecord(row);
      });
    } catch (err) {
      rmSync(`${file}.partial`, { force: true });
      if (existsSync(file) && plain === file) rmSync(file, { force: true });
      throw err;
    } finally {
      if (plain !== file) rmSync(plain, { force: true });
    }
  }

  /** Deletes the files of expired backups; each deletion is recorded and audited in one transaction. */
  async applyRetention(): Promise<number> {
    const live = await this.list();
    const expired = expiredBackups(live, this.config.backup.retentionDays, this.clock.now());
    for (const backup of expired) {
      await this.database.dataSource.transaction(async (em) => {
        const done = await em.query(`UPDATE continuity_backup SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL RETURNING id`, [
          backup.id,
          this.clock.now(),
        ]);
        if (done.length === 0) return; // another replica deleted it meanwhile
        await this.audit.append(em, {
          actor: ACTOR,
          action: 'backup.deleted',
          targetType: 'backup',
          targetId: backup.fileName,
          details: { createdAt: backup.createdAt.toISOString(), retentionDays: this.config.backup.retentionDays, sha256: backup.sha256 },
        });
        // Last: if the unlink fails the transaction rolls back and the file is tried again next run.
        rmSync(join(this.dir, backup.fileName), { force: true });
      });
    }
    return expired.length;
  }

  async list(limit = 1000): Promise<BackupRecord[]> {
    const rows = await this.database.dataSource.query(
      `SELECT * FROM continuity_backup WHERE deleted_at IS NULL ORDER BY created_at DESC LIMIT $1`,
      [limit],
    );
    return rows.map(toRecord);
  }

  async lastGood(): Promise<BackupRecord | undefined> {
    const [row] = await this.database.dataSource.query(
      `SELECT * FROM continuity_backup WHERE deleted_at IS NULL AND verified_at IS NOT NULL ORDER BY created_at DESC LIMIT 1`,
    );
    return row ? toRecord(row) : undefined;
  }
}

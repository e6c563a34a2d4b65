/** A backup file's name says where and when it was made: `charter-EU-20261203T170000123Z.backup[.enc]`. */
const NAME = /^charter-([A-Z]{2,8})-(\d{8}T\d{9}Z)\.backup(\.enc)?$/;

export interface BackupFileName {
  name: string;
  jurisdiction: string;
  createdAt: Date;
  encrypted: boolean;
}

const compact = (d: Date) => d.toISOString().replace(/[-:.]/g, '');

export function backupFileName(jurisdiction: string, createdAt: Date, encrypted: boolean): string {
  return `charter-${jurisdiction}-${compact(createdAt)}.backup${encrypted ? '.enc' : ''}`;
}

export function parseBackupFileName(name: string): BackupFileName | undefined {
  const m = NAME.exec(name);
  if (!m) return undefined;
  const t = m[2];
  const iso = `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}T${t.slice(9, 11)}:${t.slice(11, 13)}:${t.slice(13, 15)}.${t.slice(15, 18)}Z`;
  const createdAt = new Date(iso);
  if (Number.isNaN(createdAt.getTime())) return undefined;
  return { name, jurisdiction: m[1], createdAt, encrypted: m[3] !== undefined };
}

/** Backups older than the retention period, oldest first; the newest backup is always kept. */
export function expiredBackups<T extends { createdAt: Date }>(backups: readonly T[], retentionDays: number, now: Date): T[] {
  const cutoff = now.getTime() - retentionDays * 86_400_000;
  const sorted = [...backups].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  return sorted.slice(0, -1).filter((b) => b.createdAt.getTime() < cutoff);
}

export type UntilChoice<T> = { backup: T } | { refused: string };

/**
 * The backup to restore for "the state at `until`": the latest one made at or before it. A time
 * before the oldest backup, or after the newest one (the backups do not hold that state), is refused.
 */
export function backupForUntil<T extends { createdAt: Date }>(backups: readonly T[], until: Date): UntilChoice<T> {
  if (backups.length === 0) return { refused: 'there are no backups in the backup directory' };
  const sorted = [...backups].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const oldest = sorted[0];
  const newest = sorted[sorted.length - 1];
  if (until.getTime() < oldest.createdAt.getTime()) {
    return { refused: `--until ${until.toISOString()} is before the oldest backup (${oldest.createdAt.toISOString()})` };
  }
  if (until.getTime() > newest.createdAt.getTime()) {
    return {
      refused: `--until ${until.toISOString()} is past what the backups hold: the newest backup is from ${newest.createdAt.toISOString()}, and changes after it are not in any backup`,
    };
  }
  return { backup: sorted.filter((b) => b.createdAt.getTime() <= until.getTime()).pop()! };
}

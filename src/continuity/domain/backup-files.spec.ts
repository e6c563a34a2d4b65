import { backupFileName, backupForUntil, expiredBackups, parseBackupFileName } from './backup-files';
import { dueSlot } from './schedule';

const at = (iso: string) => ({ createdAt: new Date(iso) });

describe('backup file names', () => {
  it('round-trip jurisdiction, time and encryption', () => {
    const created = new Date('2026-12-03T17:00:00.123Z');
    const name = backupFileName('EU', created, true);
    expect(name).toBe('charter-EU-20261203T170000123Z.backup.enc');
    expect(parseBackupFileName(name)).toEqual({ name, jurisdiction: 'EU', createdAt: created, encrypted: true });
    expect(parseBackupFileName('charter-EU-20261203T170000123Z.backup.partial')).toBeUndefined();
    expect(parseBackupFileName('notes.txt')).toBeUndefined();
  });
});

describe('retention', () => {
  const now = new Date('2026-12-31T00:00:00Z');
  it('expires what is older than the period, oldest first, never the newest', () => {
    const list = [at('2026-12-30T00:00:00Z'), at('2026-11-01T00:00:00Z'), at('2026-10-01T00:00:00Z')];
    expect(expiredBackups(list, 30, now).map((b) => b.createdAt.toISOString())).toEqual([
      '2026-10-01T00:00:00.000Z',
      '2026-11-01T00:00:00.000Z',
    ]);
    expect(expiredBackups([at('2020-01-01T00:00:00Z')], 30, now)).toEqual([]);
  });
});

describe('restore --until', () => {
  const list = [at('2026-12-01T00:00:00Z'), at('2026-12-02T00:00:00Z'), at('2026-12-03T00:00:00Z')];
  it('picks the latest backup at or before the time', () => {
    expect(backupForUntil(list, new Date('2026-12-02T12:00:00Z'))).toEqual({ backup: list[1] });
    expect(backupForUntil(list, new Date('2026-12-02T00:00:00Z'))).toEqual({ backup: list[1] });
    expect(backupForUntil(list, new Date('2026-12-03T00:00:00Z'))).toEqual({ backup: list[2] });
  });
  it('refuses a time before the oldest or past the newest backup, and an empty directory', () => {
    expect(backupForUntil(list, new Date('2026-11-30T00:00:00Z'))).toEqual({
      refused: expect.stringContaining('before the oldest backup (2026-12-01T00:00:00.000Z)'),
    });
    expect(backupForUntil(list, new Date('2026-12-04T00:00:00Z'))).toEqual({
      refused: expect.stringContaining('past what the backups hold'),
    });
    expect(backupForUntil([], new Date())).toEqual({ refused: 'there are no backups in the backup directory' });
  });
});

describe('schedule slots', () => {
  it('is the latest match at or before now, the same on every replica', () => {
    expect(dueSlot('0 2 * * *', new Date('2026-12-03T17:00:00Z'))?.toISOString()).toBe('2026-12-03T02:00:00.000Z');
    expect(dueSlot('0 2 * * *', new Date('2026-12-03T02:00:00Z'))?.toISOString()).toBe('2026-12-03T02:00:00.000Z');
    expect(dueSlot('*/2 * * * * *', new Date('2026-12-03T17:00:03.500Z'))?.toISOString()).toBe('2026-12-03T17:00:02.000Z');
  });
});

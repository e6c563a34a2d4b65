import { mkdtempSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirInUseError, LOCK_FILE, lockDataDir } from './data-dir-lock';

describe('lockDataDir', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'charter-lock-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('records the holder, refuses a second taker in one line naming folder and PID, and frees on release', async () => {
    const lock = await lockDataDir(folder);
    const record = JSON.parse(readFileSync(join(folder, LOCK_FILE), 'utf8'));
    expect(record).toMatchObject({ pid: process.pid, host: expect.any(String), since: expect.any(String) });
    if (process.platform === 'linux')
      expect(record).toMatchObject({ bootId: expect.any(String), processStart: expect.stringMatching(/^\d+$/) });

    const refused = await lockDataDir(folder).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DataDirInUseError);
    const message = (refused as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toContain(`CHARTER_DATA_DIR ${folder} is in use by PID ${process.pid} on this host`);
    // The refused attempt did not wipe the holder's record.
    expect(JSON.parse(readFileSync(join(folder, LOCK_FILE), 'utf8')).pid).toBe(process.pid);

    lock.release();
    lock.release(); // twice is harmless
    const again = await lockDataDir(folder);
    again.release();
  });

  it('names an unknown holder honestly when the record is missing', async () => {
    const lock = await lockDataDir(folder);
    // A holder that crashed between locking and writing its record leaves the file empty.
    truncateSync(join(folder, LOCK_FILE), 0);
    const refused = (await lockDataDir(folder).catch((e: unknown) => e)) as DataDirInUseError;
    expect(refused.holder).toBeUndefined();
    expect(refused.message).toContain('is in use by another process');
    lock.release();
  });
});

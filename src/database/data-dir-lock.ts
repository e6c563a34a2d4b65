import { closeSync, constants, fstatSync, ftruncateSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../config/app-config';

/** The file in the data folder whose kernel lock says which process owns the embedded database. */
export const LOCK_FILE = 'charter.lock';

/** Who holds the folder, as the holder wrote it down; shown to whoever is refused. */
export interface LockHolder {
  pid: number;
  host: string;
  /** Linux boot id and the process's start tick: together they tell a reused PID from the holder. */
  bootId?: string;
  processStart?: string;
  since: string;
  command: string;
}

/**
 * The data folder is in use by another process (or by this one, through another open). An operator
 * problem, not a bug: it is reported in one line, naming the folder and the process that holds it.
 */
export class DataDirInUseError extends ConfigError {
  constructor(
    readonly folder: string,
    readonly holder: LockHolder | undefined,
  ) {
    const who = holder
      ? `PID ${holder.pid} on ${holder.host === hostname() ? 'this host' : `host ${holder.host}`} (${holder.command}, since ${holder.since})`
      : 'another process (it has not yet written its PID)';
    const line =
      `CHARTER_DATA_DIR ${folder} is in use by ${who}. The embedded database serves one process at a time: ` +
      'stop that process first, or set DATABASE_URL to run several processes on PostgreSQL.';
    super([line]);
    this.message = line;
    this.name = 'DataDirInUseError';
  }
}

export interface DataDirLock {
  readonly folder: string;
  release(): void;
}

interface LockPrimitives {
  tryLock(fd: number): boolean;
  unlock(fd: number): void;
}

let primitives: LockPrimitives | undefined;

/**
 * An open-file-description lock (fcntl F_OFD_SETLK on Linux, flock on macOS, LockFileEx on Windows)
 * from a package that ships prebuilt binaries. The kernel drops it when the process dies, however it
 * dies (kill -9 included), so a crash never leaves a stale lock behind, and the kernel decides
 * between two starters: exactly one gets it. It is per open file, so a second open of the same
 * folder inside one process is refused too.
 */
function lockPrimitives(): LockPrimitives {
  if (!primitives) {
    let native: { tryLock(fd: number): boolean; unlock(fd: number): void };
    try {
      // Loaded lazily and synchronously: a platform without the prebuilt binary must end in the
      // ConfigError below, not in an import failure at startup of every command.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      native = require('fs-native-extensions');
    } catch (err) {
      // Without the lock the folder could be opened twice and lose writes: refuse rather than risk it.
      throw new ConfigError([
        `the embedded database needs an operating-system file lock, which is not available on ${process.platform}-${process.arch} ` +
          `(${(err as Error).message.split('\n')[0]}); set DATABASE_URL to use PostgreSQL`,
      ]);
    }
    primitives = { tryLock: (fd) => native.tryLock(fd), unlock: (fd) => native.unlock(fd) };
  }
  return primitives;
}

function readHolder(path: string): LockHolder | undefined {
  try {
    const text = readFileSync(path, 'utf8').trim();
    return text ? (JSON.parse(text) as LockHolder) : undefined;
  } catch {
    return undefined;
  }
}

function linuxProcessIdentity(): Pick<LockHolder, 'bootId' | 'processStart'> {
  try {
    const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    // Field 22 of /proc/self/stat, counted after the command name (which may hold spaces).
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const processStart = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    return { bootId, processStart };
  } catch {
    return {};
  }
}

function describeSelf(): LockHolder {
  const script = process.argv[1] ? process.argv[1].split(/[\\/]/).slice(-3).join('/') : 'node';
  return {
    pid: process.pid,
    host: hostname(),
    ...linuxProcessIdentity(),
    since: new Date(Date.now() - Math.round(process.uptime() * 1000)).toISOString(),
    command: [script, ...process.argv.slice(2)].join(' ').slice(0, 200),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Takes the data folder for this process until `release` (or until the process ends), or throws a
 * DataDirInUseError naming the holder. The lock file is never deleted: deleting it would let a
 * process that had opened the old file and one that creates a new file both win.
 */
export async function lockDataDir(folder: string): Promise<DataDirLock> {
  const path = join(folder, LOCK_FILE);
  // No O_TRUNC: the holder's record must survive the open of a process that is about to be refused.
  const fd = openSync(path, constants.O_RDWR | constants.O_CREAT, 0o600);
  let locked = false;
  try {
    locked = lockPrimitives().tryLock(fd);
    if (!locked) {
      // The winner writes its record just after locking; give it a moment rather than say "unknown".
      let holder = readHolder(path);
      for (let i = 0; !holder && i < 20; i++) {
        await sleep(25);
        holder = readHolder(path);
      }
      throw new DataDirInUseError(folder, holder);
    }
    // Someone removed the file between our open and our lock: the lock would guard nothing.
    if (fstatSync(fd).ino !== statSync(path).ino) throw new DataDirInUseError(folder, readHolder(path));
    ftruncateSync(fd, 0);
    writeSync(fd, `${JSON.stringify(describeSelf())}\n`, 0);
  } catch (err) {
    if (locked) lockPrimitives().unlock(fd);
    closeSync(fd);
    throw err;
  }
  let released = false;
  return {
    folder,
    release() {
      if (released) return;
      released = true;
      try {
        ftruncateSync(fd, 0);
        lockPrimitives().unlock(fd);
      } finally {
        closeSync(fd);
      }
    },
  };
}

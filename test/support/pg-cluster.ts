import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';

/** The newest installed PostgreSQL's programs, or undefined when none is installed. */
export function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin') : undefined;
}

/** PostgreSQL refuses to run as root: as root its programs run as the `postgres` user. */
const asRoot = process.getuid?.() === 0;
const POSTGRES_USER = asRoot ? Number(execFileSync('id', ['-u', 'postgres']).toString().trim()) : undefined;
const POSTGRES_GROUP = asRoot ? Number(execFileSync('id', ['-g', 'postgres']).toString().trim()) : undefined;

function run(bin: string, args: string[], allowFailure = false): string {
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const result = spawnSync(cmd, argv, { encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0 && !allowFailure)
    throw new Error(`${bin} ${args.join(' ')} failed (${result.status}): ${result.stderr}${result.stdout}`);
  return result.stdout;
}

/** A throw-away PostgreSQL cluster in a temporary folder, on a free port, trust auth for `postgres`. */
export class PgCluster {
  private constructor(
    readonly bin: string,
    readonly dataDir: string,
    readonly port: number,
  ) {}

  /** A database URL on this cluster. */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  static async create(bin: string, settings: string[] = []): Promise<PgCluster> {
    const dataDir = PgCluster.folder('charter-pg-');
    run(join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
    const cluster = new PgCluster(bin, dataDir, await freePort());
    cluster.configure([
      `port = ${cluster.port}`,
      "listen_addresses = '127.0.0.1'",
      "unix_socket_directories = ''",
      'fsync = off',
      ...settings,
    ]);
    // Replication connections from the local host, for a standby's base backup and streaming.
    appendFileSync(join(dataDir, 'pg_hba.conf'), '\nhost replication postgres 127.0.0.1/32 trust\n');
    return cluster;
  }

  /** A streaming standby of `primary`, from a base backup (`-R` writes its connection settings). */
  static async standbyOf(primary: PgCluster, applicationName: string): Promise<PgCluster> {
    const dataDir = PgCluster.folder('charter-pg-standby-');
    run(join(primary.bin, 'pg_basebackup'), [
      '-h',
      '127.0.0.1',
      '-p',
      String(primary.port),
      '-U',
      'postgres',
      '-D',
      dataDir,
      '-R',
      '-X',
      'stream',
      '-c',
      'fast',
    ]);
    const standby = new PgCluster(primary.bin, dataDir, await freePort());
    standby.configure([
      `port = ${standby.port}`,
      `primary_conninfo = 'host=127.0.0.1 port=${primary.port} user=postgres application_name=${applicationName}'`,
      'hot_standby = on',
      // Copied from the primary by the base backup; once promoted it has no standby to wait for.
      "synchronous_standby_names = ''",
    ]);
    return standby;
  }

  configure(lines: string[]): void {
    appendFileSync(join(this.dataDir, 'postgresql.auto.conf'), `\n${lines.join('\n')}\n`);
  }

  start(): void {
    run(join(this.bin, 'pg_ctl'), ['-D', this.dataDir, '-l', join(this.dataDir, 'server.log'), '-w', '-t', '60', 'start']);
  }

  /** `-m immediate`: the server dies as in a crash, without a checkpoint or goodbye to clients. */
  stop(mode: 'immediate' | 'fast' = 'immediate'): void {
    run(join(this.bin, 'pg_ctl'), ['-D', this.dataDir, '-m', mode, '-w', 'stop'], true);
  }

  promote(): void {
    run(join(this.bin, 'pg_ctl'), ['-D', this.dataDir, '-w', 'promote']);
  }

  /** Stops the server if it runs and removes its folder; safe to call more than once. */
  destroy(): void {
    if (existsSync(join(this.dataDir, 'postmaster.pid'))) this.stop('immediate');
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private static folder(prefix: string): string {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    if (POSTGRES_USER !== undefined) chownSync(dir, POSTGRES_USER, POSTGRES_GROUP!);
    chmodSync(dir, 0o700);
    return dir;
  }
}

import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { UsageError } from '../cli-errors';

function git(args: string[], cwd: string) {
  return spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** Reads files as they were at one git revision, for offline checks. */
export class GitRevision {
  private constructor(
    readonly ref: string,
    private readonly root: string,
  ) {}

  static open(ref: string, cwd: string): GitRevision {
    const top = git(['rev-parse', '--show-toplevel'], cwd);
    if (top.error) throw new UsageError(`--offline needs git: ${top.error.message}`);
    if (top.status !== 0) throw new UsageError(`--offline needs a git repository, and ${cwd} is not inside one`);
    // `--end-of-options` keeps a ref such as "--output=x" from being read as an option.
    const verify = git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], cwd);
    if (verify.status !== 0) throw new UsageError(`--against: unknown git revision '${ref}' (fetch it first, e.g. git fetch origin main)`);
    return new GitRevision(ref, top.stdout.trim());
  }

  /** The file's text at the revision, or undefined when the file did not exist there. */
  read(absolutePath: string): string | undefined {
    const path = relative(this.root, realpathSync(absolutePath)).split(sep).join('/');
    const spec = `${this.ref}:${path}`;
    if (git(['cat-file', '-e', spec], this.root).status !== 0) return undefined;
    const shown = git(['show', spec], this.root);
    if (shown.status !== 0) throw new UsageError(`git show ${spec} failed: ${shown.stderr.trim()}`);
    return shown.stdout;
  }
}

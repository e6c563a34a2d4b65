import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fg from 'fast-glob';
import { loadCliEnvironment, resolveServerConnection } from '../cli-config';
import { UsageError } from '../cli-errors';
import { renderReport, OutputFormat } from '../output/render-report';
import { RegistryClient } from '../registry-client';
import { loadManifest, Manifest } from './charter-manifest';
import { CheckReport, exitCodeOf } from './check-report';
import { GitRevision } from './git-revision';
import { checkOffline } from './offline-check';
import { checkOnline } from './online-check';
import { mapToSubject, SchemaTarget, selectTargets } from './schema-targets';

export interface CheckOptions {
  url?: string;
  token?: string;
  manifest?: string;
  format: OutputFormat;
  output?: string;
  offline?: boolean;
  against?: string;
  timeout: number;
}

/** Every file the manifest maps, by subject: where offline checks find referenced schemas. */
function manifestFiles(manifest: Manifest | undefined, cwd: string, targets: SchemaTarget[]): Map<string, SchemaTarget> {
  const bySubject = new Map<string, SchemaTarget>();
  for (const entry of manifest?.schemas ?? []) {
    const files = entry.file
      ? [resolve(manifest!.root, entry.file)]
      : fg.sync(entry.glob!, { cwd: manifest!.root, absolute: true, ignore: ['**/node_modules/**'] });
    for (const file of files) {
      const target = mapToSubject(file, cwd, manifest);
      if (target && !bySubject.has(target.subject)) bySubject.set(target.subject, target);
    }
  }
  for (const t of targets) bySubject.set(t.subject, t);
  return bySubject;
}

/** `charter check`: returns the exit code (0 all good, 1 blocking problems); usage problems throw. */
export async function runCheck(paths: string[], options: CheckOptions, cwd = process.cwd()): Promise<number> {
  if (options.against !== undefined && !options.offline) throw new UsageError('--against applies to offline checks: add --offline');
  if (options.offline && !options.against)
    throw new UsageError('--offline needs --against <git-ref>, the revision to compare with (e.g. origin/main)');
  const env = loadCliEnvironment();
  const started = Date.now();
  const manifest = loadManifest(options.manifest, cwd);
  const { targets, skipped } = selectTargets(paths, cwd, manifest);

  let report: CheckReport;
  if (options.offline) {
    const revision = GitRevision.open(options.against!, cwd);
    report = {
      mode: 'offline',
      against: options.against!,
      files: checkOffline(targets, revision, manifestFiles(manifest, cwd, targets)),
      skipped,
    };
  } else {
    const client = new RegistryClient(resolveServerConnection(options, env), options.timeout * 1000);
    report = { mode: 'online', against: client.url, files: await checkOnline(targets, client), skipped };
  }

  const color = process.stdout.isTTY === true && !env.noColor;
  const timeSeconds = (Date.now() - started) / 1000;
  if (options.output) {
    writeFileSync(resolve(cwd, options.output), renderReport(options.format, report, { color: false, timeSeconds }));
    // The file is for the CI system; the log still gets a readable summary.
    if (options.format !== 'human') process.stdout.write(renderReport('human', report, { color, timeSeconds }));
  } else {
    process.stdout.write(renderReport(options.format, report, { color, timeSeconds }));
  }
  return exitCodeOf(report);
}

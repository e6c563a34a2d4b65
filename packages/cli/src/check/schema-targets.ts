import { statSync } from 'node:fs';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import fg from 'fast-glob';
import { minimatch } from 'minimatch';
import { CompatibilityLevel, SchemaType } from '@charter/engine';
import { UsageError } from '../cli-errors';
import { Manifest, ManifestEntry } from './charter-manifest';

export interface SchemaReferenceSpec {
  name: string;
  subject: string;
  version: number | 'latest';
}

/** One local schema file and the registry subject it belongs to. */
export interface SchemaTarget {
  /** Path as shown to the user and in annotations: relative to the working folder, `/`-separated. */
  file: string;
  absolutePath: string;
  subject: string;
  schemaType: SchemaType;
  references: SchemaReferenceSpec[];
  /** Level for offline checks: the entry's, else the manifest's, else BACKWARD. */
  compatibility: CompatibilityLevel;
  /** How the subject was found, for messages. */
  mappedBy: 'manifest' | 'convention';
}

export interface TargetSelection {
  targets: SchemaTarget[];
  /** Schema-looking files found in folders that neither the manifest nor the convention maps. */
  skipped: string[];
}

const EXTENSIONS: Record<string, SchemaType> = { '.avsc': 'AVRO', '.proto': 'PROTOBUF', '.json': 'JSON' };
const CONVENTION = /^(.+)-(key|value)\.(avsc|proto|json)$/;
const IGNORED = ['**/node_modules/**', '**/.git/**', '**/dist/**'];

const toPosix = (p: string) => p.split(sep).join('/');

/** Expands the given paths (files, folders or globs) into schema files, in a stable order. */
export function findSchemaFiles(paths: string[], cwd: string): Array<{ path: string; explicit: boolean }> {
  const found = new Map<string, boolean>();
  for (const given of paths) {
    const absolute = resolve(cwd, given);
    let stat: ReturnType<typeof statSync> | undefined;
    try {
      stat = statSync(absolute);
    } catch {
      stat = undefined;
    }
    if (stat?.isFile()) {
      found.set(absolute, true);
      continue;
    }
    const pattern = stat?.isDirectory()
      ? `${fg.convertPathToPattern(absolute)}/**/*.{avsc,proto,json}`
      : isAbsolute(given)
        ? given
        : `${fg.convertPathToPattern(cwd)}/${given}`;
    const matches = fg.sync(pattern, { absolute: true, onlyFiles: true, ignore: IGNORED, dot: false });
    if (!stat && matches.length === 0) throw new UsageError(`${given}: no such file or folder`);
    for (const m of matches) if (EXTENSIONS[extname(m)] && !found.has(resolve(m))) found.set(resolve(m), false);
  }
  return [...found.entries()].map(([path, explicit]) => ({ path, explicit })).sort((a, b) => a.path.localeCompare(b.path));
}

function entryMatches(entry: ManifestEntry, relativeToManifest: string): boolean {
  if (entry.file !== undefined) return toPosix(entry.file).replace(/^\.\//, '') === relativeToManifest;
  return minimatch(relativeToManifest, entry.glob!.replace(/^\.\//, ''), { dot: true });
}

/** Maps one file to its subject: the first manifest entry that names it, else `<topic>-<part>.<ext>`. */
export function mapToSubject(absolutePath: string, cwd: string, manifest?: Manifest): SchemaTarget | undefined {
  const file = toPosix(relative(cwd, absolutePath));
  const inferredType = EXTENSIONS[extname(absolutePath)];
  const defaultLevel = manifest?.compatibility ?? 'BACKWARD';
  if (manifest) {
    const relativeToManifest = toPosix(relative(manifest.root, absolutePath));
    const entry = manifest.schemas.find((e) => entryMatches(e, relativeToManifest));
    if (entry) {
      const schemaType = entry.schemaType ?? inferredType;
      if (!schemaType) throw new UsageError(`${file}: set schemaType in ${manifest.path}, the extension does not tell`);
      return {
        file,
        absolutePath,
        subject: `${entry.topic}-${entry.part}`,
        schemaType,
        references: entry.references,
        compatibility: entry.compatibility ?? defaultLevel,
        mappedBy: 'manifest',
      };
    }
  }
  const match = CONVENTION.exec(absolutePath.split(sep).pop()!);
  if (!match || !inferredType) return undefined;
  return {
    file,
    absolutePath,
    subject: `${match[1]}-${match[2]}`,
    schemaType: inferredType,
    references: [],
    compatibility: defaultLevel,
    mappedBy: 'convention',
  };
}

/**
 * The files to check. A file named on the command line must map to a subject (usage error
 * otherwise); files found inside folders that do not map are listed as skipped, since repositories
 * hold many `.json` files that are not schemas.
 */
export function selectTargets(paths: string[], cwd: string, manifest?: Manifest): TargetSelection {
  const targets: SchemaTarget[] = [];
  const skipped: string[] = [];
  for (const { path, explicit } of findSchemaFiles(paths, cwd)) {
    if (manifest && path === manifest.path) continue;
    const target = mapToSubject(path, cwd, manifest);
    if (target) targets.push(target);
    else if (explicit) {
      throw new UsageError(
        `${toPosix(relative(cwd, path))}: no subject for this file; add it to ${manifest ? manifest.path : 'a charter.yaml manifest'} or name it <topic>-value${extname(path)} / <topic>-key${extname(path)}`,
      );
    } else skipped.push(toPosix(relative(cwd, path)));
  }
  if (targets.length === 0) throw new UsageError(`no schema files (.avsc, .proto, .json) that map to a subject under ${paths.join(', ')}`);
  return { targets, skipped };
}

import { readFileSync } from 'node:fs';
import { check, formatOf, ResolvedReference } from '@charter/engine';
import { FileReport, Problem } from './check-report';
import { GitRevision } from './git-revision';
import { parseLocal, readSchemaText, withLines } from './local-schema';
import { SchemaTarget } from './schema-targets';

type ReadText = (target: SchemaTarget) => string | undefined;

/**
 * References are resolved from the other local schema files by subject (the manifest names them),
 * read from the same side of the comparison: working tree for the candidate, the revision for the
 * old version.
 */
function resolveReferences(
  target: SchemaTarget,
  bySubject: Map<string, SchemaTarget>,
  read: ReadText,
  seen = new Set<string>(),
): ResolvedReference[] {
  return target.references.map((ref) => {
    const local = bySubject.get(ref.subject);
    if (!local)
      throw new Error(
        `reference '${ref.name}': subject '${ref.subject}' is not among the local schema files; offline mode resolves references from files the manifest maps`,
      );
    if (seen.has(local.subject)) throw new Error(`reference '${ref.name}': subject '${ref.subject}' refers back to itself`);
    const schema = read(local);
    if (schema === undefined) throw new Error(`reference '${ref.name}': ${local.file} does not exist there`);
    return {
      name: ref.name,
      schemaType: local.schemaType,
      schema,
      references: resolveReferences(local, bySubject, read, new Set([...seen, local.subject])),
    };
  });
}

function attempt<T>(fn: () => T): { value?: T; error?: string } {
  try {
    return { value: fn() };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** Compares each file with its version at the revision with the engine, under the manifest's level. */
export function checkOffline(targets: SchemaTarget[], revision: GitRevision, bySubject: Map<string, SchemaTarget>): FileReport[] {
  const current: ReadText = (t) => readFileSync(t.absolutePath, 'utf8');
  const previous: ReadText = (t) => revision.read(t.absolutePath);
  return targets.map((target) => {
    const base = { file: target.file, subject: target.subject, schemaType: target.schemaType, level: target.compatibility };
    const { text, problem } = readSchemaText(target);
    if (text === undefined) return { ...base, status: 'INVALID', problems: [problem!] };
    const refs = attempt(() => resolveReferences(target, bySubject, current));
    if (refs.error)
      return {
        ...base,
        status: 'INVALID',
        problems: [{ source: 'schema', severity: 'BLOCK', rule: 'INVALID_SCHEMA', path: '', message: refs.error }],
      };
    const candidate = parseLocal(target, text, refs.value!);
    if (candidate.problem) return { ...base, status: 'INVALID', problems: withLines([candidate.problem], target, text) };

    const oldText = previous(target);
    if (oldText === undefined) return { ...base, status: 'NEW_SUBJECT', problems: [] };
    // An old version that does not parse cannot be compared; say so, and judge the file as new.
    const old = attempt(() => formatOf(target.schemaType).parse(oldText, resolveReferences(target, bySubject, previous)));
    if (old.error !== undefined) {
      const warning: Problem = {
        source: 'schema',
        severity: 'WARN',
        rule: 'PREVIOUS_VERSION_UNREADABLE',
        path: '',
        message: `The version at ${revision.ref} cannot be read (${old.error}); the file is judged as new.`,
      };
      return { ...base, status: 'NEW_SUBJECT', problems: [warning] };
    }
    const result = check(target.compatibility, [{ version: 1, schema: old.value! }], candidate.schema!, formatOf);
    if (result.compatible) return { ...base, status: 'COMPATIBLE', problems: [] };
    const problems: Problem[] = result.incompatibilities.map((i) => ({
      source: 'compatibility',
      severity: 'BLOCK',
      rule: i.kind,
      path: i.path,
      message: i.message,
    }));
    return { ...base, status: 'INCOMPATIBLE', problems: withLines(problems, target, text) };
  });
}

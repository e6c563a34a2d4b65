import { CompatibilityLevel } from './compatibility-level';
import { CompatibilityResult, Incompatibility } from './incompatibility';
import { ParsedSchema, SchemaFormat } from './schema-format';
import { SchemaType } from './schema-type';

export interface HistoricVersion {
  version: number;
  schema: ParsedSchema;
}

export type FormatLookup = (schemaType: SchemaType) => SchemaFormat;

type Direction = 'BACKWARD' | 'FORWARD';

/**
 * The one place where a level becomes directions and a span of history:
 * BACKWARD = the candidate reads data written with an old schema; FORWARD = an old schema reads
 * data written with the candidate; FULL = both; *_TRANSITIVE = every live version, plain = the
 * latest one. No history means compatible. Transitive checks go newest first and stop at the
 * first failing version, as Confluent does.
 */
export function check(
  level: CompatibilityLevel,
  history: readonly HistoricVersion[],
  candidate: ParsedSchema,
  formats: FormatLookup,
): CompatibilityResult {
  if (level === 'NONE' || history.length === 0) return { compatible: true, incompatibilities: [] };
  const directions = directionsOf(level);
  const newestFirst = [...history].reverse();
  const span = level.endsWith('_TRANSITIVE') ? newestFirst : newestFirst.slice(0, 1);
  for (const previous of span) {
    const issues = compare(directions, previous.schema, candidate, formats);
    if (issues.length > 0) {
      return { compatible: false, incompatibilities: issues, failedVersion: previous.version };
    }
  }
  return { compatible: true, incompatibilities: [] };
}

/** Pairwise check of a candidate against one version, used by the "check against version N" API. */
export function checkPair(
  level: CompatibilityLevel,
  previous: HistoricVersion,
  candidate: ParsedSchema,
  formats: FormatLookup,
): CompatibilityResult {
  return check(plainLevel(level), [previous], candidate, formats);
}

function plainLevel(level: CompatibilityLevel): CompatibilityLevel {
  return level.replace('_TRANSITIVE', '') as CompatibilityLevel;
}

function directionsOf(level: CompatibilityLevel): Direction[] {
  const base = plainLevel(level);
  if (base === 'FULL') return ['BACKWARD', 'FORWARD'];
  return [base as Direction];
}

function compare(directions: Direction[], previous: ParsedSchema, candidate: ParsedSchema, formats: FormatLookup): Incompatibility[] {
  if (previous.schemaType !== candidate.schemaType) {
    return [
      {
        kind: 'SCHEMA_TYPE_CHANGED',
        path: '',
        message: `Incompatible because of different schema type: ${previous.schemaType} cannot be evolved into ${candidate.schemaType}.`,
      },
    ];
  }
  const format = formats(candidate.schemaType);
  return directions.flatMap((direction) =>
    direction === 'BACKWARD' ? format.readerIssues(candidate, previous) : format.readerIssues(previous, candidate),
  );
}

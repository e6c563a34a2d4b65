import { readFileSync } from 'node:fs';
import { formatOf, ParsedSchema, ResolvedReference, SchemaParseError } from '@charter/engine';
import { Problem } from './check-report';
import { invalidSchema } from './server-answer';
import { SchemaTarget } from './schema-targets';
import { locateLine } from '../output/locate-line';

export function readSchemaText(target: SchemaTarget): { text?: string; problem?: Problem } {
  try {
    return { text: readFileSync(target.absolutePath, 'utf8') };
  } catch (err) {
    return { problem: invalidSchema(`cannot read the file: ${(err as Error).message}`) };
  }
}

/** Parses with the registry's own rules (strict validation, as for a new version). */
export function parseLocal(
  target: SchemaTarget,
  text: string,
  references: ResolvedReference[],
): { schema?: ParsedSchema; problem?: Problem } {
  try {
    return { schema: formatOf(target.schemaType).parse(text, references, { validate: true }) };
  } catch (err) {
    if (err instanceof SchemaParseError) return { problem: invalidSchema(err.message, err.location ?? '') };
    return { problem: invalidSchema((err as Error).message ?? String(err)) };
  }
}

/** Adds the line of each problem's field, looked up by name in the file's text. */
export function withLines(problems: Problem[], target: SchemaTarget, text: string | undefined): Problem[] {
  if (text === undefined) return problems;
  return problems.map((p) => {
    const line = locateLine(text, target.schemaType, p);
    return line ? { ...p, line } : p;
  });
}

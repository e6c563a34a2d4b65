import { JsonSchemaKind } from './json-schema-kinds';
import { SchemaNode } from './json-schema-model';

/** One difference between two schemas; `path` is relative while diffing and `#/...` once returned. */
export interface JsonSchemaDifference {
  kind: JsonSchemaKind;
  path: string;
  from?: string;
  to?: string;
}

export function difference(kind: JsonSchemaKind, path = '', from?: unknown, to?: unknown): JsonSchemaDifference {
  return { kind, path, from: show(from), to: show(to) };
}

export function under(segment: string, diffs: JsonSchemaDifference[]): JsonSchemaDifference[] {
  return diffs.map((d) => ({ ...d, path: d.path ? `${segment}/${d.path}` : segment }));
}

function show(value: unknown): string | undefined {
  return value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * What the per-keyword comparisons need from the differ: recursion into sub-schemas and the policy's
 * verdict on a sub-comparison. An interface, so that they depend on it and not on the differ itself.
 */
export interface SubSchemaComparer {
  compare(original: SchemaNode | undefined, update: SchemaNode | undefined): JsonSchemaDifference[];
  isCompatible(diffs: JsonSchemaDifference[]): boolean;
}

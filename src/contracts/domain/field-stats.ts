import { normalizeTag } from './payload-contract';
import { SchemaField } from './schema-fields';

export const leafFields = (fields: SchemaField[]): SchemaField[] => fields.filter((f) => f.leaf);

export const deepest = (fields: SchemaField[]): number => fields.reduce((max, f) => Math.max(max, f.depth), 0);

/**
 * Each field's tags including those of its enclosing fields (a field inside a `PII`-tagged
 * record is personal too), normalized to upper case. Relies on fieldsOf's order: every field
 * comes after its parent, and depth says which open field is the parent.
 */
export function effectiveTags(fields: SchemaField[]): Map<string, string[]> {
  const result = new Map<string, string[]>();
  const open: string[][] = [];
  for (const field of fields) {
    const inherited = field.depth > 1 ? (open[field.depth - 2] ?? []) : [];
    const tags = [...new Set([...inherited, ...field.tags.map(normalizeTag)])];
    open[field.depth - 1] = tags;
    open.length = field.depth;
    result.set(field.path, tags);
  }
  return result;
}

/** Share of leaf fields that carry a tag (their own or an enclosing field's); 0 without leaves. */
export function taggedShare(fields: SchemaField[]): number {
  const { leafFields: leaves, taggedLeafFields: tagged } = fieldFigures(fields);
  return leaves === 0 ? 0 : tagged / leaves;
}

export interface FieldFigures {
  leafFields: number;
  /** Leaves with a tag of their own or of an enclosing field. */
  taggedLeafFields: number;
  maxDepth: number;
}

/** The figures the growth report charts for each version. */
export function fieldFigures(fields: SchemaField[]): FieldFigures {
  const leaves = leafFields(fields);
  const tags = effectiveTags(fields);
  return {
    leafFields: leaves.length,
    taggedLeafFields: leaves.filter((f) => (tags.get(f.path) ?? []).length > 0).length,
    maxDepth: deepest(fields),
  };
}

import { compareArrays } from './json-schema-array-diff';
import { compareCombined } from './json-schema-combined-diff';
import { breaksUnder, JsonSchemaPolicy } from './json-schema-kinds';
import { SchemaNode } from './json-schema-model';
import { difference, JsonSchemaDifference, SubSchemaComparer } from './json-schema-difference';
import { compareObjects } from './json-schema-object-diff';
import { compareEnums, compareNumbers, compareStrings } from './json-schema-scalar-diff';

/**
 * Confluent's JSON `SchemaDiff.compare(original, update)`: every difference, compatible or not,
 * for a given policy (the policy matters inside: union branches and partially open content models
 * are matched by "is this sub-comparison compatible").
 */
export function diffJsonSchemas(original: SchemaNode, update: SchemaNode, policy: JsonSchemaPolicy): JsonSchemaDifference[] {
  return new SchemaDiffer(policy).compare(original, update).map((d) => ({ ...d, path: d.path ? `#/${d.path}` : '#' }));
}

export class SchemaDiffer implements SubSchemaComparer {
  /** Results per (original, update) pair; `undefined` while a pair is being compared. */
  private readonly memo = new Map<SchemaNode, Map<SchemaNode, JsonSchemaDifference[] | undefined>>();

  constructor(readonly policy: JsonSchemaPolicy) {}

  isCompatible(diffs: JsonSchemaDifference[]): boolean {
    return diffs.every((d) => !breaksUnder(d.kind, this.policy));
  }

  /**
   * A pair met again while it is still being compared is a recursive `$ref`; assuming it
   * compatible there is the usual coinductive reading of recursive types and terminates.
   */
  compare(original: SchemaNode | undefined, update: SchemaNode | undefined): JsonSchemaDifference[] {
    if (!original && !update) return [];
    if (!original) return [difference('SCHEMA_ADDED')];
    if (!update) return [difference('SCHEMA_REMOVED')];
    let row = this.memo.get(original);
    if (!row) this.memo.set(original, (row = new Map()));
    if (row.has(update)) return row.get(update) ?? [];
    row.set(update, undefined);
    const result = this.fresh(original, update);
    row.set(update, result);
    return result;
  }

  private fresh(original: SchemaNode, update: SchemaNode): JsonSchemaDifference[] {
    if (original.connectBytes && update.connectBytes) return [];
    const viaUnion = this.unionShortcut(original, update);
    if (viaUnion) return viaUnion;
    if (original.kind !== update.kind) {
      if (original.kind === 'false' || update.kind === 'empty') return [];
      return [difference('TYPE_CHANGED', '', describe(original), describe(update))];
    }
    return [...this.annotations(original, update), ...this.sameKind(original, update)];
  }

  /** A plain schema compared with a union (or a singleton union with a plain schema), as Confluent does. */
  private unionShortcut(original: SchemaNode, update: SchemaNode): JsonSchemaDifference[] | undefined {
    if (original.kind !== 'combined' && update.kind === 'combined') {
      if (update.subschemas.length === 1) {
        const sub = this.compare(original, update.subschemas[0]);
        return this.isCompatible(sub) ? sub : undefined;
      }
      if (update.criterion === 'allOf') return undefined;
      for (const branch of update.subschemas) {
        const sub = this.compare(original, branch);
        if (this.isCompatible(sub)) return [...sub, difference('SUM_TYPE_EXTENDED', '', describe(original), update.criterion)];
      }
    } else if (original.kind === 'combined' && update.kind !== 'combined' && original.subschemas.length === 1) {
      const sub = this.compare(original.subschemas[0], update);
      return this.isCompatible(sub) ? sub : undefined;
    }
    return undefined;
  }

  private annotations(original: SchemaNode, update: SchemaNode): JsonSchemaDifference[] {
    const o = original.annotations ?? { hasDefault: false };
    const u = update.annotations ?? { hasDefault: false };
    const diffs: JsonSchemaDifference[] = [];
    if (o.id !== u.id) diffs.push(difference('ID_CHANGED', '', o.id, u.id));
    if (o.title !== u.title) diffs.push(difference('TITLE_CHANGED', '', o.title, u.title));
    if (o.description !== u.description) diffs.push(difference('DESCRIPTION_CHANGED', '', o.description, u.description));
    if (o.defaultJson !== u.defaultJson) diffs.push(difference('DEFAULT_CHANGED', '', o.defaultJson, u.defaultJson));
    return diffs;
  }

  private sameKind(original: SchemaNode, update: SchemaNode): JsonSchemaDifference[] {
    const typeFlag =
      'requiresType' in original && 'requiresType' in update && original.requiresType !== update.requiresType
        ? [difference(original.requiresType ? 'TYPE_EXTENDED' : 'TYPE_NARROWED', 'type', typeWord(original), typeWord(update))]
        : [];
    switch (original.kind) {
      case 'string':
        return [...typeFlag, ...compareStrings(original, update as typeof original)];
      case 'number':
        return [...typeFlag, ...compareNumbers(original, update as typeof original)];
      case 'object':
        return [...typeFlag, ...compareObjects(this, original, update as typeof original)];
      case 'array':
        return [...typeFlag, ...compareArrays(this, original, update as typeof original)];
      case 'enum':
      case 'const':
        return compareEnums(original, update as typeof original);
      case 'combined':
        return compareCombined(this, original, update as typeof original);
      case 'not':
        return this.compareNot(original.schema, (update as typeof original).schema);
      default:
        return typeFlag;
    }
  }

  /** `not` reverses direction: the reader may exclude less, never more. */
  private compareNot(original: SchemaNode, update: SchemaNode): JsonSchemaDifference[] {
    const reversed = this.compare(update, original);
    if (reversed.length === 0) return [];
    return [difference(this.isCompatible(reversed) ? 'NOT_TYPE_NARROWED' : 'NOT_TYPE_EXTENDED', 'not')];
  }
}

export function describe(node: SchemaNode): string {
  switch (node.kind) {
    case 'empty':
      return 'any value';
    case 'false':
      return 'no value';
    case 'number':
      return node.integer ? 'integer' : 'number';
    case 'combined':
      return node.criterion;
    default:
      return node.kind;
  }
}

function typeWord(node: SchemaNode): string {
  const type = describe(node);
  return 'requiresType' in node && !node.requiresType ? `${type} keywords without "type"` : `"type": "${type}"`;
}

import { difference, JsonSchemaDifference } from './json-schema-difference';
import { JsonSchemaKind } from './json-schema-kinds';
import { ConstNode, EnumNode, NumberNode, StringNode } from './json-schema-model';

type BoundKey =
  | 'MAX_LENGTH'
  | 'MIN_LENGTH'
  | 'MAXIMUM'
  | 'MINIMUM'
  | 'EXCLUSIVE_MAXIMUM'
  | 'EXCLUSIVE_MINIMUM'
  | 'MAX_PROPERTIES'
  | 'MIN_PROPERTIES'
  | 'MAX_ITEMS'
  | 'MIN_ITEMS'
  | 'MAX_CONTAINS'
  | 'MIN_CONTAINS';

/** Added/removed/increased/decreased; which of them break is the kinds table's business. */
export function bound(key: BoundKey, keyword: string, from: number | undefined, to: number | undefined): JsonSchemaDifference[] {
  if (from === to) return [];
  const kind = (suffix: string) => `${key}_${suffix}` as JsonSchemaKind;
  if (from === undefined) return [difference(kind('ADDED'), keyword, undefined, to)];
  if (to === undefined) return [difference(kind('REMOVED'), keyword, from)];
  return [difference(kind(from < to ? 'INCREASED' : 'DECREASED'), keyword, from, to)];
}

export function compareStrings(original: StringNode, update: StringNode): JsonSchemaDifference[] {
  const diffs = [
    ...bound('MAX_LENGTH', 'maxLength', original.maxLength, update.maxLength),
    ...bound('MIN_LENGTH', 'minLength', original.minLength, update.minLength),
  ];
  if (original.pattern !== update.pattern) {
    const kind = original.pattern === undefined ? 'PATTERN_ADDED' : update.pattern === undefined ? 'PATTERN_REMOVED' : 'PATTERN_CHANGED';
    diffs.push(difference(kind, 'pattern', original.pattern, update.pattern));
  }
  return diffs;
}

export function compareNumbers(original: NumberNode, update: NumberNode): JsonSchemaDifference[] {
  const diffs = [
    ...bound('MAXIMUM', 'maximum', original.maximum, update.maximum),
    ...bound('MINIMUM', 'minimum', original.minimum, update.minimum),
    ...bound('EXCLUSIVE_MAXIMUM', 'exclusiveMaximum', original.exclusiveMaximum, update.exclusiveMaximum),
    ...bound('EXCLUSIVE_MINIMUM', 'exclusiveMinimum', original.exclusiveMinimum, update.exclusiveMinimum),
  ];
  const [from, to] = [original.multipleOf, update.multipleOf];
  if (from !== to) {
    const kind =
      from === undefined
        ? 'MULTIPLE_OF_ADDED'
        : to === undefined
          ? 'MULTIPLE_OF_REMOVED'
          : isMultiple(to, from)
            ? 'MULTIPLE_OF_EXPANDED'
            : isMultiple(from, to)
              ? 'MULTIPLE_OF_REDUCED'
              : 'MULTIPLE_OF_CHANGED';
    diffs.push(difference(kind, 'multipleOf', from, to));
  }
  if (original.integer !== update.integer) {
    diffs.push(difference(original.integer ? 'TYPE_EXTENDED' : 'TYPE_NARROWED', 'type', describeNumber(original), describeNumber(update)));
  }
  return diffs;
}

/** Confluent compares multipleOf by integer remainder; a ratio test also handles decimals like 0.5. */
function isMultiple(value: number, divisor: number): boolean {
  const ratio = value / divisor;
  return Math.abs(ratio - Math.round(ratio)) < 1e-9;
}

function describeNumber(node: NumberNode): string {
  return node.integer ? 'integer' : 'number';
}

export function compareEnums(original: EnumNode | ConstNode, update: EnumNode | ConstNode): JsonSchemaDifference[] {
  if (original.kind === 'const' || update.kind === 'const') {
    const [from, to] = [(original as ConstNode).value, (update as ConstNode).value];
    return from === to ? [] : [difference('ENUM_ARRAY_CHANGED', 'const', from, to)];
  }
  const [from, to] = [original.values, update.values];
  const toHasAll = [...from].every((v) => to.has(v));
  const fromHasAll = [...to].every((v) => from.has(v));
  if (toHasAll && fromHasAll) return [];
  const shown = (values: Set<string>) => (values.size <= 10 ? `[${[...values].join(', ')}]` : `${values.size} values`);
  const kind = toHasAll ? 'ENUM_ARRAY_EXTENDED' : fromHasAll ? 'ENUM_ARRAY_NARROWED' : 'ENUM_ARRAY_CHANGED';
  return [difference(kind, 'enum', shown(from), shown(to))];
}

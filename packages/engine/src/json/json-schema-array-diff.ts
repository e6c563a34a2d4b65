import { difference, JsonSchemaDifference, SubSchemaComparer, under } from './json-schema-difference';
import { ArrayNode, SchemaNode } from './json-schema-model';
import { bound } from './json-schema-scalar-diff';

/** Confluent's ArraySchemaDiff: tuple items follow the same content-model rules as properties. */
export function compareArrays(differ: SubSchemaComparer, original: ArrayNode, update: ArrayNode): JsonSchemaDifference[] {
  const diffs = [
    ...under('items', differ.compare(original.allItems, update.allItems)),
    ...compareTuples(differ, original, update),
    ...under('additionalItems', compareAdditionalItems(differ, original, update)),
    ...under('contains', differ.compare(original.contains, update.contains)),
    ...bound('MAX_ITEMS', 'maxItems', original.maxItems, update.maxItems),
    ...bound('MIN_ITEMS', 'minItems', original.minItems, update.minItems),
  ];
  if (original.uniqueItems !== update.uniqueItems) {
    diffs.push(difference(original.uniqueItems ? 'UNIQUE_ITEMS_REMOVED' : 'UNIQUE_ITEMS_ADDED', 'uniqueItems'));
  }
  return [
    ...diffs,
    ...bound('MAX_CONTAINS', 'maxContains', original.maxContains, update.maxContains),
    ...bound('MIN_CONTAINS', 'minContains', original.minContains, update.minContains),
  ];
}

function isOpenTuple(node: ArrayNode): boolean {
  return node.permitsAdditionalItems && node.additionalItemsSchema === undefined;
}

function compareTuples(differ: SubSchemaComparer, original: ArrayNode, update: ArrayNode): JsonSchemaDifference[] {
  const diffs: JsonSchemaDifference[] = [];
  const length = Math.max(original.tuple.length, update.tuple.length);
  for (let i = 0; i < length; i++) {
    const [from, to] = [original.tuple[i], update.tuple[i]];
    const found = !to ? itemRemoved(differ, from, update) : !from ? itemAdded(differ, to, original) : differ.compare(from, to);
    diffs.push(...under(`items/${i}`, found));
  }
  return diffs;
}

function itemRemoved(differ: SubSchemaComparer, from: SchemaNode, update: ArrayNode): JsonSchemaDifference[] {
  if (isOpenTuple(update)) return [difference('ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL')];
  if (update.additionalItemsSchema) {
    const sub = differ.compare(from, update.additionalItemsSchema);
    const covered = differ.isCompatible(sub);
    return [
      ...sub,
      difference(
        covered ? 'ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL' : 'ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
      ),
    ];
  }
  return [
    difference(from.kind === 'false' ? 'ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL' : 'ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL'),
  ];
}

function itemAdded(differ: SubSchemaComparer, to: SchemaNode, original: ArrayNode): JsonSchemaDifference[] {
  if (isOpenTuple(original)) {
    return [difference(to.kind === 'empty' ? 'ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL' : 'ITEM_ADDED_TO_OPEN_CONTENT_MODEL')];
  }
  if (original.additionalItemsSchema) {
    const sub = differ.compare(original.additionalItemsSchema, to);
    const covered = differ.isCompatible(sub);
    return [
      ...sub,
      difference(
        covered ? 'ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL' : 'ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
      ),
    ];
  }
  return [difference('ITEM_ADDED_TO_CLOSED_CONTENT_MODEL')];
}

function compareAdditionalItems(differ: SubSchemaComparer, original: ArrayNode, update: ArrayNode): JsonSchemaDifference[] {
  if (original.permitsAdditionalItems !== update.permitsAdditionalItems) {
    return [difference(original.permitsAdditionalItems ? 'ADDITIONAL_ITEMS_REMOVED' : 'ADDITIONAL_ITEMS_ADDED')];
  }
  if (!original.additionalItemsSchema && update.additionalItemsSchema) return [difference('ADDITIONAL_ITEMS_NARROWED')];
  if (original.additionalItemsSchema && !update.additionalItemsSchema) return [difference('ADDITIONAL_ITEMS_EXTENDED')];
  return differ.compare(original.additionalItemsSchema, update.additionalItemsSchema);
}

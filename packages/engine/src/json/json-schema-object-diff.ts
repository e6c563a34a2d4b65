import { difference, JsonSchemaDifference, SubSchemaComparer, under } from './json-schema-difference';
import { escape } from './json-schema-keywords';
import { ObjectNode, SchemaNode } from './json-schema-model';
import { bound } from './json-schema-scalar-diff';

/** Confluent's ObjectSchemaDiff, with the CP 8.2 split of "added to an open content model". */
export function compareObjects(differ: SubSchemaComparer, original: ObjectNode, update: ObjectNode): JsonSchemaDifference[] {
  return [
    ...compareRequired(original, update),
    ...compareProperties(differ, original, update),
    ...comparePatternProperties(differ, original, update),
    ...compareDependencies(differ, original, update),
    ...under('additionalProperties', compareAdditional(differ, original, update)),
    ...bound('MAX_PROPERTIES', 'maxProperties', original.maxProperties, update.maxProperties),
    ...bound('MIN_PROPERTIES', 'minProperties', original.minProperties, update.minProperties),
  ];
}

/** Open: anything unknown is accepted with any value, so a new declaration may contradict old data. */
export function isOpen(node: ObjectNode): boolean {
  return node.patternProperties.length === 0 && node.additionalSchema === undefined && node.permitsAdditional;
}

/** The schema an undeclared property falls under in a partially open object, if any. */
function partialSchemaFor(node: ObjectNode, key: string): SchemaNode | undefined {
  return node.patternProperties.find((p) => p.regex.test(key))?.schema ?? node.additionalSchema;
}

function compareRequired(original: ObjectNode, update: ObjectNode): JsonSchemaDifference[] {
  const diffs: JsonSchemaDifference[] = [];
  for (const key of original.properties.keys()) {
    const schema = update.properties.get(key);
    if (!schema) continue;
    const [was, is] = [original.required.has(key), update.required.has(key)];
    if (was && !is) diffs.push(difference('REQUIRED_ATTRIBUTE_REMOVED', `required/${escape(key)}`));
    if (!was && is) {
      const kind = schema.annotations?.hasDefault ? 'REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED' : 'REQUIRED_ATTRIBUTE_ADDED';
      diffs.push(difference(kind, `required/${escape(key)}`));
    }
  }
  return diffs;
}

function compareProperties(differ: SubSchemaComparer, original: ObjectNode, update: ObjectNode): JsonSchemaDifference[] {
  const diffs: JsonSchemaDifference[] = [];
  const keys = new Set([...original.properties.keys(), ...update.properties.keys()]);
  for (const key of keys) {
    const [from, to] = [original.properties.get(key), update.properties.get(key)];
    const found = !to
      ? propertyRemoved(differ, from as SchemaNode, update, key)
      : !from
        ? propertyAdded(differ, to, original, update, key)
        : differ.compare(from, to);
    diffs.push(...under(`properties/${escape(key)}`, found));
  }
  return diffs;
}

/** Only the reader's content model matters: it is what must still accept the removed property. */
function propertyRemoved(differ: SubSchemaComparer, from: SchemaNode, update: ObjectNode, key: string): JsonSchemaDifference[] {
  if (isOpen(update)) return [difference('PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL')];
  const partial = partialSchemaFor(update, key);
  if (partial) {
    const sub = differ.compare(from, partial);
    const covered = differ.isCompatible(sub);
    return [
      ...sub,
      difference(
        covered
          ? 'PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL'
          : 'PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
      ),
    ];
  }
  return [
    difference(
      from.kind === 'false' ? 'PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL' : 'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL',
    ),
  ];
}

/** Only the writer's content model matters: it decides what old data may already hold there. */
function propertyAdded(
  differ: SubSchemaComparer,
  to: SchemaNode,
  original: ObjectNode,
  update: ObjectNode,
  key: string,
): JsonSchemaDifference[] {
  const required = update.required.has(key);
  if (isOpen(original)) {
    if (to.kind === 'empty') return [difference('PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL')];
    return [difference(required ? 'REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL' : 'OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL')];
  }
  const diffs: JsonSchemaDifference[] = [];
  const partial = partialSchemaFor(original, key);
  if (partial) {
    const sub = differ.compare(partial, to);
    const covered = differ.isCompatible(sub);
    diffs.push(
      ...sub,
      difference(
        covered
          ? 'PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL'
          : 'PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
      ),
    );
  }
  if (!required) diffs.push(difference('OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL'));
  else if (to.annotations?.hasDefault) diffs.push(difference('REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL'));
  else diffs.push(difference('REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL'));
  return diffs;
}

/**
 * Confluent only lets patternProperties decide the content model; comparing same-pattern schemas,
 * and treating a dropped pattern like a dropped property, keeps a changed pattern schema from
 * passing unnoticed.
 */
function comparePatternProperties(differ: SubSchemaComparer, original: ObjectNode, update: ObjectNode): JsonSchemaDifference[] {
  const diffs: JsonSchemaDifference[] = [];
  const sources = new Set([...original.patternProperties, ...update.patternProperties].map((p) => p.source));
  for (const source of sources) {
    const from = original.patternProperties.find((p) => p.source === source)?.schema;
    const to = update.patternProperties.find((p) => p.source === source)?.schema;
    const path = `patternProperties/${escape(source)}`;
    if (from && !to && !update.permitsAdditional) diffs.push(...under(path, [difference('PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL')]));
    else diffs.push(...under(path, differ.compare(from, to ?? (from ? update.additionalSchema : undefined))));
  }
  return diffs;
}

function compareDependencies(differ: SubSchemaComparer, original: ObjectNode, update: ObjectNode): JsonSchemaDifference[] {
  const diffs: JsonSchemaDifference[] = [];
  for (const key of new Set([...original.propertyDependencies.keys(), ...update.propertyDependencies.keys()])) {
    const [from, to] = [original.propertyDependencies.get(key), update.propertyDependencies.get(key)];
    const path = `dependencies/${escape(key)}`;
    if (!to) diffs.push(difference('DEPENDENCY_ARRAY_REMOVED', path));
    else if (!from) diffs.push(difference('DEPENDENCY_ARRAY_ADDED', path, undefined, to));
    else {
      const toHasAll = from.every((p) => to.includes(p));
      const fromHasAll = to.every((p) => from.includes(p));
      if (!(toHasAll && fromHasAll)) {
        const kind = toHasAll ? 'DEPENDENCY_ARRAY_EXTENDED' : fromHasAll ? 'DEPENDENCY_ARRAY_NARROWED' : 'DEPENDENCY_ARRAY_CHANGED';
        diffs.push(difference(kind, path, from, to));
      }
    }
  }
  for (const key of new Set([...original.schemaDependencies.keys(), ...update.schemaDependencies.keys()])) {
    const [from, to] = [original.schemaDependencies.get(key), update.schemaDependencies.get(key)];
    const path = `dependencies/${escape(key)}`;
    if (!to) diffs.push(difference('DEPENDENCY_SCHEMA_REMOVED', path));
    else if (!from) diffs.push(difference('DEPENDENCY_SCHEMA_ADDED', path));
    else diffs.push(...under(path, differ.compare(from, to)));
  }
  return diffs;
}

function compareAdditional(differ: SubSchemaComparer, original: ObjectNode, update: ObjectNode): JsonSchemaDifference[] {
  if (original.permitsAdditional !== update.permitsAdditional) {
    return [difference(update.permitsAdditional ? 'ADDITIONAL_PROPERTIES_ADDED' : 'ADDITIONAL_PROPERTIES_REMOVED')];
  }
  if (!original.additionalSchema && update.additionalSchema) return [difference('ADDITIONAL_PROPERTIES_NARROWED')];
  if (original.additionalSchema && !update.additionalSchema) return [difference('ADDITIONAL_PROPERTIES_EXTENDED')];
  return differ.compare(original.additionalSchema, update.additionalSchema);
}

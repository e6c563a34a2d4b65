import { ObjectNode, SchemaNode } from '@charter/engine';
import { FieldSink, joinPath, tagList } from './schema-field';

interface Container {
  object: ObjectNode;
  suffix: string;
}

interface Shape {
  optional: boolean;
  repeated: boolean;
  containers: Container[];
}

/**
 * Properties of the root object, following nested objects, array items, combinators and `$ref`s
 * (already resolved into the model, recursive ones as cycles: each object node is expanded at
 * most once along a path).
 */
export function jsonSchemaFields(root: SchemaNode, sink: FieldSink): void {
  const objects = shapeOf(root, '').containers.map((c) => c.object);
  for (const object of objects) walk(object, '', 1, objects, sink);
}

function walk(object: ObjectNode, prefix: string, depth: number, enclosing: ObjectNode[], sink: FieldSink): void {
  for (const [name, schema] of object.properties) {
    if (sink.full) return;
    const path = joinPath(prefix, name);
    const shape = shapeOf(schema, '');
    const open = shape.containers.filter((c) => !enclosing.includes(c.object));
    const doc = schema.annotations?.description;
    sink.add({
      path,
      name,
      type: display(schema, true, new Set()),
      depth,
      leaf: shape.containers.length === 0,
      repeated: shape.repeated,
      optional: shape.optional || !object.required.has(name),
      tags: tagList(object.propertyTags?.get(name), ...nodeTags(schema)),
      ...(doc !== undefined ? { doc } : {}),
      ...(open.length < shape.containers.length ? { recursive: true } : {}),
    });
    for (const c of open) walk(c.object, path + c.suffix, depth + 1, [...enclosing, c.object], sink);
  }
}

/** Tags on the node, and on the branches of a combinator (`allOf: [{$ref}, {tags}]`). */
function nodeTags(node: SchemaNode): unknown[] {
  const own = node.annotations?.tags;
  const branches = node.kind === 'combined' ? node.subschemas.map((s) => s.annotations?.tags) : [];
  return [own, ...branches];
}

function shapeOf(node: SchemaNode, suffix: string, seen = new Set<SchemaNode>()): Shape {
  const none: Shape = { optional: false, repeated: false, containers: [] };
  if (seen.has(node)) return none;
  seen.add(node);
  switch (node.kind) {
    case 'null':
      return { ...none, optional: true };
    case 'object': {
      const map = mapValues(node);
      if (map) return { ...shapeOf(map, `${suffix}[]`, seen), optional: false, repeated: true };
      return node.properties.size > 0 ? { ...none, containers: [{ object: node, suffix }] } : none;
    }
    case 'array': {
      const items = node.allItems ? [node.allItems] : node.tuple;
      const shapes = items.map((item) => shapeOf(item, `${suffix}[]`, seen));
      return { optional: false, repeated: true, containers: unique(shapes.flatMap((s) => s.containers)) };
    }
    case 'combined': {
      const shapes = node.subschemas.map((s) => shapeOf(s, suffix, seen));
      return {
        optional: node.criterion !== 'allOf' && shapes.some((s) => s.optional),
        repeated: shapes.some((s) => s.repeated),
        containers: unique(shapes.flatMap((s) => s.containers)),
      };
    }
    default:
      return none;
  }
}

/** An object with no declared properties but a schema for any key is a map. */
function mapValues(node: ObjectNode): SchemaNode | undefined {
  if (node.properties.size > 0 || !node.additionalSchema || node.additionalSchema.kind === 'empty') return undefined;
  return node.additionalSchema;
}

function unique(containers: Container[]): Container[] {
  const seen = new Set<ObjectNode>();
  return containers.filter((c) => !seen.has(c.object) && seen.add(c.object));
}

function display(node: SchemaNode, top: boolean, seen: Set<SchemaNode>): string {
  if (seen.has(node)) return node.annotations?.title ?? node.kind;
  seen.add(node);
  const inner = (n: SchemaNode) => display(n, false, seen);
  switch (node.kind) {
    case 'number':
      return node.integer ? 'integer' : 'number';
    case 'object': {
      const map = mapValues(node);
      if (map) return `map<string,${inner(map)}>`;
      const title = node.annotations?.title;
      return title ? (top ? `object ${title}` : title) : 'object';
    }
    case 'array':
      if (node.allItems) return `array<${inner(node.allItems)}>`;
      return node.tuple.length > 0 ? `tuple<${node.tuple.map(inner).join(',')}>` : 'array';
    case 'combined': {
      const parts = node.subschemas.map(inner);
      if (node.criterion === 'anyOf') return `union<${parts.join(',')}>`;
      if (node.criterion === 'oneOf') return `oneOf<${parts.join(',')}>`;
      // One schema object with several aspects (`type` + `enum`) is modelled as allOf.
      if (parts.includes('enum')) return 'enum';
      if (parts.includes('const')) return 'const';
      return parts.length === 1 ? parts[0] : `allOf<${parts.join(',')}>`;
    }
    case 'empty':
      return 'any';
    case 'false':
      return 'never';
    default:
      return node.kind;
  }
}

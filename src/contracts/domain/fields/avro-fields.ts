import { AvroModel, AvroNode, AvroProps, AvroRecord, isNamed } from '@charter/engine';
import { FieldSink, joinPath, tagList } from './schema-field';

/** A record reachable from a field's type, and the `[]` suffixes of the arrays/maps on the way. */
interface Container {
  record: AvroRecord;
  suffix: string;
}

interface Shape {
  optional: boolean;
  repeated: boolean;
  containers: Container[];
}

/** Fields of the root record (or of every record branch of a root union). */
export function avroFields(model: AvroModel, sink: FieldSink): void {
  for (const { record } of shapeOf(model.root, '').containers) walk(record, '', 1, [record], sink);
}

function walk(record: AvroRecord, prefix: string, depth: number, enclosing: AvroRecord[], sink: FieldSink): void {
  for (const field of record.fields) {
    if (sink.full) return;
    const path = joinPath(prefix, field.name);
    const shape = shapeOf(field.type, '');
    const open = shape.containers.filter((c) => !enclosing.includes(c.record));
    sink.add({
      path,
      name: field.name,
      type: display(field.type, true),
      depth,
      leaf: shape.containers.length === 0,
      repeated: shape.repeated,
      optional: shape.optional,
      tags: tagsOf(field.props),
      ...(field.doc !== undefined ? { doc: field.doc } : {}),
      ...(open.length < shape.containers.length ? { recursive: true } : {}),
    });
    for (const c of open) walk(c.record, path + c.suffix, depth + 1, [...enclosing, c.record], sink);
  }
}

function shapeOf(node: AvroNode, suffix: string): Shape {
  switch (node.kind) {
    case 'record':
      return { optional: false, repeated: false, containers: [{ record: node, suffix }] };
    case 'array':
      return { ...shapeOf(node.items, `${suffix}[]`), optional: false, repeated: true };
    case 'map':
      return { ...shapeOf(node.values, `${suffix}[]`), optional: false, repeated: true };
    case 'union': {
      const branches = node.branches.filter((b) => !(b.kind === 'primitive' && b.type === 'null')).map((b) => shapeOf(b, suffix));
      return {
        optional: branches.length < node.branches.length,
        repeated: branches.some((b) => b.repeated),
        containers: branches.flatMap((b) => b.containers),
      };
    }
    default:
      return { optional: false, repeated: false, containers: [] };
  }
}

/** `record Address` for the field itself, the bare name inside `array<..>`, logical types by name. */
function display(node: AvroNode, top: boolean): string {
  if (isNamed(node)) return top ? `${node.kind} ${node.name}` : node.name;
  switch (node.kind) {
    case 'primitive': {
      const logical = node.props.find(([key]) => key === 'logicalType')?.[1];
      return typeof logical === 'string' ? logical : node.type;
    }
    case 'array':
      return `array<${display(node.items, false)}>`;
    case 'map':
      return `map<string,${display(node.values, false)}>`;
    case 'union':
      return `union<${node.branches.map((b) => display(b, false)).join(',')}>`;
  }
}

function tagsOf(props: AvroProps): string[] {
  return tagList(...props.filter(([key]) => key === 'tags' || key === 'confluent:tags').map(([, value]) => value));
}

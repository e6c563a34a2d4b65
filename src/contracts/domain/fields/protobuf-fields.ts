import { isOneof, ProtobufModel, ProtoField, ProtoMessage, ProtoOption, ProtoOptionValue } from '@charter/engine';
import { FieldSink, joinPath, tagList } from './schema-field';

/**
 * Messages that stand for one value (a timestamp, a decimal, a date) rather than a structure
 * someone designed: shown as a leaf, so `occurredAt` is one field and not `seconds` + `nanos`.
 */
const VALUE_PACKAGES = ['google.protobuf.', 'google.type.', 'confluent.type.'];

/**
 * Fields of the schema's message, which for Confluent is the first message of the file; nested
 * and imported messages are expanded where fields use them.
 */
export function protobufFields(model: ProtobufModel, sink: FieldSink): void {
  const root = model.file.messages[0];
  if (root) walk(model, root, '', 1, [root.fullName], sink);
}

function walk(model: ProtobufModel, message: ProtoMessage, prefix: string, depth: number, enclosing: string[], sink: FieldSink): void {
  for (const member of message.members) {
    const inOneof = isOneof(member);
    for (const field of inOneof ? member.fields : [member]) {
      if (sink.full) return;
      const path = joinPath(prefix, field.name);
      const repeated = field.label === 'repeated' || field.keyType !== undefined;
      const target = expandable(model, field);
      const recursive = target !== undefined && enclosing.includes(target.fullName);
      const meta = confluentMeta(field.options);
      sink.add({
        path,
        name: field.name,
        type: display(model, field),
        depth,
        leaf: target === undefined,
        repeated,
        optional: inOneof || field.label === 'optional',
        tags: tagsOf(field.options, meta),
        ...(typeof meta?.doc === 'string' ? { doc: meta.doc } : {}),
        ...(recursive ? { recursive: true } : {}),
      });
      if (target && !recursive) {
        walk(model, target, repeated ? `${path}[]` : path, depth + 1, [...enclosing, target.fullName], sink);
      }
    }
  }
}

function expandable(model: ProtobufModel, field: ProtoField): ProtoMessage | undefined {
  if (field.typeKind !== 'message') return undefined;
  const name = field.type.replace(/^\./, '');
  if (VALUE_PACKAGES.some((p) => name.startsWith(p))) return undefined;
  const entry = model.types.get(name);
  return entry?.type.kind === 'message' ? entry.type : undefined;
}

function display(model: ProtobufModel, field: ProtoField): string {
  const single = typeName(model, field, field.label !== 'repeated' && field.keyType === undefined);
  if (field.keyType !== undefined) return `map<${field.keyType},${single}>`;
  return field.label === 'repeated' ? `array<${single}>` : single;
}

function typeName(model: ProtobufModel, field: ProtoField, top: boolean): string {
  if (field.typeKind === 'scalar') return field.type;
  const name = field.type.replace(/^\./, '');
  if (VALUE_PACKAGES.some((p) => name.startsWith(p))) return name;
  const short = model.types.get(name)?.type.name ?? name.split('.').pop()!;
  return top ? `${field.typeKind} ${short}` : short;
}

type Meta = { [name: string]: ProtoOptionValue };

/** `[(confluent.field_meta).tags = "PII"]` and `[(confluent.field_meta) = { tags: [..] }]` read alike. */
function confluentMeta(options: ProtoOption[]): Meta | undefined {
  const option = options.find((o) => o.name === '(confluent.field_meta)');
  const value = option?.value;
  return value && typeof value === 'object' && !Array.isArray(value) && !('ident' in value) ? value : undefined;
}

/** Confluent's field metadata, and any custom `(tags)` / `(pkg.tags)` option a schema declares. */
function tagsOf(options: ProtoOption[], meta: Meta | undefined): string[] {
  const custom = options
    .filter((o) => o.name === '(confluent.field_meta).tags' || /^\((?:[\w.]+\.)?tags\)$/.test(o.name))
    .map((o) => o.value);
  return tagList(meta?.tags, ...custom);
}

import { breaks } from './protobuf-kinds';
import { ProtoField, ProtoLabel, ProtoTypeEntry } from './protobuf-model';
import { DifferenceSink } from './protobuf-difference';

/**
 * Wire-compatible scalar groups (docs/reference/confluent-registry.md, part 4): a change inside a group is fine. Enums travel as
 * varints, so they share the int32 family.
 */
const SCALAR_GROUPS: Record<string, string> = {
  int32: 'varint',
  int64: 'varint',
  uint32: 'varint',
  uint64: 'varint',
  bool: 'varint',
  sint32: 'zigzag',
  sint64: 'zigzag',
  string: 'length-delimited',
  bytes: 'length-delimited',
  fixed32: 'fixed32',
  sfixed32: 'fixed32',
  fixed64: 'fixed64',
  sfixed64: 'fixed64',
  float: 'float',
  double: 'double',
};
const ENUM_GROUP = 'varint';

type TypeRef =
  { kind: 'scalar'; name: string; group: string } | { kind: 'message'; name: string } | { kind: 'map'; key: TypeRef; value: TypeRef };

interface FieldSite {
  scope: DifferenceSink;
  original: ProtoField;
  update: ProtoField;
  path: string;
  message: string;
}

/** Confluent's FieldSchemaDiff: name, then kind, then scalar group or message type, then label. */
export function compareFields(scope: DifferenceSink, original: ProtoField, update: ProtoField, path: string, message: string): void {
  if (unchangedLocally(original, update)) return;
  const site: FieldSite = { scope, original, update, path, message };
  if (original.name !== update.name) {
    scope.add(
      'FIELD_NAME_CHANGED',
      path,
      () => `Field #${original.number} of message '${message}' was renamed from '${original.name}' to '${update.name}'.`,
    );
  }
  compareTypes(site, original.label, update.label, typeRef(original), typeRef(update));
}

/** Same declaration, and not a message that may differ behind the same name in an import. */
function unchangedLocally(o: ProtoField, u: ProtoField): boolean {
  return o.name === u.name && o.type === u.type && o.keyType === u.keyType && o.label === u.label && o.typeKind !== 'message';
}

function typeRef(field: ProtoField): TypeRef {
  const value: TypeRef =
    field.typeKind === 'scalar'
      ? { kind: 'scalar', name: field.type, group: SCALAR_GROUPS[field.type] }
      : field.typeKind === 'enum'
        ? { kind: 'scalar', name: field.type, group: ENUM_GROUP }
        : { kind: 'message', name: field.type };
  if (!field.keyType) return value;
  return { kind: 'map', key: { kind: 'scalar', name: field.keyType, group: SCALAR_GROUPS[field.keyType] }, value };
}

function describe(ref: TypeRef): string {
  if (ref.kind === 'map') return `map<${describe(ref.key)}, ${describe(ref.value)}>`;
  return ref.name.startsWith('.') ? ref.name.slice(1) : ref.name;
}

const KIND_WORDS = { scalar: 'a scalar or enum', message: 'a message', map: 'a map' } as const;

function compareTypes(site: FieldSite, oLabel: ProtoLabel | undefined, uLabel: ProtoLabel | undefined, o: TypeRef, u: TypeRef): void {
  const { scope, path } = site;
  const field = `Field '${site.original.name}' (#${site.original.number}) of message '${site.message}'`;
  if (o.kind !== u.kind) {
    scope.add(
      'FIELD_KIND_CHANGED',
      path,
      () =>
        `${field} changed from ${KIND_WORDS[o.kind]} (${describe(o)}) to ${KIND_WORDS[u.kind]} (${describe(u)}); readers cannot decode data written with the other kind.`,
    );
    return;
  }
  if (o.kind === 'map' && u.kind === 'map') {
    compareTypes(site, undefined, undefined, o.key, u.key);
    compareTypes(site, undefined, undefined, o.value, u.value);
    return;
  }
  if (o.kind === 'message' && u.kind === 'message') {
    compareMessageTypes(site, field, o.name, u.name);
    return;
  }
  if (o.kind !== 'scalar' || u.kind !== 'scalar') return;
  if (o.group !== u.group) {
    scope.add(
      'FIELD_SCALAR_KIND_CHANGED',
      path,
      () => `${field} changed from ${describe(o)} to ${describe(u)}; readers cannot decode data written with the other type.`,
    );
    return;
  }
  if (!oLabel || !uLabel || oLabel === uLabel) return;
  if (o.group === 'length-delimited') {
    scope.add('FIELD_STRING_OR_BYTES_LABEL_CHANGED', path, () => `${field} changed label from ${oLabel} to ${uLabel}.`);
  } else {
    scope.add(
      'FIELD_NUMERIC_LABEL_CHANGED',
      path,
      () =>
        `${field} changed label from ${oLabel} to ${uLabel}; numeric values are encoded differently for single and repeated fields, so readers cannot decode data written with the other label.`,
    );
  }
}

/** Package-relative names decide; same name → structural comparison (unless already covered). */
function compareMessageTypes(site: FieldSite, field: string, originalName: string, updateName: string): void {
  const { scope, path } = site;
  const run = scope.run;
  const o = run.original.types.get(originalName.slice(1)) as ProtoTypeEntry;
  const u = run.update.types.get(updateName.slice(1)) as ProtoTypeEntry;
  const oLocal = localName(originalName, o);
  const uLocal = localName(updateName, u);
  if (oLocal !== uLocal) {
    scope.add(
      'FIELD_NAMED_TYPE_CHANGED',
      path,
      () => `${field} changed type from '${oLocal}' to '${uLocal}'; readers cannot decode data written with the other message type.`,
    );
    return;
  }
  // Types of the schema itself are compared by the walk over its declarations.
  if (!o.filePath && !u.filePath) return;
  if (run.sameImport(o.filePath, u.filePath)) return;
  const sub = run.subDiff(originalName.slice(1), updateName.slice(1), oLocal);
  scope.addAll(sub);
  if (sub.some((d) => breaks(d.kind))) {
    scope.add(
      'FIELD_NAMED_TYPE_CHANGED',
      path,
      () =>
        `${field} has type '${oLocal}', whose definitions differ incompatibly between the two versions; readers cannot decode data written with the other one.`,
    );
  }
}

function localName(fullName: string, entry: ProtoTypeEntry): string {
  const name = fullName.slice(1);
  return entry.packageName && name.startsWith(`${entry.packageName}.`) ? name.slice(entry.packageName.length + 1) : name;
}

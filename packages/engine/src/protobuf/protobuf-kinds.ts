/**
 * The closed set of differences Confluent's Protobuf `SchemaDiff` reports, as data. `breaks`
 * marks the differences that make `update` unable to read data written with `original`
 * (docs/reference/confluent-registry.md, part 4); everything else is reported by the diff view but never fails a check.
 */
export const PROTOBUF_KINDS = {
  PACKAGE_CHANGED: { breaks: true, summary: 'package changed' },
  MESSAGE_ADDED: { breaks: false, summary: 'message added' },
  MESSAGE_REMOVED: { breaks: true, summary: 'message removed' },
  MESSAGE_MOVED: { breaks: false, summary: 'message moved' },
  ENUM_ADDED: { breaks: false, summary: 'enum added' },
  ENUM_REMOVED: { breaks: false, summary: 'enum removed' },
  ENUM_CONST_ADDED: { breaks: false, summary: 'enum constant added' },
  ENUM_CONST_CHANGED: { breaks: false, summary: 'enum constant renamed' },
  ENUM_CONST_REMOVED: { breaks: false, summary: 'enum constant removed' },
  FIELD_ADDED: { breaks: false, summary: 'field added' },
  FIELD_REMOVED: { breaks: false, summary: 'field removed' },
  FIELD_NAME_CHANGED: { breaks: false, summary: 'field renamed' },
  FIELD_KIND_CHANGED: { breaks: true, summary: 'field kind changed' },
  FIELD_SCALAR_KIND_CHANGED: { breaks: true, summary: 'field scalar type changed' },
  FIELD_NAMED_TYPE_CHANGED: { breaks: true, summary: 'field message type changed' },
  FIELD_NUMERIC_LABEL_CHANGED: { breaks: true, summary: 'numeric field label changed' },
  FIELD_STRING_OR_BYTES_LABEL_CHANGED: { breaks: false, summary: 'string/bytes field label changed' },
  REQUIRED_FIELD_ADDED: { breaks: true, summary: 'required field added' },
  REQUIRED_FIELD_REMOVED: { breaks: true, summary: 'required field removed' },
  ONEOF_ADDED: { breaks: false, summary: 'oneof added' },
  ONEOF_REMOVED: { breaks: false, summary: 'oneof removed' },
  ONEOF_FIELD_ADDED: { breaks: false, summary: 'oneof member added' },
  ONEOF_FIELD_REMOVED: { breaks: true, summary: 'oneof member removed' },
  ONEOF_FIELD_MOVED_TO_TOP_LEVEL: { breaks: false, summary: 'oneof member moved to top level' },
  MULTIPLE_FIELDS_MOVED_TO_ONEOF: { breaks: true, summary: 'several fields moved into one oneof' },
  FIELD_MOVED_TO_EXISTING_ONEOF: { breaks: true, summary: 'field moved into an existing oneof' },
} as const satisfies Record<string, { breaks: boolean; summary: string }>;

export type ProtobufKind = keyof typeof PROTOBUF_KINDS;

export function breaks(kind: ProtobufKind): boolean {
  return PROTOBUF_KINDS[kind].breaks;
}

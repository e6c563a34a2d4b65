/**
 * Charter's own model of one .proto file, independent of protobufjs so that the .proto text and
 * the binary FileDescriptorProto forms land in the same structure (and so print the same).
 * Type references are stored resolved: `.pkg.Outer.Inner` for messages and enums, the bare name
 * for scalars.
 */
export type ProtoSyntax = 'proto2' | 'proto3' | 'editions';

/** What a label keyword says when one is written; undefined = no label in the source. */
export type ProtoLabel = 'optional' | 'required' | 'repeated';

/** An enum-valued option is an identifier, not a string; the difference shows in the text. */
export interface ProtoIdent {
  ident: string;
}

export type ProtoOptionValue = string | number | boolean | ProtoIdent | ProtoOptionValue[] | { [name: string]: ProtoOptionValue };

export interface ProtoOption {
  name: string;
  value: ProtoOptionValue;
}

export type ProtoTypeKind = 'scalar' | 'message' | 'enum';

export interface ProtoField {
  name: string;
  number: number;
  label?: ProtoLabel;
  /** Scalar name (`int32`) or resolved full name (`.pkg.Msg`). */
  type: string;
  typeKind: ProtoTypeKind;
  /** Set for `map<keyType, type>` fields. */
  keyType?: string;
  options: ProtoOption[];
  /** Resolved full name of the extended message, for fields declared in `extend` blocks. */
  extendee?: string;
}

export interface ProtoOneof {
  name: string;
  fields: ProtoField[];
  options: ProtoOption[];
}

export interface ProtoReserved {
  ranges: Array<[number, number]>;
  names: string[];
}

export interface ProtoMessage {
  kind: 'message';
  name: string;
  fullName: string;
  /** Declaration order; oneof members live in `oneofs` and are placed by `members`. */
  members: Array<ProtoField | ProtoOneof>;
  reserved: ProtoReserved;
  extensionRanges: Array<[number, number]>;
  messages: ProtoMessage[];
  enums: ProtoEnum[];
  extensions: ProtoField[];
  options: ProtoOption[];
}

export interface ProtoEnumValue {
  name: string;
  number: number;
  options: ProtoOption[];
}

export interface ProtoEnum {
  kind: 'enum';
  name: string;
  fullName: string;
  values: ProtoEnumValue[];
  reserved: ProtoReserved;
  options: ProtoOption[];
}

export interface ProtoMethod {
  name: string;
  input: string;
  output: string;
  clientStreaming: boolean;
  serverStreaming: boolean;
  options: ProtoOption[];
}

export interface ProtoService {
  name: string;
  methods: ProtoMethod[];
  options: ProtoOption[];
}

export interface ProtoImport {
  path: string;
  modifier?: 'public' | 'weak';
}

export interface ProtoFile {
  path: string;
  syntax: ProtoSyntax;
  /** Edition string (`2023`) when syntax is 'editions'. */
  edition?: string;
  package: string;
  imports: ProtoImport[];
  options: ProtoOption[];
  messages: ProtoMessage[];
  enums: ProtoEnum[];
  services: ProtoService[];
  extensions: ProtoField[];
}

export type ProtoType = ProtoMessage | ProtoEnum;

export interface ProtoTypeEntry {
  type: ProtoType;
  /** Package of the file that declares it, to compute package-relative names. */
  packageName: string;
  /** Import path of the declaring file ('' for the schema itself). */
  filePath: string;
}

/** `ParsedSchema.model` of a Protobuf schema: the file plus every type it can see. */
export interface ProtobufModel {
  file: ProtoFile;
  /** Full name without leading dot → declaration, for the file and all its imports. */
  types: Map<string, ProtoTypeEntry>;
  /** The imported files, keyed by import path, for descriptor and canonical output. */
  dependencies: Map<string, ProtoFile>;
}

export function isOneof(member: ProtoField | ProtoOneof): member is ProtoOneof {
  return (member as ProtoOneof).fields !== undefined;
}

export function isIdent(value: ProtoOptionValue): value is ProtoIdent {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'ident' in value;
}

export function messageFields(message: ProtoMessage): ProtoField[] {
  return message.members.flatMap((m) => (isOneof(m) ? m.fields : [m]));
}

export const SCALAR_TYPES: ReadonlySet<string> = new Set([
  'double',
  'float',
  'int32',
  'int64',
  'uint32',
  'uint64',
  'sint32',
  'sint64',
  'fixed32',
  'fixed64',
  'sfixed32',
  'sfixed64',
  'bool',
  'string',
  'bytes',
]);

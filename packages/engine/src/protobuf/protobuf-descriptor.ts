import * as protobuf from 'protobufjs';
import * as descriptor from 'protobufjs/ext/descriptor';
import { ParsedSchema } from '../schema-format';
import { toOptionsObject } from './protobuf-descriptor-options';
import {
  isIdent,
  isOneof,
  ProtobufModel,
  ProtoEnum,
  ProtoField,
  ProtoFile,
  ProtoMessage,
  ProtoOption,
  ProtoSyntax,
} from './protobuf-model';

export { fileFromDescriptor } from './protobuf-descriptor-reader';

/**
 * base64 of the binary FileDescriptorProto, the `format=serialized` form the Confluent serdes
 * use. Type names are fully qualified, map fields become `*Entry` messages and proto3 `optional`
 * fields get their synthetic oneofs, as protoc would write them. Custom options are omitted:
 * encoding them needs the option extension's number, which the schema text does not carry.
 */
export function toSerializedDescriptor(parsed: ParsedSchema): string {
  const { file } = parsed.model as ProtobufModel;
  const message = descriptor.FileDescriptorProto.fromObject(fileObject(file));
  return Buffer.from(descriptor.FileDescriptorProto.encode(message).finish()).toString('base64');
}

export function looksLikeBase64(text: string): boolean {
  const compact = text.trim();
  return compact.length >= 4 && /^[A-Za-z0-9+/]+={0,2}$/.test(compact);
}

function fileObject(file: ProtoFile): Record<string, unknown> {
  const dependency = file.imports.map((i) => i.path);
  const indexesOf = (modifier: string): number[] => file.imports.flatMap((imp, i) => (imp.modifier === modifier ? [i] : []));
  return {
    name: file.path || 'schema.proto',
    package: file.package || undefined,
    dependency,
    publicDependency: indexesOf('public'),
    weakDependency: indexesOf('weak'),
    messageType: file.messages.map((m) => messageObject(m, file.syntax)),
    enumType: file.enums.map(enumObject),
    service: file.services.map((s) => ({
      name: s.name,
      method: s.methods.map((m) => ({
        name: m.name,
        inputType: m.input,
        outputType: m.output,
        clientStreaming: m.clientStreaming || undefined,
        serverStreaming: m.serverStreaming || undefined,
        options: toOptionsObject(m.options, 'MethodOptions'),
      })),
      options: toOptionsObject(s.options, 'ServiceOptions'),
    })),
    extension: file.extensions.map((f) => fieldObject(f, undefined)),
    options: toOptionsObject(file.options, 'FileOptions'),
    syntax: file.syntax,
    edition: file.syntax === 'editions' ? `EDITION_${file.edition}` : undefined,
  };
}

function messageObject(message: ProtoMessage, syntax: ProtoSyntax): Record<string, unknown> {
  const fields: Array<Record<string, unknown>> = [];
  const oneofDecl: Array<Record<string, unknown>> = [];
  const mapEntries: Array<Record<string, unknown>> = [];
  const synthetic: ProtoField[] = [];
  for (const member of message.members) {
    if (isOneof(member)) {
      const index = oneofDecl.length;
      oneofDecl.push({ name: member.name, options: toOptionsObject(member.options, 'OneofOptions') });
      for (const f of member.fields) fields.push(fieldObject(f, index));
      continue;
    }
    if (member.keyType) mapEntries.push(mapEntryObject(member));
    // proto3 `optional` is carried as a synthetic oneof, as protoc does
    if (member.label === 'optional' && syntax === 'proto3') synthetic.push(member);
    fields.push(fieldObject(member, undefined, message));
  }
  for (const field of synthetic) {
    const target = fields.find((f) => f.number === field.number) as Record<string, unknown>;
    target.oneofIndex = oneofDecl.length;
    target.proto3Optional = true;
    oneofDecl.push({ name: syntheticOneofName(field.name, message) });
  }
  return {
    name: message.name,
    field: fields,
    nestedType: [...message.messages.map((m) => messageObject(m, syntax)), ...mapEntries],
    enumType: message.enums.map(enumObject),
    extensionRange: message.extensionRanges.map(([start, end]) => ({ start, end: end + 1 })),
    extension: message.extensions.map((f) => fieldObject(f, undefined)),
    options: toOptionsObject(message.options, 'MessageOptions'),
    oneofDecl,
    reservedRange: message.reserved.ranges.map(([start, end]) => ({ start, end: end + 1 })),
    reservedName: message.reserved.names,
  };
}

function syntheticOneofName(fieldName: string, message: ProtoMessage): string {
  const taken = new Set(message.members.filter(isOneof).map((o) => o.name));
  let name = `_${fieldName}`;
  while (taken.has(name)) name = `X${name}`;
  return name;
}

function mapEntryName(fieldName: string): string {
  return `${protobuf.util.ucFirst(protobuf.util.camelCase(fieldName))}Entry`;
}

function mapEntryObject(field: ProtoField): Record<string, unknown> {
  const valueField: ProtoField = { ...field, name: 'value', number: 2, keyType: undefined, options: [], label: 'optional' };
  const keyField: ProtoField = {
    name: 'key',
    number: 1,
    type: field.keyType as string,
    typeKind: 'scalar',
    options: [],
    label: 'optional',
  };
  return {
    name: mapEntryName(field.name),
    field: [fieldObject(keyField, undefined), fieldObject(valueField, undefined)],
    options: { mapEntry: true },
  };
}

const LABELS = { optional: 'LABEL_OPTIONAL', required: 'LABEL_REQUIRED', repeated: 'LABEL_REPEATED' } as const;

function fieldObject(field: ProtoField, oneofIndex: number | undefined, owner?: ProtoMessage): Record<string, unknown> {
  const defaultOption = field.options.find((o) => o.name === 'default');
  const jsonName = field.options.find((o) => o.name === 'json_name');
  const rest: ProtoOption[] = field.options.filter((o) => o.name !== 'default' && o.name !== 'json_name');
  const isMap = field.keyType !== undefined;
  const result: Record<string, unknown> = {
    name: field.name,
    number: field.number,
    label: isMap ? 'LABEL_REPEATED' : LABELS[field.label ?? 'optional'],
    type: isMap
      ? 'TYPE_MESSAGE'
      : field.typeKind === 'scalar'
        ? `TYPE_${field.type.toUpperCase()}`
        : `TYPE_${field.typeKind.toUpperCase()}`,
    typeName: isMap
      ? `${owner ? `.${owner.fullName}` : ''}.${mapEntryName(field.name)}`
      : field.typeKind === 'scalar'
        ? undefined
        : field.type,
    extendee: field.extendee,
    defaultValue: defaultOption ? defaultText(defaultOption.value) : undefined,
    oneofIndex,
    jsonName: typeof jsonName?.value === 'string' ? jsonName.value : undefined,
    options: toOptionsObject(rest, 'FieldOptions'),
  };
  return result;
}

function defaultText(value: ProtoOption['value']): string {
  if (isIdent(value)) return value.ident;
  if (typeof value === 'number') return Number.isNaN(value) ? 'nan' : Number.isFinite(value) ? String(value) : value > 0 ? 'inf' : '-inf';
  return String(value);
}

function enumObject(en: ProtoEnum): Record<string, unknown> {
  return {
    name: en.name,
    value: en.values.map((v) => ({ name: v.name, number: v.number, options: toOptionsObject(v.options, 'EnumValueOptions') })),
    options: toOptionsObject(en.options, 'EnumOptions'),
    reservedRange: en.reserved.ranges.map(([start, end]) => ({ start, end })),
    reservedName: en.reserved.names,
  };
}

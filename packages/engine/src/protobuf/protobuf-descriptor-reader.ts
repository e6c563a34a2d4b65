import * as protobuf from 'protobufjs';
import * as descriptor from 'protobufjs/ext/descriptor';
import { SCHEMA_LIMITS } from '../limits';
import { SchemaParseError } from '../schema-parse-error';
import { fromOptionsMessage } from './protobuf-descriptor-options';
import {
  ProtoEnum,
  ProtoField,
  ProtoFile,
  ProtoLabel,
  ProtoMessage,
  ProtoOneof,
  ProtoOption,
  ProtoOptionValue,
  ProtoSyntax,
} from './protobuf-model';

const LABEL_REPEATED = 3;
const FIELD_TYPES = descriptor.FieldDescriptorProto.lookupEnum('Type');
const EDITIONS = (descriptor.FileDescriptorProto.parent as protobuf.Namespace).lookupEnum('Edition');

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * A base64 FileDescriptorProto (as compiled by protoc/buf and sent by the Confluent serdes) →
 * the same model the .proto text gives: `*Entry` messages become map fields again, synthetic
 * oneofs become proto3 `optional`, protoc's default json_name is dropped.
 */
export function fileFromDescriptor(base64: string): ProtoFile {
  let raw: Obj;
  try {
    raw = descriptor.FileDescriptorProto.decode(Buffer.from(base64, 'base64')) as unknown as Obj;
  } catch (error) {
    throw new SchemaParseError(`not a FileDescriptorProto: ${(error as Error).message}`);
  }
  const syntax: ProtoSyntax = raw.syntax === 'proto3' ? 'proto3' : raw.syntax === 'editions' ? 'editions' : 'proto2';
  if (!raw.name && !(raw.messageType ?? []).length && !(raw.enumType ?? []).length) {
    throw new SchemaParseError('not a FileDescriptorProto: it declares no file name and no types');
  }
  const dependency: string[] = raw.dependency ?? [];
  const reader = new DescriptorReader(syntax);
  return {
    path: '',
    syntax,
    edition: syntax === 'editions' ? editionName(raw.edition) : undefined,
    package: raw.package ?? '',
    imports: dependency.map((path, i) => {
      if ((raw.publicDependency ?? []).includes(i)) return { path, modifier: 'public' as const };
      if ((raw.weakDependency ?? []).includes(i)) return { path, modifier: 'weak' as const };
      return { path };
    }),
    options: fromOptionsMessage(raw.options, 'FileOptions'),
    messages: (raw.messageType ?? []).map((m: Obj) => reader.message(m, raw.package ?? '', 1)),
    enums: (raw.enumType ?? []).map((e: Obj) => reader.enumType(e, raw.package ?? '')),
    services: (raw.service ?? []).map((s: Obj) => ({
      name: s.name,
      options: fromOptionsMessage(s.options, 'ServiceOptions'),
      methods: (s.method ?? []).map((m: Obj) => ({
        name: m.name,
        input: m.inputType,
        output: m.outputType,
        clientStreaming: Boolean(m.clientStreaming),
        serverStreaming: Boolean(m.serverStreaming),
        options: fromOptionsMessage(m.options, 'MethodOptions'),
      })),
    })),
    extensions: (raw.extension ?? []).map((f: Obj) => reader.field(f, false)),
  };
}

function editionName(edition: number | undefined): string {
  const name = edition === undefined ? undefined : EDITIONS.valuesById[edition];
  return name ? name.replace(/^EDITION_/, '') : '2023';
}

class DescriptorReader {
  constructor(private readonly syntax: ProtoSyntax) {}

  message(raw: Obj, scope: string, depth: number): ProtoMessage {
    if (depth > SCHEMA_LIMITS.maxDepth) {
      throw new SchemaParseError(`messages are nested more than ${SCHEMA_LIMITS.maxDepth} levels deep`);
    }
    const fullName = scope ? `${scope}.${raw.name}` : raw.name;
    const nested: Obj[] = raw.nestedType ?? [];
    const entries = new Map<string, Obj>();
    for (const n of nested) if (n.options?.mapEntry) entries.set(`.${fullName}.${n.name}`, n);
    const oneofDecl: Obj[] = raw.oneofDecl ?? [];
    const realOneofs = new Map<number, ProtoOneof>();
    const members: ProtoMessage['members'] = [];
    for (const f of raw.field ?? []) {
      const synthetic = Boolean(f.proto3Optional);
      // decoded messages carry defaults on the prototype: only an own oneofIndex was written
      if (Object.prototype.hasOwnProperty.call(f, 'oneofIndex') && !synthetic) {
        let oneof = realOneofs.get(f.oneofIndex);
        if (!oneof) {
          const decl = oneofDecl[f.oneofIndex] ?? {};
          oneof = { name: decl.name, fields: [], options: fromOptionsMessage(decl.options, 'OneofOptions') };
          realOneofs.set(f.oneofIndex, oneof);
          members.push(oneof);
        }
        oneof.fields.push(this.field(f, true));
        continue;
      }
      const entry = entries.get(qualify(f.typeName, fullName)) ?? entries.get(f.typeName);
      members.push(entry && f.label === LABEL_REPEATED ? this.mapField(f, entry) : this.field(f, false));
    }
    return {
      kind: 'message',
      name: raw.name,
      fullName,
      members,
      reserved: {
        ranges: (raw.reservedRange ?? []).map((r: Obj) => [r.start, r.end - 1] as [number, number]),
        names: raw.reservedName ?? [],
      },
      extensionRanges: (raw.extensionRange ?? []).map((r: Obj) => [r.start, r.end - 1] as [number, number]),
      messages: nested.filter((n) => !n.options?.mapEntry).map((n) => this.message(n, fullName, depth + 1)),
      enums: (raw.enumType ?? []).map((e: Obj) => this.enumType(e, fullName)),
      extensions: (raw.extension ?? []).map((f: Obj) => this.field(f, false)),
      options: fromOptionsMessage(raw.options, 'MessageOptions'),
    };
  }

  field(raw: Obj, inOneof: boolean): ProtoField {
    const typeName = FIELD_TYPES.valuesById[raw.type] ?? '';
    if (typeName === 'TYPE_GROUP') throw new SchemaParseError(`group field '${raw.name}' is not supported`);
    const isNamed = typeName === 'TYPE_MESSAGE' || typeName === 'TYPE_ENUM';
    const field: ProtoField = {
      name: raw.name,
      number: raw.number,
      type: isNamed ? raw.typeName : typeName.replace(/^TYPE_/, '').toLowerCase(),
      typeKind: typeName === 'TYPE_ENUM' ? 'enum' : isNamed ? 'message' : 'scalar',
      options: [...this.specialOptions(raw, typeName), ...fromOptionsMessage(raw.options, 'FieldOptions')],
    };
    const label = inOneof ? undefined : this.labelOf(raw);
    if (label) field.label = label;
    if (raw.extendee) field.extendee = raw.extendee;
    return field;
  }

  private mapField(raw: Obj, entry: Obj): ProtoField {
    const [key, value] = [1, 2].map((n) => (entry.field ?? []).find((f: Obj) => f.number === n));
    const valueField = this.field(value, true);
    return {
      ...valueField,
      name: raw.name,
      number: raw.number,
      keyType: this.field(key, true).type,
      options: fromOptionsMessage(raw.options, 'FieldOptions'),
    };
  }

  private labelOf(raw: Obj): ProtoLabel | undefined {
    if (raw.label === LABEL_REPEATED) return 'repeated';
    if (raw.label === 2) return 'required';
    if (raw.proto3Optional) return 'optional';
    return this.syntax === 'proto2' ? 'optional' : undefined;
  }

  /** default and json_name are fields of the descriptor but options in the .proto text. */
  private specialOptions(raw: Obj, typeName: string): ProtoOption[] {
    const options: ProtoOption[] = [];
    if (raw.defaultValue !== undefined && raw.defaultValue !== '') {
      options.push({ name: 'default', value: defaultValue(raw.defaultValue, typeName) });
    }
    if (raw.jsonName && raw.jsonName !== defaultJsonName(raw.name)) options.push({ name: 'json_name', value: raw.jsonName });
    return options;
  }

  enumType(raw: Obj, scope: string): ProtoEnum {
    return {
      kind: 'enum',
      name: raw.name,
      fullName: scope ? `${scope}.${raw.name}` : raw.name,
      values: (raw.value ?? []).map((v: Obj) => ({
        name: v.name,
        number: v.number ?? 0,
        options: fromOptionsMessage(v.options, 'EnumValueOptions'),
      })),
      reserved: {
        ranges: (raw.reservedRange ?? []).map((r: Obj) => [r.start, r.end] as [number, number]),
        names: raw.reservedName ?? [],
      },
      options: fromOptionsMessage(raw.options, 'EnumOptions'),
    };
  }
}

function qualify(typeName: string | undefined, scope: string): string {
  if (!typeName) return '';
  return typeName.startsWith('.') ? typeName : `.${scope}.${typeName}`;
}

function defaultValue(text: string, typeName: string): ProtoOptionValue {
  if (typeName === 'TYPE_ENUM') return { ident: text };
  if (typeName === 'TYPE_STRING' || typeName === 'TYPE_BYTES') return text;
  if (typeName === 'TYPE_BOOL') return text === 'true';
  if (text === 'inf') return Infinity;
  if (text === '-inf') return -Infinity;
  if (text === 'nan') return NaN;
  return Number(text);
}

/** protoc fills json_name with lowerCamelCase of the field name; only a different one was written. */
function defaultJsonName(name: string): string {
  return name.replace(/_+([a-z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/_/g, '');
}

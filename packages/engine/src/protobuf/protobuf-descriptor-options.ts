import * as protobuf from 'protobufjs';
import * as descriptor from 'protobufjs/ext/descriptor';
import { isIdent, ProtoOption, ProtoOptionValue } from './protobuf-model';

/**
 * Standard options travel in the typed `*Options` messages of descriptor.proto. Custom options
 * `(name)` need their extension's field number, which a schema only has when the extension is
 * declared in a loaded file; they are left out of the binary form (see toSerializedDescriptor).
 */
export type OptionsTypeName =
  | 'FileOptions'
  | 'MessageOptions'
  | 'FieldOptions'
  | 'OneofOptions'
  | 'EnumOptions'
  | 'EnumValueOptions'
  | 'ServiceOptions'
  | 'MethodOptions';

function optionsType(name: OptionsTypeName): protobuf.Type {
  return (descriptor.FileDescriptorProto.parent as protobuf.Namespace).lookupType(name);
}

export function toOptionsObject(options: ProtoOption[], typeName: OptionsTypeName): Record<string, unknown> | undefined {
  const type = optionsType(typeName);
  const result: Record<string, unknown> = {};
  for (const option of options) {
    const key = protobuf.util.camelCase(option.name);
    if (!type.fields[key]) continue;
    result[key] = plain(option.value);
  }
  return Object.keys(result).length > 0 ? result : undefined;
}

function plain(value: ProtoOptionValue): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (isIdent(value)) return value.ident;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [protobuf.util.camelCase(k), plain(v)]));
  }
  return value;
}

/** Decoded `*Options` message → options, enum values becoming identifiers again. */
export function fromOptionsMessage(message: unknown, typeName: OptionsTypeName): ProtoOption[] {
  if (!message) return [];
  const type = optionsType(typeName);
  return entriesOf(message as Record<string, unknown>, type).map(([name, value]) => ({ name, value }));
}

function entriesOf(object: Record<string, unknown>, type: protobuf.Type): Array<[string, ProtoOptionValue]> {
  const result: Array<[string, ProtoOptionValue]> = [];
  for (const field of type.fieldsArray) {
    if (field.name === 'uninterpretedOption') continue;
    const raw = object[field.name];
    if (raw === undefined || raw === null || (Array.isArray(raw) && raw.length === 0)) continue;
    if (!Object.prototype.hasOwnProperty.call(object, field.name)) continue;
    field.resolve();
    const convert = (v: unknown): ProtoOptionValue => {
      if (field.resolvedType instanceof protobuf.Enum) {
        return { ident: typeof v === 'number' ? field.resolvedType.valuesById[v] : String(v) };
      }
      if (field.resolvedType instanceof protobuf.Type) {
        return Object.fromEntries(entriesOf(v as Record<string, unknown>, field.resolvedType));
      }
      if (typeof v === 'object' && v !== null && 'low' in v) return Number(v as unknown as bigint);
      return v as ProtoOptionValue;
    };
    result.push([snakeCase(field.name), Array.isArray(raw) ? raw.map(convert) : convert(raw)]);
  }
  return result;
}

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

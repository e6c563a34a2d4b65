import { resolvedText } from './avro/avro-canonical';
import { AvroModel } from './avro/avro-model';
import { sortKeys } from './json/json-schema-model';
import { ProtobufModel } from './protobuf/protobuf-model';
import { printProtoFile } from './protobuf/protobuf-printer';
import { ParsedSchema } from './schema-format';

/**
 * "Is this the same schema?" beyond identical text (docs/reference/confluent-registry.md, part 1.3-6, Confluent's `deepEquals`):
 * two schemas with the same key differ only in how they are written — key or property order,
 * relative or full names, or (Avro) referenced types inlined instead of referenced. The key is the
 * normalized canonical form, with Avro references resolved.
 */
export function equivalenceKey(schema: ParsedSchema): string {
  switch (schema.schemaType) {
    case 'AVRO':
      return `AVRO:${resolvedText(schema.model as AvroModel, true)}`;
    case 'PROTOBUF':
      return `PROTOBUF:${printProtoFile((schema.model as ProtobufModel).file, true)}`;
    case 'JSON':
      return `JSON:${JSON.stringify(sortKeys(JSON.parse(schema.canonical)))}`;
  }
}

/**
 * Avro's `format=resolved`: the schema with every referenced type written inline, so it stands on
 * its own. Other formats have no such form and keep their canonical text.
 */
export function resolvedSchemaText(schema: ParsedSchema): string {
  return schema.schemaType === 'AVRO' ? resolvedText(schema.model as AvroModel) : schema.canonical;
}

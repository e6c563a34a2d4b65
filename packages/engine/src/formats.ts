import { avroFormat } from './avro/avro-format';
import { jsonSchemaFormat } from './json/json-schema-format';
import { protobufFormat } from './protobuf/protobuf-format';
import { SchemaFormat } from './schema-format';
import { SchemaType } from './schema-type';

const FORMATS: Record<SchemaType, SchemaFormat> = {
  AVRO: avroFormat,
  PROTOBUF: protobufFormat,
  JSON: jsonSchemaFormat,
};

export function formatOf(schemaType: SchemaType): SchemaFormat {
  return FORMATS[schemaType];
}

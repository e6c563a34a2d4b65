export const SCHEMA_TYPES = ['AVRO', 'PROTOBUF', 'JSON'] as const;

export type SchemaType = (typeof SCHEMA_TYPES)[number];

export function isSchemaType(value: unknown): value is SchemaType {
  return typeof value === 'string' && (SCHEMA_TYPES as readonly string[]).includes(value);
}

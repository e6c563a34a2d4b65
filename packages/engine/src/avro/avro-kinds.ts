/**
 * The closed set of Avro incompatibility kinds (Apache Avro's `SchemaIncompatibilityType`, which
 * Confluent reports as `errorType`). Everything else in this folder refers to this table.
 */
export const AVRO_KINDS = {
  NAME_MISMATCH: { label: 'named type renamed without an alias' },
  FIXED_SIZE_MISMATCH: { label: 'fixed type size changed' },
  MISSING_ENUM_SYMBOLS: { label: 'enum symbols missing from the reader' },
  READER_FIELD_MISSING_DEFAULT_VALUE: { label: 'reader field without default missing from the writer' },
  TYPE_MISMATCH: { label: 'type changed to one that cannot be promoted' },
  MISSING_UNION_BRANCH: { label: 'union branch missing from the reader' },
} as const;

export type AvroKind = keyof typeof AVRO_KINDS;

export const AVRO_KIND_NAMES = Object.keys(AVRO_KINDS) as AvroKind[];

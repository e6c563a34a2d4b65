export { diffJsonSchemas } from './json-schema-diff';
export type { JsonSchemaDifference } from './json-schema-difference';
export { jsonSchemaDifferences, jsonSchemaFormat, jsonSchemaFormatWith } from './json-schema-format';
export type { JsonSchemaFormatOptions } from './json-schema-format';
export { breaksUnder, JSON_SCHEMA_KINDS } from './json-schema-kinds';
export type { JsonSchemaKind, JsonSchemaPolicy } from './json-schema-kinds';

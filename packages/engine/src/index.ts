export * from './check';
export * from './compatibility-level';
export * from './formats';
export * from './incompatibility';
export * from './limits';
export * from './schema-format';
export * from './schema-parse-error';
export * from './schema-reference';
export * from './schema-type';
export * from './schema-equivalence';
// The parsed models, for code that walks a schema's structure (the payload-contract rules).
export * from './avro/avro-model';
export * from './json/json-schema-model';
export type { JsonSchemaModel } from './json/json-schema-parser';
export * from './protobuf/protobuf-model';
export { toSerializedDescriptor } from './protobuf';

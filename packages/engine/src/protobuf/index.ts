export { protobufFormat } from './protobuf-format';
export { toSerializedDescriptor } from './protobuf-descriptor';
export { diffProtobuf } from './protobuf-schema-diff';
export type { ProtobufDifference } from './protobuf-schema-diff';
export { PROTOBUF_KINDS } from './protobuf-kinds';
export type { ProtobufKind } from './protobuf-kinds';

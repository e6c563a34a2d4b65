import { ProtobufKind } from './protobuf-kinds';
import { ProtobufModel } from './protobuf-model';

export interface ProtobufDifference {
  kind: ProtobufKind;
  path: string;
  message: string;
}

/** The comparison of two schemas as the per-field rules see it: both models and imported sub-diffs. */
export interface ProtobufComparison {
  readonly original: ProtobufModel;
  readonly update: ProtobufModel;
  sameImport(originalPath: string, updatePath: string): boolean;
  subDiff(originalName: string, updateName: string, localName: string): ProtobufDifference[];
}

/**
 * Where the per-field rules report what they find. An interface, so that they depend on it and not
 * on the message-level walk that calls them.
 */
export interface DifferenceSink {
  readonly run: ProtobufComparison;
  add(kind: ProtobufKind, path: string, message: () => string): void;
  addAll(differences: ProtobufDifference[]): void;
}

import { Incompatibility } from '../incompatibility';
import { ParsedSchema, ParseOptions, SchemaFormat } from '../schema-format';
import { ResolvedReference } from '../schema-reference';
import { loadProtobuf } from './protobuf-loader';
import { ProtobufModel } from './protobuf-model';
import { printProtoFile } from './protobuf-printer';
import { breakingDifferences } from './protobuf-schema-diff';

/**
 * Protobuf for the compatibility engine. A reader has a problem with a writer exactly when
 * Confluent's `SchemaDiff(original = writer, update = reader)` reports a breaking difference.
 */
export const protobufFormat: SchemaFormat = {
  schemaType: 'PROTOBUF',

  parse(text: string, references: ResolvedReference[], options: ParseOptions = {}): ParsedSchema {
    const model = loadProtobuf(text, references);
    return { schemaType: 'PROTOBUF', canonical: printProtoFile(model.file, options.normalize), model };
  },

  readerIssues(reader: ParsedSchema, writer: ParsedSchema): Incompatibility[] {
    return breakingDifferences(writer.model as ProtobufModel, reader.model as ProtobufModel);
  },
};

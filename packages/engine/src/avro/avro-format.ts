import { Incompatibility } from '../incompatibility';
import { ParsedSchema, ParseOptions, SchemaFormat } from '../schema-format';
import { ResolvedReference } from '../schema-reference';
import { assertAvscAccepts } from './avro-avsc-check';
import { canonicalText } from './avro-canonical';
import { readSchemaJson } from './avro-json';
import { AvroModel, AvroNamed } from './avro-model';
import { AvroModelBuilder } from './avro-model-builder';
import { loadReferences } from './avro-references';
import { readerWriterIssues } from './avro-reader-writer';

/**
 * AVRO for the compatibility engine. `validate` is the strict parse of a new schema (names and
 * defaults, confirmed by avsc); without it, the lenient parse used for lookups and stored versions.
 */
export const avroFormat: SchemaFormat = {
  schemaType: 'AVRO',

  parse(text: string, references: ResolvedReference[], options: ParseOptions = {}): ParsedSchema {
    const strict = options.validate === true;
    const names = new Map<string, AvroNamed>();
    const loaded = loadReferences(references, names, strict);
    const json = readSchemaJson(text);
    const root = new AvroModelBuilder(names, strict).build(json);
    if (strict) assertAvscAccepts([...loaded.sources, { json }]);
    const model: AvroModel = { root, referencedNames: loaded.topLevelNames };
    return { schemaType: 'AVRO', canonical: canonicalText(model, options.normalize === true), model };
  },

  readerIssues(reader: ParsedSchema, writer: ParsedSchema): Incompatibility[] {
    return readerWriterIssues((reader.model as AvroModel).root, (writer.model as AvroModel).root);
  },
};

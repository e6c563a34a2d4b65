import { SCHEMA_LIMITS } from '../limits';
import { ParsedSchema, ParseOptions } from '../schema-format';
import { SchemaParseError } from '../schema-parse-error';
import { ResolvedReference } from '../schema-reference';
import { validateWithAjv } from './json-schema-ajv';
import { DocumentSet, draftOf, idOf, isObject, SchemaDocument } from './json-schema-documents';
import { SchemaNode, sortKeys } from './json-schema-model';
import { buildModel } from './json-schema-model-builder';
import { parseJsonText } from './json-text';

export interface JsonSchemaModel {
  root: SchemaNode;
}

/**
 * Text → checked schema → comparison model. The meta-schema check always runs (the model is only
 * meaningful for well-formed schemas); compiling, which catches bad `$ref`s and patterns but costs
 * milliseconds, runs for new schemas (`validate`), not for history already accepted once.
 */
export function parseJsonSchema(text: string, references: ResolvedReference[], options: ParseOptions = {}): ParsedSchema {
  const main = documentOf('', parseJsonText(text, 'Schema'));
  const referenced = flattenReferences(references);
  if (isObject(main.root)) validateWithAjv(main, referenced, options.validate !== false);
  const model: JsonSchemaModel = { root: buildModel(new DocumentSet(main, referenced)) };
  const canonical = JSON.stringify(options.normalize ? sortKeys(main.root) : main.root);
  return { schemaType: 'JSON', canonical, model };
}

export function modelOf(schema: ParsedSchema): SchemaNode {
  const model = schema.model as Partial<JsonSchemaModel> | undefined;
  if (schema.schemaType !== 'JSON' || !model?.root) throw new Error('Not a schema parsed by the JSON Schema format');
  return model.root;
}

function documentOf(name: string, root: unknown): SchemaDocument {
  const where = name ? ` in reference '${name}'` : '';
  if (!isObject(root) && typeof root !== 'boolean') {
    throw new SchemaParseError(`A JSON Schema must be an object or a boolean${where}, not ${JSON.stringify(root)?.slice(0, 40)}`);
  }
  const draft = draftOf(root);
  return { name, root, draft, baseUri: idOf(root, draft) };
}

/** References of references take part too; each name is parsed once and the total is bounded. */
function flattenReferences(references: ResolvedReference[]): SchemaDocument[] {
  const documents = new Map<string, SchemaDocument>();
  const pending = [...references];
  while (pending.length > 0) {
    const reference = pending.shift()!;
    if (documents.has(reference.name)) continue;
    if (documents.size >= SCHEMA_LIMITS.maxReferences) {
      throw new SchemaParseError(`More than ${SCHEMA_LIMITS.maxReferences} references are followed from one schema`);
    }
    if (reference.schemaType !== 'JSON') {
      throw new SchemaParseError(
        `Reference '${reference.name}' is a ${reference.schemaType} schema; a JSON Schema can only reference JSON Schemas`,
      );
    }
    documents.set(reference.name, documentOf(reference.name, parseJsonText(reference.schema, `Reference '${reference.name}'`)));
    pending.push(...(reference.references ?? []));
  }
  return [...documents.values()];
}

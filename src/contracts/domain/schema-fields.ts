import { AvroModel, JsonSchemaModel, ParsedSchema, ProtobufModel } from '@charter/engine';
import { avroFields } from './fields/avro-fields';
import { jsonSchemaFields } from './fields/json-schema-fields';
import { protobufFields } from './fields/protobuf-fields';
import { FieldSink, SchemaField } from './fields/schema-field';

export { MAX_SCHEMA_FIELDS } from './fields/schema-field';
export type { SchemaField } from './fields/schema-field';

/**
 * The fields of a parsed schema in document order, parents before their children. Works on the
 * engine's parsed models, so references are already resolved; recursive types are expanded once
 * and the field that closes the cycle is marked `recursive`.
 */
export function fieldsOf(schema: ParsedSchema): SchemaField[] {
  const sink = new FieldSink();
  switch (schema.schemaType) {
    case 'AVRO':
      avroFields(schema.model as AvroModel, sink);
      break;
    case 'PROTOBUF':
      protobufFields(schema.model as ProtobufModel, sink);
      break;
    case 'JSON':
      jsonSchemaFields((schema.model as JsonSchemaModel).root, sink);
      break;
  }
  return sink.fields;
}

export interface FieldChange {
  path: string;
  before: SchemaField;
  after: SchemaField;
}

export interface FieldDiff {
  added: SchemaField[];
  removed: SchemaField[];
  /** Same path, different type, shape (leaf, repeated, optional) or tags. */
  changed: FieldChange[];
}

/** Field-level difference between two versions, matched by path. */
export function diffFields(before: SchemaField[], after: SchemaField[]): FieldDiff {
  const old = new Map(before.map((f) => [f.path, f]));
  const now = new Map(after.map((f) => [f.path, f]));
  return {
    added: after.filter((f) => !old.has(f.path)),
    removed: before.filter((f) => !now.has(f.path)),
    changed: after.flatMap((f) => {
      const previous = old.get(f.path);
      return previous && differs(previous, f) ? [{ path: f.path, before: previous, after: f }] : [];
    }),
  };
}

function differs(a: SchemaField, b: SchemaField): boolean {
  const tags = (f: SchemaField) =>
    [...f.tags]
      .map((t) => t.toUpperCase())
      .sort()
      .join(',');
  return a.type !== b.type || a.leaf !== b.leaf || a.repeated !== b.repeated || a.optional !== b.optional || tags(a) !== tags(b);
}

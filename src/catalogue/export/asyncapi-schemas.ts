import { SchemaType } from '@charter/engine';

/** A registered schema version as the export sees it: the registry's answer, nothing more. */
export interface ExportSchema {
  subject: string;
  version: number;
  id: number;
  schemaType: SchemaType;
  /** The schema text as the registry serves it (JSON for Avro and JSON Schema, .proto text for Protobuf). */
  schema: string;
  references: Array<{ name: string; subject: string; version: number }>;
  /** Registration time, epoch milliseconds. */
  ts: number;
}

/** The AsyncAPI `schemaFormat` of each registry format (AsyncAPI 3.0 §Multi Format Schema Object). */
export const SCHEMA_FORMATS: Record<SchemaType, string> = {
  AVRO: 'application/vnd.apache.avro+json;version=1.9.0',
  JSON: 'application/schema+json;version=draft-07',
  PROTOBUF: 'application/vnd.google.protobuf;version=3',
};

/** The message `contentType` of each format; the Confluent framing is told by the Kafka binding. */
export const CONTENT_TYPES: Record<SchemaType, string> = {
  AVRO: 'application/vnd.apache.avro+binary',
  JSON: 'application/json',
  PROTOBUF: 'application/x-protobuf',
};

// AsyncAPI component keys must match ^[a-zA-Z0-9.\-_]+$; subject names may hold anything.
const COMPONENT_KEY = /[^a-zA-Z0-9._-]/g;

/** A component key for a name: characters AsyncAPI does not allow in keys become `_`. */
export const componentKey = (name: string): string => name.replace(COMPONENT_KEY, '_') || '_';

/** The component key of a referenced schema version. */
export const referenceKey = (subject: string, version: number): string => `${componentKey(subject)}.v${version}`;

/** `subject@version`: how referenced versions are looked up in the export's input. */
export const versionRef = (subject: string, version: number): string => `${subject}@${version}`;

/**
 * The schema as an AsyncAPI Multi Format Schema Object located at `pointer` (a JSON pointer into
 * the document, `#/components/...`). JSON Schema `$ref`s are rewritten because AsyncAPI tools
 * resolve every `$ref` against the whole document: a local `#/definitions/x` becomes
 * `<pointer>/definitions/x`, and a reference by name (`address.json#/x`) points at the referenced
 * version's entry under `components.schemas`.
 */
export function multiFormatSchema(schema: ExportSchema, pointer: string): { schemaFormat: string; schema: unknown } {
  return { schemaFormat: SCHEMA_FORMATS[schema.schemaType], schema: schemaBody(schema, pointer) };
}

/** The schema itself: parsed JSON for Avro and JSON Schema, the .proto text for Protobuf. */
export function schemaBody(schema: ExportSchema, pointer: string): unknown {
  if (schema.schemaType === 'PROTOBUF') return schema.schema;
  const parsed = parseJson(schema.schema);
  if (schema.schemaType === 'AVRO' || parsed === undefined) return parsed ?? schema.schema;
  const byName = new Map(schema.references.map((r) => [r.name, `#/components/schemas/${referenceKey(r.subject, r.version)}/schema`]));
  return rewriteRefs(parsed, pointer, byName);
}

// Keywords whose values are data, not schemas: a "$ref" string inside them is not a reference.
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples', 'example']);

/** A copy of a JSON Schema with every `$ref` made resolvable from the AsyncAPI document's root. */
export function rewriteRefs(node: unknown, pointer: string, byName: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(node)) return node.map((item) => rewriteRefs(item, pointer, byName));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') out[key] = rewriteRef(value, pointer, byName);
    else if (DATA_KEYWORDS.has(key)) out[key] = value;
    else out[key] = rewriteRefs(value, pointer, byName);
  }
  return out;
}

function rewriteRef(ref: string, pointer: string, byName: ReadonlyMap<string, string>): string {
  // `#` alone or a JSON pointer; plain-name anchors (`#foo`) are not pointers and stay as they are.
  if (ref === '#' || ref.startsWith('#/')) return pointer + ref.slice(1);
  const hash = ref.indexOf('#');
  const name = hash < 0 ? ref : ref.slice(0, hash);
  const target = byName.get(name);
  if (!target) return ref;
  const fragment = hash < 0 ? '' : ref.slice(hash + 1);
  return fragment === '' || fragment.startsWith('/') ? target + fragment : ref;
}

/**
 * The message key as a Kafka binding Schema Object. JSON Schema keys are used as they are; Avro
 * primitive keys map to their JSON type; other keys are described and carried as an extension.
 */
export function keySchemaObject(key: ExportSchema, pointer: string): Record<string, unknown> {
  const note = `${key.schemaType} key schema registered under subject '${key.subject}', version ${key.version} (id ${key.id}).`;
  if (key.schemaType === 'JSON') {
    const body = schemaBody(key, pointer);
    if (body !== null && typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
  }
  if (key.schemaType === 'AVRO') {
    const primitive = AVRO_PRIMITIVE_KEYS[avroTypeName(parseJson(key.schema))];
    if (primitive) return { ...primitive, description: note };
  }
  return { description: note, 'x-charter-schema-format': SCHEMA_FORMATS[key.schemaType], 'x-charter-schema': schemaBody(key, pointer) };
}

const AVRO_PRIMITIVE_KEYS: Record<string, Record<string, unknown>> = {
  string: { type: 'string' },
  int: { type: 'integer', format: 'int32' },
  long: { type: 'integer', format: 'int64' },
  float: { type: 'number', format: 'float' },
  double: { type: 'number', format: 'double' },
  boolean: { type: 'boolean' },
  bytes: { type: 'string', format: 'binary' },
};

function avroTypeName(parsed: unknown): string {
  if (typeof parsed === 'string') return parsed;
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const { type, logicalType } = parsed as { type?: unknown; logicalType?: unknown };
    if (typeof type === 'string' && logicalType === undefined) return type;
  }
  return '';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

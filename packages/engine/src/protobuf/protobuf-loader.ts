import { SCHEMA_LIMITS } from '../limits';
import { SchemaParseError } from '../schema-parse-error';
import { ResolvedReference } from '../schema-reference';
import { fileFromDescriptor, looksLikeBase64 } from './protobuf-descriptor';
import { ProtobufModel, ProtoFile } from './protobuf-model';
import { resolveTypes } from './protobuf-resolver';
import { readProtoText } from './protobuf-text-reader';
import { wellKnownFile } from './protobuf-well-known';

/**
 * Parses a schema (.proto text, or base64 FileDescriptorProto as the Confluent serdes send it),
 * loads its imports from the given references and the well-known types only, and resolves every
 * type name.
 */
export function loadProtobuf(text: string, references: readonly ResolvedReference[]): ProtobufModel {
  if (Buffer.byteLength(text, 'utf8') > SCHEMA_LIMITS.maxSchemaBytes) {
    throw new SchemaParseError(`Schema is larger than ${SCHEMA_LIMITS.maxSchemaBytes} bytes.`);
  }
  const file = readMain(text);
  const sources = flattenReferences(references);
  const dependencies = new Map<string, ProtoFile>();
  loadImports(file, sources, dependencies, []);
  const types = resolveTypes(file, dependencies);
  return { file, types, dependencies };
}

function readMain(text: string): ProtoFile {
  try {
    return readProtoText(text, '');
  } catch (textError) {
    if (!(textError instanceof SchemaParseError) || !looksLikeBase64(text)) throw textError;
    try {
      return fileFromDescriptor(text.trim());
    } catch (descriptorError) {
      throw new SchemaParseError(
        `Schema is neither valid .proto text (${textError.message.replace(/ \(at [^)]*\)$/, '')}) nor a base64-encoded FileDescriptorProto (${(descriptorError as Error).message}).`,
        textError.location,
      );
    }
  }
}

/** Nested references are resolved transitively; the first text given for a name wins. */
function flattenReferences(references: readonly ResolvedReference[]): Map<string, string> {
  const sources = new Map<string, string>();
  const pending = [...references];
  let visited = 0;
  while (pending.length > 0) {
    const ref = pending.shift() as ResolvedReference;
    if (++visited > SCHEMA_LIMITS.maxReferences) {
      throw new SchemaParseError(`Schema has more than ${SCHEMA_LIMITS.maxReferences} references.`);
    }
    if (!sources.has(ref.name)) sources.set(ref.name, ref.schema);
    pending.push(...(ref.references ?? []));
  }
  return sources;
}

function loadImports(file: ProtoFile, sources: Map<string, string>, loaded: Map<string, ProtoFile>, chain: string[]): void {
  for (const { path } of file.imports) {
    if (chain.includes(path)) {
      throw new SchemaParseError(`Import cycle: ${[...chain, path].join(' → ')}.`, `import "${path}"`);
    }
    if (loaded.has(path)) continue;
    const dependency = readImport(path, sources, file.path);
    loaded.set(path, dependency);
    loadImports(dependency, sources, loaded, [...chain, path]);
  }
}

function readImport(path: string, sources: Map<string, string>, importer: string): ProtoFile {
  const source = sources.get(path);
  const from = importer ? `'${importer}'` : 'the schema';
  if (source === undefined) {
    const wellKnown = wellKnownFile(path);
    if (wellKnown) return wellKnown;
    throw new SchemaParseError(
      `Import '${path}' of ${from} cannot be resolved: no reference named '${path}' was given and it is not a well-known type.`,
      `import "${path}"`,
    );
  }
  try {
    return readMainOrDescriptor(source, path);
  } catch (error) {
    if (!(error instanceof SchemaParseError)) throw error;
    const reason = error.message.replace(/ \(at [^)]*\)$/, '');
    throw new SchemaParseError(`Referenced schema '${path}' is invalid: ${reason}`, error.location);
  }
}

function readMainOrDescriptor(text: string, path: string): ProtoFile {
  const file = readMain(text);
  return { ...file, path };
}

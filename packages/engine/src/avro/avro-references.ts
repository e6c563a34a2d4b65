import { SCHEMA_LIMITS } from '../limits';
import { SchemaParseError } from '../schema-parse-error';
import { ResolvedReference } from '../schema-reference';
import { AvroSource } from './avro-avsc-check';
import { readSchemaJson } from './avro-json';
import { AvroNamed, isNamed } from './avro-model';
import { AvroModelBuilder } from './avro-model-builder';

export interface LoadedReferences {
  /** Reference texts as JSON, dependencies before their dependants. */
  sources: AvroSource[];
  /** The named type at the top of each reference (Avro writes these by name in the referrer). */
  topLevelNames: string[];
}

/**
 * Parses the references transitively, each after its own references, into `names`, so the
 * referring schema can use the named types they define. A reference reached twice (diamond) is
 * parsed once; cycles are cut the same way.
 */
export function loadReferences(references: ResolvedReference[], names: Map<string, AvroNamed>, strict: boolean): LoadedReferences {
  const loaded: LoadedReferences = { sources: [], topLevelNames: [] };
  const visited = new Set<string>();
  const visit = (refs: ResolvedReference[], chain: number): void => {
    for (const ref of refs) {
      if (visited.has(ref.name)) continue;
      visited.add(ref.name);
      if (visited.size > SCHEMA_LIMITS.maxReferences) {
        throw new SchemaParseError(`The schema follows more than ${SCHEMA_LIMITS.maxReferences} references.`, `reference '${ref.name}'`);
      }
      if (chain > SCHEMA_LIMITS.maxDepth) {
        throw new SchemaParseError(`References are nested more than ${SCHEMA_LIMITS.maxDepth} levels deep.`, `reference '${ref.name}'`);
      }
      if (ref.schemaType && ref.schemaType !== 'AVRO') {
        throw new SchemaParseError(
          `Reference '${ref.name}' is a ${ref.schemaType} schema; an Avro schema can only use Avro references.`,
          `reference '${ref.name}'`,
        );
      }
      visit(ref.references ?? [], chain + 1);
      const source = `reference '${ref.name}'`;
      const json = readSchemaJson(ref.schema, source);
      const node = new AvroModelBuilder(names, strict, source).build(json);
      loaded.sources.push({ reference: ref.name, json });
      if (isNamed(node)) loaded.topLevelNames.push(node.fullName);
    }
  };
  visit(references, 0);
  return loaded;
}

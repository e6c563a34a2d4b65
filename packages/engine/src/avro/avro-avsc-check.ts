import { Type } from 'avsc';
import { SchemaParseError } from '../schema-parse-error';

export interface AvroSource {
  /** The reference name, or undefined for the schema itself. */
  reference?: string;
  json: unknown;
}

/**
 * Second opinion of a real Avro parser on a new schema: avsc parses the references (in dependency
 * order, into one registry, so their named types resolve) and then the schema, with its strict
 * name and default validation. Anything it rejects is reported with its own message.
 *
 * One avsc refusal is overruled: "undefined type name". Our builder has already resolved every
 * name by then, and avsc lacks Apache Avro's fallback to the null namespace (a type without a
 * namespace used from inside a namespaced record), which Confluent accepts.
 */
export function assertAvscAccepts(sources: AvroSource[]): void {
  const registry = {};
  for (const source of sources) {
    try {
      Type.forSchema(source.json as never, { registry, wrapUnions: true });
    } catch (error) {
      const message = (error as Error).message;
      if (message.startsWith('undefined type name')) return;
      const where = source.reference ? `reference '${source.reference}'` : undefined;
      throw new SchemaParseError(`Invalid Avro schema: ${message}.`, where);
    }
  }
}

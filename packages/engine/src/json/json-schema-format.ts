import { Incompatibility } from '../incompatibility';
import { ParsedSchema, SchemaFormat } from '../schema-format';
import { diffJsonSchemas } from './json-schema-diff';
import { JsonSchemaDifference } from './json-schema-difference';
import { breaksUnder, JsonSchemaPolicy, kindMessage } from './json-schema-kinds';
import { modelOf, parseJsonSchema } from './json-schema-parser';

export interface JsonSchemaFormatOptions {
  /** Confluent's `compatibilityPolicy` (CP ≥ 8.2); STRICT is the default there and here. */
  policy: JsonSchemaPolicy;
}

/** Every difference, compatible ones included, from `writer` to `reader` (for schema diff views). */
export function jsonSchemaDifferences(
  reader: ParsedSchema,
  writer: ParsedSchema,
  policy: JsonSchemaPolicy = 'STRICT',
): JsonSchemaDifference[] {
  return diffJsonSchemas(modelOf(writer), modelOf(reader), policy);
}

export function jsonSchemaFormatWith(options: JsonSchemaFormatOptions): SchemaFormat {
  return {
    schemaType: 'JSON',
    parse: parseJsonSchema,
    readerIssues(reader: ParsedSchema, writer: ParsedSchema): Incompatibility[] {
      return jsonSchemaDifferences(reader, writer, options.policy)
        .filter((d) => breaksUnder(d.kind, options.policy))
        .map(toIncompatibility);
    },
  };
}

export function toIncompatibility(d: JsonSchemaDifference): Incompatibility {
  const name = decodeSegment(d.path.split('/').pop() ?? '');
  return { kind: d.kind, path: d.path, message: kindMessage(d.kind, { name, from: d.from, to: d.to }) };
}

function decodeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

export const jsonSchemaFormat: SchemaFormat = jsonSchemaFormatWith({ policy: 'STRICT' });

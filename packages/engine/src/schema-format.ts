import { Incompatibility } from './incompatibility';
import { ResolvedReference } from './schema-reference';
import { SchemaType } from './schema-type';

/** A schema parsed and validated once; registries cache these by id (they are immutable). */
export interface ParsedSchema {
  readonly schemaType: SchemaType;
  /** Canonical text: same schema written differently gives the same string (docs/reference/confluent-registry.md, part 3.5). */
  readonly canonical: string;
  /** The format's own representation, opaque to everything but that format's rules. */
  readonly model: unknown;
}

export interface ParseOptions {
  /** Strict validation of new schemas (Avro default values, names). Lookups parse leniently. */
  validate?: boolean;
  /** Deterministic rewrite (sorted keys, full names...) before the canonical form is computed. */
  normalize?: boolean;
}

/**
 * Everything the engine needs from a schema format. Formats answer one directional question,
 * "which problems does a reader with `reader` have with data written with `writer`?", and
 * nothing about levels or history: those are resolved in `check`.
 */
export interface SchemaFormat {
  readonly schemaType: SchemaType;
  /** Throws `SchemaParseError` with a precise location on invalid input. */
  parse(text: string, references: ResolvedReference[], options?: ParseOptions): ParsedSchema;
  readerIssues(reader: ParsedSchema, writer: ParsedSchema): Incompatibility[];
}

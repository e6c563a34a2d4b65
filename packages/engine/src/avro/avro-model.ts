/**
 * The parsed form of an Avro schema. Named types referenced by name are the same object as their
 * definition, so the graph may be cyclic (recursive types); the original attributes are kept
 * because the canonical form must reproduce doc, aliases, defaults and custom properties that
 * avsc's own `schema()` drops.
 */
export const AVRO_PRIMITIVES = ['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string'] as const;

export type AvroPrimitiveName = (typeof AVRO_PRIMITIVES)[number];

/** Custom attributes (logicalType included), in document order. */
export type AvroProps = [string, unknown][];

export interface AvroPrimitive {
  kind: 'primitive';
  type: AvroPrimitiveName;
  props: AvroProps;
}

interface AvroNamedBase {
  /** Full name (`ns.Name`); `name` is the unqualified part, `namespace` '' when there is none. */
  fullName: string;
  name: string;
  namespace: string;
  doc?: string;
  /** Full names of the aliases, in declaration order, deduplicated. */
  aliases: string[];
  props: AvroProps;
}

export interface AvroField {
  name: string;
  type: AvroNode;
  doc?: string;
  hasDefault: boolean;
  default?: unknown;
  order?: 'ascending' | 'descending' | 'ignore';
  aliases: string[];
  props: AvroProps;
}

export interface AvroRecord extends AvroNamedBase {
  kind: 'record';
  isError: boolean;
  fields: AvroField[];
}

export interface AvroEnum extends AvroNamedBase {
  kind: 'enum';
  symbols: string[];
  default?: string;
}

export interface AvroFixed extends AvroNamedBase {
  kind: 'fixed';
  size: number;
}

export interface AvroArray {
  kind: 'array';
  items: AvroNode;
  props: AvroProps;
}

export interface AvroMap {
  kind: 'map';
  values: AvroNode;
  props: AvroProps;
}

export interface AvroUnion {
  kind: 'union';
  branches: AvroNode[];
}

export type AvroNamed = AvroRecord | AvroEnum | AvroFixed;

export type AvroNode = AvroPrimitive | AvroNamed | AvroArray | AvroMap | AvroUnion;

/** What `ParsedSchema.model` holds for AVRO. */
export interface AvroModel {
  root: AvroNode;
  /** Top-level named types of the references, written by name in the canonical form (as Avro does). */
  referencedNames: string[];
}

export function isNamed(node: AvroNode): node is AvroNamed {
  return node.kind === 'record' || node.kind === 'enum' || node.kind === 'fixed';
}

/** A short human name for a node in messages: `record 'Payment'`, `int`, `array`. */
export function describeNode(node: AvroNode): string {
  if (isNamed(node)) return `${node.kind} '${node.fullName}'`;
  if (node.kind === 'primitive') return node.type;
  return node.kind;
}

/**
 * The comparison model: a JSON Schema after `$ref` resolution, shaped like the schema classes that
 * Confluent's diff walks (empty/false, one node per JSON type, enum, const, combinators, not), so
 * that "which class is this schema" questions have the same answers as in Confluent. Recursive
 * `$ref`s become cycles in this graph; the diff memoises node pairs to terminate.
 */
export type Criterion = 'allOf' | 'anyOf' | 'oneOf';

export interface Annotations {
  id?: string;
  title?: string;
  description?: string;
  hasDefault: boolean;
  /** Stable JSON of the default (keys sorted), compared and shown in messages. */
  defaultJson?: string;
  /** Classification tags declared on the schema (`tags`, `confluent:tags`, `x-tags`); not compared. */
  tags?: string[];
}

interface NodeBase {
  annotations?: Annotations;
  /** Kafka Connect's `connect.type: bytes`: two such schemas are equal whatever else they say. */
  connectBytes?: boolean;
}

export interface EmptyNode extends NodeBase {
  kind: 'empty';
}
export interface FalseNode extends NodeBase {
  kind: 'false';
}
/** `requiresType` is false when the keywords imply the type but `type` itself is absent. */
interface TypedBase extends NodeBase {
  requiresType: boolean;
}
export interface StringNode extends TypedBase {
  kind: 'string';
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}
export interface NumberNode extends TypedBase {
  kind: 'number';
  integer: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
}
export interface BooleanNode extends TypedBase {
  kind: 'boolean';
}
export interface NullNode extends TypedBase {
  kind: 'null';
}
export interface PatternProperty {
  source: string;
  regex: RegExp;
  schema: SchemaNode;
}
export interface ObjectNode extends TypedBase {
  kind: 'object';
  properties: Map<string, SchemaNode>;
  required: Set<string>;
  permitsAdditional: boolean;
  additionalSchema?: SchemaNode;
  patternProperties: PatternProperty[];
  propertyDependencies: Map<string, string[]>;
  schemaDependencies: Map<string, SchemaNode>;
  minProperties?: number;
  maxProperties?: number;
  /**
   * Tags written on each property's own schema object, kept apart because a `$ref` property
   * resolves to the shared target node and would otherwise lose the tags beside the `$ref`.
   */
  propertyTags?: Map<string, string[]>;
}
export interface ArrayNode extends TypedBase {
  kind: 'array';
  allItems?: SchemaNode;
  tuple: SchemaNode[];
  permitsAdditionalItems: boolean;
  additionalItemsSchema?: SchemaNode;
  contains?: SchemaNode;
  minItems?: number;
  maxItems?: number;
  uniqueItems: boolean;
  minContains?: number;
  maxContains?: number;
}
export interface EnumNode extends NodeBase {
  kind: 'enum';
  /** Stable JSON of each allowed value. */
  values: Set<string>;
}
export interface ConstNode extends NodeBase {
  kind: 'const';
  value: string;
}
export interface CombinedNode extends NodeBase {
  kind: 'combined';
  criterion: Criterion;
  subschemas: SchemaNode[];
}
export interface NotNode extends NodeBase {
  kind: 'not';
  schema: SchemaNode;
}

export type SchemaNode =
  | EmptyNode
  | FalseNode
  | StringNode
  | NumberNode
  | BooleanNode
  | NullNode
  | ObjectNode
  | ArrayNode
  | EnumNode
  | ConstNode
  | CombinedNode
  | NotNode;

export type TypedNode = StringNode | NumberNode | BooleanNode | NullNode | ObjectNode | ArrayNode;

/** JSON with object keys sorted, so equal values compare equal whatever their key order. */
export function stableJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
    return sorted;
  }
  return value;
}

import { SchemaParseError } from '../schema-parse-error';
import { Draft, isObject } from './json-schema-documents';
import { ArrayNode, NumberNode, ObjectNode, SchemaNode, StringNode } from './json-schema-model';

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'object' | 'array';

/** Keywords that imply a type when `type` is absent (each family becomes its own node). */
const FAMILY_KEYWORDS: [JsonType, string[]][] = [
  ['string', ['minLength', 'maxLength', 'pattern']],
  ['number', ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf']],
  [
    'object',
    [
      'properties',
      'required',
      'additionalProperties',
      'patternProperties',
      'dependencies',
      'dependentRequired',
      'dependentSchemas',
      'minProperties',
      'maxProperties',
      'unevaluatedProperties',
    ],
  ],
  ['array', ['items', 'prefixItems', 'additionalItems', 'minItems', 'maxItems', 'uniqueItems', 'contains', 'unevaluatedItems']],
];

const JSON_TYPES: readonly string[] = ['string', 'number', 'integer', 'boolean', 'null', 'object', 'array'];

export function declaredTypes(raw: Record<string, unknown>): JsonType[] | undefined {
  const type = raw.type;
  const list = typeof type === 'string' ? [type] : Array.isArray(type) ? type : undefined;
  const valid = list?.filter((t): t is JsonType => typeof t === 'string' && JSON_TYPES.includes(t));
  return valid && valid.length > 0 ? [...new Set(valid)] : undefined;
}

export function impliedTypes(raw: Record<string, unknown>): JsonType[] {
  return FAMILY_KEYWORDS.filter(([, keywords]) => keywords.some((k) => k in raw)).map(([type]) => type);
}

export type Child = (raw: unknown, segment: string) => SchemaNode;

const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

export function fillString(node: StringNode, raw: Record<string, unknown>, path: string): void {
  node.minLength = num(raw.minLength);
  node.maxLength = num(raw.maxLength);
  node.pattern = typeof raw.pattern === 'string' ? raw.pattern : undefined;
  if (node.pattern !== undefined && !regex(node.pattern)) {
    throw new SchemaParseError(`'pattern' is not a valid regular expression: ${node.pattern}`, `${path}/pattern`);
  }
}

/** Draft-04 booleans `exclusiveMaximum: true` are rewritten to the numeric form of later drafts. */
export function fillNumber(node: NumberNode, raw: Record<string, unknown>, draft: Draft): void {
  node.minimum = num(raw.minimum);
  node.maximum = num(raw.maximum);
  if (draft === 'draft-04') {
    if (raw.exclusiveMinimum === true) [node.exclusiveMinimum, node.minimum] = [node.minimum, undefined];
    if (raw.exclusiveMaximum === true) [node.exclusiveMaximum, node.maximum] = [node.maximum, undefined];
  } else {
    node.exclusiveMinimum = num(raw.exclusiveMinimum);
    node.exclusiveMaximum = num(raw.exclusiveMaximum);
  }
  node.multipleOf = num(raw.multipleOf);
}

/**
 * `unevaluatedProperties` only decides the content model when `additionalProperties` is absent,
 * which is when it constrains the same unknown properties.
 */
export function fillObject(node: ObjectNode, raw: Record<string, unknown>, path: string, child: Child): void {
  for (const [key, value] of entries(raw.properties)) {
    node.properties.set(key, child(value, `properties/${escape(key)}`));
    const tags = isObject(value) ? declaredTags(value) : undefined;
    if (tags) (node.propertyTags ??= new Map()).set(key, tags);
  }
  if (Array.isArray(raw.required)) for (const key of raw.required) if (typeof key === 'string') node.required.add(key);
  const [extraKeyword, extra] =
    'additionalProperties' in raw
      ? ['additionalProperties', raw.additionalProperties]
      : ['unevaluatedProperties', raw.unevaluatedProperties];
  node.permitsAdditional = extra !== false;
  if (isObject(extra)) node.additionalSchema = child(extra, extraKeyword);
  for (const [source, value] of entries(raw.patternProperties)) {
    const compiled = regex(source);
    if (!compiled) throw new SchemaParseError(`'patternProperties' key is not a valid regular expression: ${source}`, path);
    node.patternProperties.push({ source, regex: compiled, schema: child(value, `patternProperties/${escape(source)}`) });
  }
  for (const [key, value] of [...entries(raw.dependencies), ...entries(raw.dependentRequired), ...entries(raw.dependentSchemas)]) {
    if (Array.isArray(value))
      node.propertyDependencies.set(
        key,
        value.filter((v): v is string => typeof v === 'string'),
      );
    else node.schemaDependencies.set(key, child(value, `dependencies/${escape(key)}`));
  }
  node.minProperties = num(raw.minProperties);
  node.maxProperties = num(raw.maxProperties);
}

const TAG_KEYWORDS = ['tags', 'confluent:tags', 'x-tags'];

/** Field classification tags a schema object declares (Confluent's `confluent:tags` and the common spellings). */
export function declaredTags(raw: Record<string, unknown>): string[] | undefined {
  const tags = new Set<string>();
  for (const keyword of TAG_KEYWORDS) {
    const value = raw[keyword];
    const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
    for (const tag of list) if (typeof tag === 'string' && tag.trim() !== '') tags.add(tag.trim());
  }
  return tags.size > 0 ? [...tags] : undefined;
}

/** Draft 2020-12 spells tuples `prefixItems` + `items`; earlier drafts `items: [..]` + `additionalItems`. */
export function fillArray(node: ArrayNode, raw: Record<string, unknown>, draft: Draft, child: Child): void {
  const modern = draft === '2020-12';
  const tupleKeyword = modern ? 'prefixItems' : 'items';
  const tuple = raw[tupleKeyword];
  if (Array.isArray(tuple)) {
    node.tuple = tuple.map((item, i) => child(item, `${tupleKeyword}/${i}`));
    const [extraKeyword, extra] = pickExtraItems(raw, modern);
    node.permitsAdditionalItems = extra !== false;
    if (isObject(extra)) node.additionalItemsSchema = child(extra, extraKeyword);
  } else if ('items' in raw && !Array.isArray(raw.items)) {
    node.allItems = child(raw.items, 'items');
  }
  if ('contains' in raw) node.contains = child(raw.contains, 'contains');
  node.minItems = num(raw.minItems);
  node.maxItems = num(raw.maxItems);
  node.uniqueItems = raw.uniqueItems === true;
  node.minContains = num(raw.minContains);
  node.maxContains = num(raw.maxContains);
}

function pickExtraItems(raw: Record<string, unknown>, modern: boolean): [string, unknown] {
  const keyword = modern ? 'items' : 'additionalItems';
  return keyword in raw ? [keyword, raw[keyword]] : ['unevaluatedItems', raw.unevaluatedItems];
}

function entries(value: unknown): [string, unknown][] {
  return isObject(value) ? Object.entries(value) : [];
}

function regex(source: string): RegExp | undefined {
  try {
    return new RegExp(source, 'u');
  } catch {
    return undefined;
  }
}

/** JSON-pointer escaping, so `#/properties/a~1b` points at property `a/b`. */
export function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

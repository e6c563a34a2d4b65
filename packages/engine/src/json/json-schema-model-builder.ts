import { SCHEMA_LIMITS } from '../limits';
import { SchemaParseError } from '../schema-parse-error';
import { DocumentSet, idOf, isObject, SchemaDocument } from './json-schema-documents';
import { declaredTags, declaredTypes, fillArray, fillNumber, fillObject, fillString, impliedTypes, JsonType } from './json-schema-keywords';
import { Annotations, Criterion, SchemaNode, stableJson, TypedNode } from './json-schema-model';

type Part =
  | { part: 'ref'; ref: string }
  | { part: 'enum' | 'const' | 'not' }
  | { part: 'combined'; criterion: Criterion }
  | { part: 'types'; types: JsonType[] }
  | { part: 'typed'; type: JsonType; requiresType: boolean };

const CRITERIA: Criterion[] = ['allOf', 'anyOf', 'oneOf'];

/** Builds the comparison model of `documents.main`; every `$ref` must resolve. */
export function buildModel(documents: DocumentSet): SchemaNode {
  return new ModelBuilder(documents).node(documents.main.root, documents.main, '#', 0);
}

/**
 * Like everit (the library under Confluent's diff), one schema object yields one node per
 * "aspect" it has (enum, const, each combinator, not, its type); several aspects become a
 * synthetic allOf. Nodes are memoised by schema object before their children are built, so a
 * recursive `$ref` closes a cycle instead of recursing forever.
 */
class ModelBuilder {
  private readonly memo = new Map<object, SchemaNode>();

  constructor(private readonly documents: DocumentSet) {}

  node(raw: unknown, doc: SchemaDocument, path: string, depth: number): SchemaNode {
    if (!isObject(raw)) return raw === false ? { kind: 'false' } : { kind: 'empty' };
    const known = this.memo.get(raw);
    if (known) return known;
    if (depth > SCHEMA_LIMITS.maxDepth) {
      throw new SchemaParseError(`Schema is nested more than ${SCHEMA_LIMITS.maxDepth} levels deep (counting $ref hops)`, path);
    }
    const parts = planParts(raw, doc);
    if (parts.length === 1 && parts[0].part === 'ref') {
      const target = this.followRefs(raw, doc, path);
      const node = this.node(target.raw, target.doc, path, depth + 1);
      this.memo.set(raw, node);
      return node;
    }
    const register = (node: SchemaNode): void => {
      node.annotations = annotationsOf(raw, doc);
      if (raw['connect.type'] === 'bytes') node.connectBytes = true;
      this.memo.set(raw, node);
    };
    if (parts.length === 0) {
      const empty: SchemaNode = { kind: 'empty' };
      register(empty);
      return empty;
    }
    if (parts.length === 1) return this.part(parts[0], raw, doc, path, depth, register);
    const synthetic: SchemaNode = { kind: 'combined', criterion: 'allOf', subschemas: [] };
    register(synthetic);
    for (const part of parts) synthetic.subschemas.push(this.part(part, raw, doc, path, depth, () => undefined));
    return synthetic;
  }

  /** A chain of bare `$ref`s that loops never reaches a schema, so it is rejected, not followed. */
  private followRefs(raw: Record<string, unknown>, doc: SchemaDocument, path: string) {
    const seen = new Set<unknown>([raw]);
    let target = this.documents.resolve(raw.$ref as string, doc, `${path}/$ref`);
    while (isObject(target.raw) && isBareRef(target.raw, target.doc)) {
      if (seen.has(target.raw)) throw new SchemaParseError(`$ref cycle that never reaches a schema`, `${path}/$ref`);
      seen.add(target.raw);
      target = this.documents.resolve(target.raw.$ref as string, target.doc, `${path}/$ref`);
    }
    return target;
  }

  private part(
    part: Part,
    raw: Record<string, unknown>,
    doc: SchemaDocument,
    path: string,
    depth: number,
    register: (node: SchemaNode) => void,
  ): SchemaNode {
    const child = (value: unknown, segment: string) => this.node(value, doc, `${path}/${segment}`, depth + 1);
    switch (part.part) {
      case 'ref': {
        const target = this.followRefs(raw, doc, path);
        return this.node(target.raw, target.doc, `${path}/$ref`, depth + 1);
      }
      case 'enum': {
        const node: SchemaNode = { kind: 'enum', values: new Set((raw.enum as unknown[]).map(stableJson)) };
        register(node);
        return node;
      }
      case 'const': {
        const node: SchemaNode = { kind: 'const', value: stableJson(raw.const) };
        register(node);
        return node;
      }
      case 'not': {
        const node: SchemaNode = { kind: 'not', schema: { kind: 'empty' } };
        register(node);
        node.schema = child(raw.not, 'not');
        return node;
      }
      case 'combined': {
        const node: SchemaNode = { kind: 'combined', criterion: part.criterion, subschemas: [] };
        register(node);
        (raw[part.criterion] as unknown[]).forEach((sub, i) => node.subschemas.push(child(sub, `${part.criterion}/${i}`)));
        return node;
      }
      case 'types': {
        const node: SchemaNode = { kind: 'combined', criterion: 'anyOf', subschemas: [] };
        register(node);
        for (const type of part.types) node.subschemas.push(this.typed(type, true, raw, doc, path, child, () => undefined));
        return node;
      }
      case 'typed':
        return this.typed(part.type, part.requiresType, raw, doc, path, child, register);
    }
  }

  private typed(
    type: JsonType,
    requiresType: boolean,
    raw: Record<string, unknown>,
    doc: SchemaDocument,
    path: string,
    child: (value: unknown, segment: string) => SchemaNode,
    register: (node: SchemaNode) => void,
  ): TypedNode {
    const node = emptyTyped(type, requiresType);
    register(node);
    if (node.kind === 'string') fillString(node, raw, path);
    if (node.kind === 'number') fillNumber(node, raw, doc.draft);
    if (node.kind === 'object') fillObject(node, raw, `${path}/patternProperties`, child);
    if (node.kind === 'array') fillArray(node, raw, doc.draft, child);
    return node;
  }
}

function emptyTyped(type: JsonType, requiresType: boolean): TypedNode {
  switch (type) {
    case 'integer':
    case 'number':
      return { kind: 'number', requiresType, integer: type === 'integer' };
    case 'object':
      return {
        kind: 'object',
        requiresType,
        properties: new Map(),
        required: new Set(),
        permitsAdditional: true,
        patternProperties: [],
        propertyDependencies: new Map(),
        schemaDependencies: new Map(),
      };
    case 'array':
      return { kind: 'array', requiresType, tuple: [], permitsAdditionalItems: true, uniqueItems: false };
    default:
      return { kind: type, requiresType };
  }
}

/** Up to draft-07 `$ref` hides its siblings; from 2019-09 on they apply alongside it. */
function planParts(raw: Record<string, unknown>, doc: SchemaDocument): Part[] {
  const parts: Part[] = [];
  if (typeof raw.$ref === 'string') {
    if (isLegacy(doc)) return [{ part: 'ref', ref: raw.$ref }];
    parts.push({ part: 'ref', ref: raw.$ref });
  }
  if (Array.isArray(raw.enum)) parts.push({ part: 'enum' });
  if ('const' in raw && doc.draft !== 'draft-04') parts.push({ part: 'const' });
  for (const criterion of CRITERIA) if (Array.isArray(raw[criterion])) parts.push({ part: 'combined', criterion });
  if (isObject(raw.not) || typeof raw.not === 'boolean') parts.push({ part: 'not' });
  const declared = declaredTypes(raw);
  if (declared && declared.length > 1) parts.push({ part: 'types', types: declared });
  else if (declared) parts.push({ part: 'typed', type: declared[0], requiresType: true });
  else for (const type of impliedTypes(raw)) parts.push({ part: 'typed', type, requiresType: false });
  return parts;
}

function isLegacy(doc: SchemaDocument): boolean {
  return doc.draft === 'draft-04' || doc.draft === 'draft-06' || doc.draft === 'draft-07';
}

function isBareRef(raw: Record<string, unknown>, doc: SchemaDocument): boolean {
  const parts = planParts(raw, doc);
  return parts.length === 1 && parts[0].part === 'ref';
}

function annotationsOf(raw: Record<string, unknown>, doc: SchemaDocument): Annotations {
  return {
    id: idOf(raw, doc.draft),
    title: typeof raw.title === 'string' ? raw.title : undefined,
    description: typeof raw.description === 'string' ? raw.description : undefined,
    hasDefault: 'default' in raw,
    defaultJson: 'default' in raw ? stableJson(raw.default) : undefined,
    tags: declaredTags(raw),
  };
}

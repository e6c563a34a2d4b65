import {
  DocumentNode,
  FragmentDefinitionNode,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getNullableType,
  GraphQLField,
  GraphQLIncludeDirective,
  GraphQLNamedType,
  GraphQLSchema,
  GraphQLSkipDirective,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  OperationDefinitionNode,
  SelectionNode,
  SelectionSetNode,
} from 'graphql';

/**
 * A portal page (50 topics with owners, members, subjects and fields) costs a few thousand; a
 * query that multiplies lists inside lists costs millions and is refused before it runs.
 */
export const MAX_QUERY_COMPLEXITY = 25_000;
/** What an unbounded list (members, fields, versions) is assumed to hold. */
export const ASSUMED_LIST_SIZE = 10;
/** A whole-schema introspection answer is some hundred kilobytes: priced like a big export. */
export const INTROSPECTION_SCHEMA_COST = 2_000;
export const INTROSPECTION_TYPE_COST = 100;

/** What a field declares with the `complexity` option of @Field, @Query or @ResolveField. */
type DeclaredComplexity = number | ((options: { args: Record<string, unknown>; childComplexity: number }) => number);

/** The cost could not be estimated; the query is refused rather than run unpriced. */
export class CostEstimateError extends Error {}

/** A page size that cannot be priced (zero, negative, fractional): bad input, named as such. */
export class PageSizeError extends CostEstimateError {
  constructor(
    readonly field: string,
    readonly value: unknown,
    fieldName: string,
  ) {
    super(`'${field}' must be an integer of at least 1 (${fieldName}(${field}: ${String(value)})).`);
  }
}

export interface CostInput {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** Coerced variable values of the operation. */
  variables: Record<string, unknown>;
}

/**
 * Each field costs its weight (1 unless declared) plus its children; `first`/`last` multiply a
 * connection, `edges` counts once, any other list of objects counts as ten. Each fragment is
 * priced once and reused at every spread, so the walk is linear in the document's size however
 * fragments multiply.
 */
export function estimateCost({ schema, document, operation, variables }: CostInput): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const memo = new Map<string, number>();
  const inProgress = new Set<string>();

  const included = (node: SelectionNode): boolean => {
    if (!node.directives?.length) return true;
    if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return false;
    return getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;
  };

  const fragmentCost = (name: string): number => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    const def = fragments.get(name);
    if (!def || inProgress.has(name)) return 0;
    inProgress.add(name);
    const cost = setCost(def.selectionSet, schema.getType(def.typeCondition.name.value) ?? undefined);
    inProgress.delete(name);
    memo.set(name, cost);
    return cost;
  };

  const setCost = (set: SelectionSetNode, parent: GraphQLNamedType | undefined): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (!included(selection)) continue;
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name === '__schema') total += INTROSPECTION_SCHEMA_COST;
        else if (name === '__type') total += INTROSPECTION_TYPE_COST;
        else {
          const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
          const child = selection.selectionSet ? setCost(selection.selectionSet, field ? getNamedType(field.type) : undefined) : 0;
          total += field ? fieldCost(field, getArgumentValues(field, selection, variables), child) : 1 + child;
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? (schema.getType(selection.typeCondition.name.value) ?? undefined) : parent;
        total += setCost(selection.selectionSet, type);
      } else {
        total += fragmentCost(selection.name.value);
      }
    }
    return total;
  };

  const root = schema.getRootType(operation.operation) ?? undefined;
  const cost = setCost(operation.selectionSet, root);
  if (Number.isNaN(cost) || cost < 0) throw new CostEstimateError(`the estimate came out as ${cost}`);
  return cost;
}

/** One field's cost from its declared weight, its page size and its children's cost. */
export function fieldCost(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>, childComplexity: number): number {
  const declared = field.extensions?.complexity as DeclaredComplexity | undefined;
  const pageSize = pageSizeOf(field, args);
  if (typeof declared === 'function') {
    const cost = declared({ args: pageSize === undefined ? args : { ...args, first: pageSize }, childComplexity });
    if (typeof cost !== 'number' || !(cost >= 0)) throw new CostEstimateError(`'${field.name}' declared a cost of ${String(cost)}`);
    return cost;
  }
  const weight = typeof declared === 'number' ? declared : 1;
  if (pageSize !== undefined) return weight + childComplexity * pageSize;
  if (field.name === 'edges') return weight + childComplexity;
  if (isListType(getNullableType(field.type)) && childComplexity > 0) return weight + childComplexity * ASSUMED_LIST_SIZE;
  return weight + childComplexity;
}

/**
 * The page a `first`/`last` argument asks for; an explicit null means the argument's default,
 * as it does to the resolvers. Zero, negative or fractional pages cannot be priced.
 */
function pageSizeOf(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): number | undefined {
  let size: number | undefined;
  for (const arg of field.args) {
    if (arg.name !== 'first' && arg.name !== 'last') continue;
    let value = args[arg.name];
    if (value === undefined || value === null) value = typeof arg.defaultValue === 'number' ? arg.defaultValue : undefined;
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw new PageSizeError(arg.name, value, field.name);
    }
    size = Math.max(size ?? 0, value);
  }
  return size;
}

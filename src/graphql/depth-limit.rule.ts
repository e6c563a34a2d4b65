import { ASTVisitor, FragmentDefinitionNode, GraphQLError, Kind, SelectionSetNode, ValidationContext } from 'graphql';

/**
 * Refuses operations nested deeper than `maxDepth` fields. A fragment's depth is computed once
 * and reused at every spread, so a chain of fragments that each spread the previous one twice
 * costs linear time. Unknown fragments and cycles count as depth 0: graphql-js' own rules
 * (KnownFragmentNames, NoFragmentCycles) report them. Introspection fields (`__schema`, `__type`)
 * are not counted; their cost is bounded separately.
 */
export function depthLimitRule(maxDepth: number) {
  return (context: ValidationContext): ASTVisitor => ({
    Document(document) {
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
      const depths = selectionDepths(fragments);
      for (const def of document.definitions) {
        if (def.kind !== Kind.OPERATION_DEFINITION) continue;
        const depth = depths(def.selectionSet);
        if (depth > maxDepth) {
          const name = def.name?.value ?? 'anonymous';
          context.reportError(
            new GraphQLError(`'${name}' exceeds maximum operation depth of ${maxDepth} (it is ${depth} deep).`, { nodes: [def] }),
          );
        }
      }
      return false;
    },
  });
}

/** Depth of a selection set: 0 for leaves, 1 + the deepest child for a field with a selection. */
export function selectionDepths(fragments: ReadonlyMap<string, FragmentDefinitionNode>): (set: SelectionSetNode) => number {
  const memo = new Map<string, number>();
  const inProgress = new Set<string>();
  const fragmentDepth = (name: string): number => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    const def = fragments.get(name);
    if (!def || inProgress.has(name)) return 0;
    inProgress.add(name);
    const depth = setDepth(def.selectionSet);
    inProgress.delete(name);
    memo.set(name, depth);
    return depth;
  };
  const setDepth = (set: SelectionSetNode): number => {
    let max = 0;
    for (const selection of set.selections) {
      let depth = 0;
      if (selection.kind === Kind.FIELD) {
        if (selection.selectionSet && !selection.name.value.startsWith('__')) depth = 1 + setDepth(selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        depth = setDepth(selection.selectionSet);
      } else {
        depth = fragmentDepth(selection.name.value);
      }
      if (depth > max) max = depth;
    }
    return max;
  };
  return setDepth;
}

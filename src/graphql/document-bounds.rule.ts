import { ASTVisitor, GraphQLError, ValidationContext } from 'graphql';

export interface DocumentBounds {
  maxAliases: number;
  maxDirectives: number;
  maxFragments: number;
  maxSameNamePairs: number;
}

/**
 * Counts, in one pass over the document as written (fragments once, not per spread), what makes
 * a document expensive to validate or execute: aliases, directives, fragment definitions, and
 * fields sharing a response name (graphql-js compares those pairwise to check they can merge).
 */
export function documentBoundsRule(bounds: DocumentBounds) {
  return (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    let directives = 0;
    let fragments = 0;
    const byResponseName = new Map<string, number>();
    return {
      Field(node) {
        if (node.alias) aliases++;
        const name = (node.alias ?? node.name).value;
        byResponseName.set(name, (byResponseName.get(name) ?? 0) + 1);
      },
      Directive() {
        directives++;
      },
      FragmentDefinition() {
        fragments++;
      },
      Document: {
        leave() {
          let pairs = 0;
          for (const count of byResponseName.values()) pairs += count * count;
          const over = (what: string, actual: number, limit: number) => {
            if (actual > limit)
              context.reportError(
                new GraphQLError(`The document has ${actual} ${what}; the limit is ${limit}.`, { extensions: { limit, actual } }),
              );
          };
          over('aliases', aliases, bounds.maxAliases);
          over('directives', directives, bounds.maxDirectives);
          over('fragment definitions', fragments, bounds.maxFragments);
          over('pairs of fields sharing a response name (repeat a field less often)', pairs, bounds.maxSameNamePairs);
        },
      },
    };
  };
}

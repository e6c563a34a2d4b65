import { difference, JsonSchemaDifference, SubSchemaComparer, under } from './json-schema-difference';
import { CombinedNode } from './json-schema-model';

/**
 * Confluent's CombinedSchemaDiff: every writer subschema is tried against every reader
 * subschema, and the compatible pairs must contain a matching that covers the smaller side.
 */
export function compareCombined(differ: SubSchemaComparer, original: CombinedNode, update: CombinedNode): JsonSchemaDifference[] {
  const criterion = criterionChange(original, update);
  if (criterion?.kind === 'COMBINED_TYPE_CHANGED') return [criterion];
  const diffs: JsonSchemaDifference[] = criterion ? [criterion] : [];
  const [from, to] = [original.subschemas, update.subschemas];
  const product = update.criterion === 'allOf';
  if (from.length < to.length) diffs.push(difference(product ? 'PRODUCT_TYPE_EXTENDED' : 'SUM_TYPE_EXTENDED', '', from.length, to.length));
  if (from.length > to.length) diffs.push(difference(product ? 'PRODUCT_TYPE_NARROWED' : 'SUM_TYPE_NARROWED', '', from.length, to.length));

  const edges: JsonSchemaDifference[][][] = from.map((o, i) =>
    to.map((u) => {
      const sub = differ.compare(o, u);
      return differ.isCompatible(sub) ? under(`${original.criterion}/${i}`, sub) : undefined;
    }),
  ) as JsonSchemaDifference[][][];
  const matchOf = maximumMatching(from.length, to.length, (i, j) => edges[i][j] !== undefined);
  let size = 0;
  matchOf.forEach((i, j) => {
    if (i < 0) return;
    size++;
    diffs.push(...edges[i][j]);
  });
  if (size < Math.min(from.length, to.length)) {
    diffs.push(difference('COMBINED_TYPE_SUBSCHEMAS_CHANGED', original.criterion));
  }
  return diffs;
}

function criterionChange(original: CombinedNode, update: CombinedNode): JsonSchemaDifference | undefined {
  const [from, to] = [original.criterion, update.criterion];
  if (from === to) return undefined;
  const singleton = (node: CombinedNode) => node.subschemas.length === 1;
  const extended =
    to === 'anyOf' || (to === 'oneOf' && singleton(original)) || (to === 'allOf' && singleton(original) && singleton(update));
  return difference(extended ? 'COMBINED_TYPE_EXTENDED' : 'COMBINED_TYPE_CHANGED', '', from, to);
}

/** Kuhn's augmenting paths; returns, for each right vertex, its left partner or -1. */
function maximumMatching(left: number, right: number, edge: (i: number, j: number) => boolean): number[] {
  const matchOf = new Array<number>(right).fill(-1);
  const augment = (i: number, seen: boolean[]): boolean => {
    for (let j = 0; j < right; j++) {
      if (!edge(i, j) || seen[j]) continue;
      seen[j] = true;
      if (matchOf[j] < 0 || augment(matchOf[j], seen)) {
        matchOf[j] = i;
        return true;
      }
    }
    return false;
  };
  for (let i = 0; i < left; i++) augment(i, new Array<boolean>(right).fill(false));
  return matchOf;
}

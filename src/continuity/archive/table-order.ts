/** A foreign key from `child` to `parent` (the parent's rows must exist first). */
export interface TableDependency {
  child: string;
  parent: string;
}

/**
 * Tables ordered so that every table comes after the tables it refers to (Kahn's algorithm, ties
 * by name so that the order is stable). A table that refers to itself is fine (its rows are
 * inserted in one statement, and PostgreSQL checks such keys at the end of the statement); a cycle
 * between tables cannot be restored row by row and is reported.
 */
export function dependencyOrder(tables: readonly string[], dependencies: readonly TableDependency[]): string[] {
  const known = new Set(tables);
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set<string>()]));
  for (const { child, parent } of dependencies) {
    if (child !== parent && known.has(child) && known.has(parent)) parents.get(child)!.add(parent);
  }
  const ordered: string[] = [];
  const done = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.filter((t) => !done.has(t) && [...parents.get(t)!].every((p) => done.has(p))).sort();
    if (ready.length === 0) {
      const stuck = tables.filter((t) => !done.has(t)).sort();
      throw new Error(`foreign keys form a cycle between ${stuck.join(', ')}; these tables cannot be restored in order`);
    }
    for (const t of ready) {
      ordered.push(t);
      done.add(t);
    }
  }
  return ordered;
}

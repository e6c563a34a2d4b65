/**
 * Rules every value crossing the edge obeys, whatever the protocol. PostgreSQL's `text` and `jsonb`
 * cannot hold U+0000, `integer` columns stop at 2^31-1, `timestamptz` refuses far years, and deep
 * JSON blows the stack of every recursive walker (serialisers, canonicalisers) behind the edge.
 */
export const MAX_INT32 = 2 ** 31 - 1;
export const MAX_JSON_DEPTH = 32;
export const MIN_YEAR = 1970;
export const MAX_YEAR = 9999;

export interface InputProblem {
  /** Where in the value, as `field.sub[2].key`. */
  field: string;
  rule: 'no-nul' | 'max-depth' | 'date-range';
  message: string;
}

export const isInt32Id = (n: number): boolean => Number.isInteger(n) && n >= 1 && n <= MAX_INT32;

/** A decimal positive 32-bit integer (as path and query parameters carry ids and versions), or undefined. */
export function parsePositiveInt32(text: string): number | undefined {
  if (!/^\d{1,10}$/.test(text)) return undefined;
  const n = Number(text);
  return isInt32Id(n) ? n : undefined;
}

export function dateProblem(date: Date, field: string): InputProblem | undefined {
  const time = date.getTime();
  if (Number.isNaN(time))
    return { field, rule: 'date-range', message: `'${field}' is not a valid date-time (use ISO 8601, e.g. 2030-01-31T00:00:00Z).` };
  const year = date.getUTCFullYear();
  if (year < MIN_YEAR || year > MAX_YEAR) {
    return { field, rule: 'date-range', message: `'${field}' must be a date-time between the years ${MIN_YEAR} and ${MAX_YEAR}.` };
  }
  return undefined;
}

/**
 * The first problem found in a JSON-like value: a NUL character in any string or key, nesting
 * deeper than `maxDepth`, or an invalid or out-of-range date. Iterative, so that a hostile depth
 * cannot overflow the stack of the check itself.
 */
export function findInputProblem(value: unknown, root: string, maxDepth = MAX_JSON_DEPTH): InputProblem | undefined {
  const stack: Array<{ value: unknown; field: string; depth: number }> = [{ value, field: root, depth: 0 }];
  while (stack.length > 0) {
    const { value: v, field, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return { field, rule: 'no-nul', message: `'${field}' must not contain a NUL character (U+0000).` };
      continue;
    }
    if (v instanceof Date) {
      const problem = dateProblem(v, field);
      if (problem) return problem;
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= maxDepth) return { field, rule: 'max-depth', message: `'${field}' is nested deeper than ${maxDepth} levels.` };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], field: `${field}[${i}]`, depth: depth + 1 });
      continue;
    }
    const entries = Object.entries(v as Record<string, unknown>);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      if (key.includes('\u0000')) return { field, rule: 'no-nul', message: `'${field}' has a key containing a NUL character (U+0000).` };
      stack.push({ value: child, field: field ? `${field}.${key}` : key, depth: depth + 1 });
    }
  }
  return undefined;
}

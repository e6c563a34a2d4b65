/**
 * Exporter subject lists: names or patterns where `*` matches any run of characters (Confluent's
 * wildcard). A subject named exactly (no wildcard) is "listed by name", which is what lets a
 * subject with no topic leave.
 */
const patternCache = new Map<string, RegExp>();

function regexOf(pattern: string): RegExp {
  let r = patternCache.get(pattern);
  if (!r) {
    const body = pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    r = new RegExp(`^${body}$`, 's');
    if (patternCache.size < 10_000) patternCache.set(pattern, r);
  }
  return r;
}

export const isWildcard = (pattern: string) => pattern.includes('*');

export function matchesAny(subject: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => (isWildcard(p) ? regexOf(p).test(subject) : p === subject));
}

export function listedByName(subject: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => !isWildcard(p) && p === subject);
}

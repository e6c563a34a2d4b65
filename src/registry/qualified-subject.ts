/**
 * Confluent's contexts (docs/reference/contexts.md): a subject may be qualified with a context as
 * `:.ctx:name`. Everything else, `:.:name` included, is in the default context `.`, where names are
 * written without a prefix, so today's subjects are exactly as they were. `:*:` is the wildcard of
 * listing prefixes only. Pure: no framework, no database.
 */
export const DEFAULT_CONTEXT = '.';
export const CONTEXT_WILDCARD = ':*:';

export interface QualifiedSubject {
  /** `.` or `.name`; `*` for the wildcard. */
  context: string;
  /** The subject without its context; empty when the text names a context only (`:.eu:`). */
  name: string;
}

/** Confluent's reading of a subject: `:.` starts a context that ends at the next `:` (or the end). */
export function parseSubject(text: string): QualifiedSubject {
  if (text.startsWith(':.')) {
    const end = text.indexOf(':', 2);
    return end < 0 ? { context: text.slice(1), name: '' } : { context: text.slice(1, end), name: text.slice(end + 1) };
  }
  if (text.startsWith(CONTEXT_WILDCARD)) return { context: '*', name: text.slice(CONTEXT_WILDCARD.length) };
  return { context: DEFAULT_CONTEXT, name: text };
}

/** `:.eu:` for a named context, `` for the default one. */
export function contextPrefix(context: string): string {
  return context === DEFAULT_CONTEXT ? '' : `:${context}:`;
}

export function qualify(context: string, name: string): string {
  return contextPrefix(context) + name;
}

/** The one spelling stored and answered: `:.:x` is `x`, `:.eu` is `:.eu:`. The wildcard stays as written. */
export function normalizeSubject(text: string): string {
  const { context, name } = parseSubject(text);
  return context === '*' ? text : qualify(context, name);
}

/** The context a stored (normalized) subject lives in. */
export function contextOf(subject: string): string {
  const { context } = parseSubject(subject);
  return context === '*' ? DEFAULT_CONTEXT : context;
}

/** The subject's name without its context: what TopicNameStrategy and the catalogue know it by. */
export function nameOf(subject: string): string {
  return parseSubject(subject).name;
}

/** True when `text` names a context only (`:.eu:`, `:.eu`, `:.:`), never a subject. */
export function isContextOnly(text: string): boolean {
  const { context, name } = parseSubject(text);
  return context !== '*' && name === '' && text.startsWith(':.');
}

/**
 * The subject a reference points at. An unqualified reference is read in the context of the schema
 * that makes it (so a schema imported into `:.eu:` with its references finds them there); a
 * qualified one names its context itself.
 */
export function referenceTarget(referrerSubject: string, referenceSubject: string): string {
  if (referenceSubject.startsWith(':.')) return normalizeSubject(referenceSubject);
  return qualify(contextOf(referrerSubject), referenceSubject);
}

/** Whether a normalized subject falls under a listing prefix (`:*:x` matches `x...` in every context). */
export function matchesPrefix(subject: string, prefix: string | undefined): boolean {
  if (!prefix || prefix === CONTEXT_WILDCARD) return true;
  if (prefix.startsWith(CONTEXT_WILDCARD)) return nameOf(subject).startsWith(prefix.slice(CONTEXT_WILDCARD.length));
  return subject.startsWith(prefix);
}

import { CONTEXT_WILDCARD, contextPrefix } from '../registry/qualified-subject';

/**
 * Confluent's context base URL (docs/reference/contexts.md): a client whose registry URL is
 * `https://host/contexts/.eu` works in `.eu` without knowing it. Its requests are rewritten before
 * routing: the subject after `subjects/`, `config/` or `mode/` gets the `:.eu:` prefix unless it
 * names a context itself, bare `config` and `mode` become the context's own settings, `schemas/ids`
 * reads ids through `subject=:.eu:`, and listings get `subjectPrefix=:.eu:`. Pure: URL in, URL out.
 */
const CONTEXTS = 'contexts';

/** The URL to route instead of `url`; `url` itself when it is no context URL. */
export function rewriteContextUrl(url: string): string {
  const queryAt = url.indexOf('?');
  const path = queryAt < 0 ? url : url.slice(0, queryAt);
  const query = queryAt < 0 ? '' : url.slice(queryAt + 1);
  const segments = path.split('/').slice(1);
  if (segments[0]?.toLowerCase() !== CONTEXTS || segments.length < 3 || segments[2] === '') return url;
  const context = contextNameOf(segments[1]);
  // A malformed name goes to `/contexts/{name}`, which answers what is wrong with it.
  if (context === undefined) return `/${CONTEXTS}/${segments[1]}`;
  const prefix = contextPrefix(context);
  const rest = segments.slice(2);
  const out = qualifyPath(rest, prefix);
  return `/${out.join('/')}${qualifyQuery(rest, query, prefix)}`;
}

/** `.eu`, `eu`, `:.eu:` all name `.eu`; undefined when the name holds a colon (or cannot be decoded). */
export function contextNameOf(segment: string): string | undefined {
  let name: string;
  try {
    name = decodeURIComponent(segment);
  } catch {
    return undefined;
  }
  if (name.startsWith(':')) name = name.slice(1);
  if (name.endsWith(':')) name = name.slice(0, -1);
  if (name.includes(':') || name === '' || /[\u0000-\u001f\u007f]/.test(name)) return undefined;
  return name.startsWith('.') ? name : `.${name}`;
}

function qualifyPath(rest: string[], prefix: string): string[] {
  const out = [...rest];
  const root = out[0].toLowerCase();
  const settings = root === 'config' || root === 'mode';
  if (settings && out.length === 1) return prefix === '' ? out : [out[0], encodeURIComponent(prefix)];
  for (let i = 0; i < out.length - 1; i++) {
    const name = out[i].toLowerCase();
    if (name === 'subjects' || (i === 0 && settings)) {
      out[i + 1] = qualify(out[i + 1], prefix);
      i++;
    }
  }
  return out;
}

/** The query as it came, unless the context has to be added to `subject` or `subjectPrefix`. */
function qualifyQuery(rest: string[], query: string, prefix: string): string {
  const original = query === '' ? '' : `?${query}`;
  if (prefix === '') return original;
  const params = new URLSearchParams(query);
  const path = rest.join('/').toLowerCase();
  if (path.startsWith('schemas/ids/')) {
    const subject = params.get('subject') ?? '';
    if (namesContext(subject)) return original;
    params.set('subject', prefix + subject);
  } else if (path === 'schemas' || path === 'subjects') {
    const prefixes = params.getAll('subjectPrefix');
    params.delete('subjectPrefix');
    for (const p of prefixes.length === 0 ? [''] : prefixes) params.append('subjectPrefix', namesContext(p) ? p : prefix + p);
  } else {
    return original;
  }
  return `?${params.toString()}`;
}

function qualify(segment: string, prefix: string): string {
  let subject: string;
  try {
    subject = decodeURIComponent(segment);
  } catch {
    return segment;
  }
  return namesContext(subject) ? segment : encodeURIComponent(prefix + subject);
}

const namesContext = (text: string) => text.startsWith(':.') || text.startsWith(CONTEXT_WILDCARD);

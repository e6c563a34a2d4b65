import { invalidInput } from '../../kernel/domain-error';
import { AsyncApiDocument, toJson, toYaml } from './asyncapi-document';
import { TEAM_SLUG, TEAM_SLUG_RULE } from '../../kernel/identifiers';

export const ASYNCAPI_FORMATS = ['yaml', 'json'] as const;
export type AsyncApiFormat = (typeof ASYNCAPI_FORMATS)[number];

export const MEDIA_TYPES: Record<AsyncApiFormat, string> = {
  // RFC 9512 registers application/yaml.
  yaml: 'application/yaml; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

export const serialise = (doc: AsyncApiDocument, format: AsyncApiFormat): string => (format === 'json' ? toJson(doc) : toYaml(doc));

/**
 * `?format=` wins; otherwise an Accept header that asks for JSON and not YAML gets JSON; YAML is
 * the default, as the path says.
 */
export function negotiateFormat(formatParam: unknown, accept: string | undefined): AsyncApiFormat {
  if (formatParam !== undefined) {
    const value = typeof formatParam === 'string' ? formatParam.toLowerCase() : '';
    if (!(ASYNCAPI_FORMATS as readonly string[]).includes(value)) {
      throw invalidInput('format', 'one-of', `'format' must be one of ${ASYNCAPI_FORMATS.join(', ')}.`);
    }
    return value as AsyncApiFormat;
  }
  const wanted = (accept ?? '').toLowerCase();
  return wanted.includes('json') && !wanted.includes('yaml') ? 'json' : 'yaml';
}

/** `?team=` once, or not at all. */
export function teamParam(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidInput('team', 'single', "'team' must be given at most once, as a team slug.");
  if (!TEAM_SLUG.test(value)) throw invalidInput('team', 'slug-format', `'team' ${TEAM_SLUG_RULE}.`);
  return value;
}

import type { Classification, Lifecycle, TopicFilter, TopicIntent } from '../gql/graphql';

export const INTENTS: TopicIntent[] = ['EVENT', 'STATE', 'COMMAND'];
export const CLASSIFICATIONS: Classification[] = ['PUBLIC', 'INTERNAL', 'CONFIDENTIAL', 'RESTRICTED'];
export const LIFECYCLES: Lifecycle[] = ['DRAFT', 'ACTIVE', 'DEPRECATED', 'RETIRED'];
export const FILTER_KEYS = ['q', 'owner', 'intent', 'classification', 'jurisdiction', 'lifecycle', 'tag'] as const;

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  values.includes(value as T) ? (value as T) : undefined;

/** The URL is the state of the catalogue view, so that a view can be shared as a link. */
export function filterFromParams(params: URLSearchParams): TopicFilter {
  const filter: TopicFilter = {};
  const text = params.get('q')?.trim();
  if (text) filter.text = text;
  const owner = params.get('owner');
  if (owner) filter.ownerTeam = owner;
  const intent = oneOf(INTENTS, params.get('intent'));
  if (intent) filter.intent = [intent];
  const classification = oneOf(CLASSIFICATIONS, params.get('classification'));
  if (classification) filter.classificationAtLeast = classification;
  const jurisdiction = params.get('jurisdiction')?.trim().toUpperCase();
  if (jurisdiction) filter.jurisdiction = [jurisdiction];
  const lifecycle = oneOf(LIFECYCLES, params.get('lifecycle'));
  if (lifecycle) filter.lifecycle = [lifecycle];
  const tag = params.get('tag')?.trim();
  if (tag) filter.tag = tag;
  return filter;
}

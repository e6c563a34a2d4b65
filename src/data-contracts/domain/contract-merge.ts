import { isEmptyMetadata, isEmptyRuleSet, Metadata, metadataProperty, Rule, RULE_LISTS, RuleSet } from './rule-set';

/** The config fields that shape a new version's metadata and rules (docs/data-contracts.md, "Merge order"). */
export interface ContractDefaults {
  defaultMetadata?: Metadata | null;
  overrideMetadata?: Metadata | null;
  defaultRuleSet?: RuleSet | null;
  overrideRuleSet?: RuleSet | null;
}

export interface MetadataAndRules {
  metadata: Metadata | null;
  ruleSet: RuleSet | null;
}

/**
 * What a new version carries, in Confluent's order: the request's own metadata and rule set, or
 * when it sends none, the previous live version's; then `default*` under it and `override*` over
 * it. Each step is a merge, never a replacement: an override adds or replaces entries, it does not
 * drop the others.
 */
export function effectiveMetadataAndRules(
  config: ContractDefaults,
  sent: Partial<MetadataAndRules>,
  previous: MetadataAndRules | undefined,
): MetadataAndRules {
  const specificMetadata = sent.metadata ?? previous?.metadata ?? null;
  const specificRules = sent.ruleSet ?? previous?.ruleSet ?? null;
  const metadata = mergeMetadata(mergeMetadata(config.defaultMetadata ?? null, specificMetadata), config.overrideMetadata ?? null);
  const ruleSet = mergeRuleSets(mergeRuleSets(config.defaultRuleSet ?? null, specificRules), config.overrideRuleSet ?? null);
  return { metadata: isEmptyMetadata(metadata) ? null : metadata, ruleSet: isEmptyRuleSet(ruleSet) ? null : ruleSet };
}

/** Newer wins per key: property by property, tag path by tag path; `sensitive` is a union. */
export function mergeMetadata(older: Metadata | null, newer: Metadata | null): Metadata | null {
  if (!older) return newer;
  if (!newer) return older;
  const merged: Metadata = { ...older, ...newer };
  const tags = mergeMaps(older.tags, newer.tags);
  const properties = mergeMaps(older.properties, newer.properties);
  const sensitive = mergeSets(older.sensitive, newer.sensitive);
  if (tags) merged.tags = tags;
  if (properties) merged.properties = properties;
  if (sensitive) merged.sensitive = sensitive;
  return merged;
}

/** Per list, a newer rule replaces the older one of the same name; the rest keep their order. */
export function mergeRuleSets(older: RuleSet | null, newer: RuleSet | null): RuleSet | null {
  if (!older) return newer;
  if (!newer) return older;
  const merged: RuleSet = { ...older, ...newer };
  for (const list of RULE_LISTS) {
    const rules = mergeRules(older[list], newer[list]);
    if (rules === undefined) delete merged[list];
    else merged[list] = rules;
  }
  if (newer.enableAt === undefined && older.enableAt !== undefined) merged.enableAt = older.enableAt;
  return merged;
}

function mergeRules(older: Rule[] | undefined, newer: Rule[] | undefined): Rule[] | undefined {
  if (!older || older.length === 0) return newer;
  if (!newer || newer.length === 0) return older;
  const names = new Set(newer.map((r) => r.name));
  return [...older.filter((r) => !names.has(r.name)), ...newer];
}

function mergeMaps<T>(older: Record<string, T> | undefined, newer: Record<string, T> | undefined): Record<string, T> | undefined {
  if (!older || Object.keys(older).length === 0) return newer;
  if (!newer || Object.keys(newer).length === 0) return older;
  return { ...older, ...newer };
}

function mergeSets(older: string[] | undefined, newer: string[] | undefined): string[] | undefined {
  if (!older || older.length === 0) return newer;
  if (!newer || newer.length === 0) return older;
  return [...new Set([...older, ...newer])].sort();
}

/**
 * `compatibilityGroup` (docs/data-contracts.md): a candidate is checked only against versions whose
 * metadata property of that name has the same value as its own; "absent" is a value too, so
 * versions without the property form one group.
 */
export function sameCompatibilityGroup<T>(
  group: string | undefined,
  candidate: Metadata | null | undefined,
  versions: readonly T[],
  metadataOf: (version: T) => Metadata | null | undefined,
): T[] {
  if (group === undefined) return [...versions];
  const value = metadataProperty(candidate, group);
  return versions.filter((v) => metadataProperty(metadataOf(v), group) === value);
}

import { defineLoader } from '../../graphql/request-loaders';
import { Consumer, consumersOf, VersionReaders } from '../domain/consumers';
import { UsageQueryService } from '../usage-query.service';

/** Keys are `<days>|<topic id>` (days empty for the whole retention), batched per window. */
export const CONSUMERS_OF_TOPIC = defineLoader(async (usage: UsageQueryService, keys: readonly string[]): Promise<Consumer[][]> => {
  const out = new Map<string, Consumer[]>();
  for (const [days, ids] of byWindow(keys)) {
    const reads = await usage.readsOfTopics(ids, usage.since(days));
    ids.forEach((id, i) => out.set(`${days ?? ''}|${id}`, consumersOf(reads[i])));
  }
  return keys.map((k) => out.get(k) ?? []);
});

/** Keys are `<days>|<topic name>`. */
export const READINESS_OF_TOPIC = defineLoader(async (usage: UsageQueryService, keys: readonly string[]): Promise<VersionReaders[][]> => {
  const out = new Map<string, VersionReaders[]>();
  for (const [days, names] of byWindow(keys)) {
    const versions = await usage.readinessOfSubjects(
      names.flatMap((n) => [`${n}-value`, `${n}-key`]),
      usage.since(days),
    );
    for (const n of names)
      out.set(
        `${days ?? ''}|${n}`,
        versions.filter((v) => v.subject === `${n}-value` || v.subject === `${n}-key`),
      );
  }
  return keys.map((k) => out.get(k) ?? []);
});

export const READS_OF_GRANT = defineLoader((usage: UsageQueryService, requestIds: readonly string[]) => usage.readsOfGrants(requestIds));

function byWindow(keys: readonly string[]): Map<number | undefined, string[]> {
  const groups = new Map<number | undefined, string[]>();
  for (const key of keys) {
    const bar = key.indexOf('|');
    const days = bar > 0 ? Number(key.slice(0, bar)) : undefined;
    groups.set(days, [...(groups.get(days) ?? []), key.slice(bar + 1)]);
  }
  return groups;
}

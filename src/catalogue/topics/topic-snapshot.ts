import { TopicEntity } from './topic.entity';

/** The fields of a topic an audit entry records (everything a person can change). */
const AUDITED_FIELDS = [
  'displayName',
  'description',
  'ownerTeamId',
  'intent',
  'classification',
  'jurisdiction',
  'residency',
  'accessPolicy',
  'maxGrantDays',
  'lifecycle',
  'sunsetAt',
  'replacementTopicId',
  'tags',
  'contacts',
  'retentionMs',
  'partitions',
] as const satisfies ReadonlyArray<keyof TopicEntity>;

type Snapshot = Record<string, unknown>;

export function snapshotOf(topic: TopicEntity): Snapshot {
  return Object.fromEntries(AUDITED_FIELDS.map((f) => [f, normalise(topic[f])]));
}

/** Before and after of the fields that differ, for the audit entry of an update. */
export function changesBetween(before: TopicEntity, after: TopicEntity): { before: Snapshot; after: Snapshot } {
  const b = snapshotOf(before);
  const a = snapshotOf(after);
  const changed = AUDITED_FIELDS.filter((f) => JSON.stringify(b[f]) !== JSON.stringify(a[f]));
  return {
    before: Object.fromEntries(changed.map((f) => [f, b[f]])),
    after: Object.fromEntries(changed.map((f) => [f, a[f]])),
  };
}

const normalise = (v: unknown) => (v instanceof Date ? v.toISOString() : (v ?? null));

/**
 * The topic's vocabulary and rules that do not need a database: what a classification outranks,
 * which lifecycle moves are allowed, which names Kafka accepts. Imported by catalogue, access and
 * contracts alike, so it stays framework-free.
 */
export const TOPIC_INTENTS = ['EVENT', 'STATE', 'COMMAND'] as const;
export type TopicIntent = (typeof TOPIC_INTENTS)[number];

/** Ordered from least to most sensitive. */
export const CLASSIFICATIONS = ['PUBLIC', 'INTERNAL', 'CONFIDENTIAL', 'RESTRICTED'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export const ACCESS_POLICIES = ['OPEN', 'OWNER_APPROVAL', 'OWNER_AND_STEWARD_APPROVAL'] as const;
export type AccessPolicy = (typeof ACCESS_POLICIES)[number];

/** Ordered: a topic only ever moves to the right. */
export const LIFECYCLES = ['DRAFT', 'ACTIVE', 'DEPRECATED', 'RETIRED'] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];

/** Kafka's own rule (kafka.common.internals.Topic): legal characters, 249 at most, not `.` or `..`. */
export const TOPIC_NAME = /^(?!\.{1,2}$)[a-zA-Z0-9._-]{1,249}$/;
export const TOPIC_NAME_RULE = "must be 1-249 characters of a-z, A-Z, 0-9, '.', '_' or '-', and not '.' or '..'";

export function isValidTopicName(name: string): boolean {
  return TOPIC_NAME.test(name);
}

export const classificationRank = (c: Classification): number => CLASSIFICATIONS.indexOf(c);

export const isAtLeast = (c: Classification, floor: Classification): boolean => classificationRank(c) >= classificationRank(floor);

export const lifecycleRank = (l: Lifecycle): number => LIFECYCLES.indexOf(l);

/** Lifecycle moves forward only; staying put is not a move. */
export function canMoveLifecycle(from: Lifecycle, to: Lifecycle): boolean {
  return lifecycleRank(to) > lifecycleRank(from);
}

/** TopicNameStrategy: the registry subjects that belong to a topic. */
export const subjectsOfTopic = (name: string) => ({ value: `${name}-value`, key: `${name}-key` });

/** The topic a subject belongs to under TopicNameStrategy, or undefined for other subjects. */
export function topicOfSubject(subject: string): { topic: string; part: 'value' | 'key' } | undefined {
  const match = /^(.+)-(value|key)$/.exec(subject);
  if (!match || !isValidTopicName(match[1])) return undefined;
  return { topic: match[1], part: match[2] as 'value' | 'key' };
}

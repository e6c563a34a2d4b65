/**
 * SQL fragments shared by the usage queries. `u` is a schema_usage row, `t` its topic.
 * A reader is covered for a topic when it belongs to the owning team, or holds an active grant on
 * it: through one of its teams, or as the grant's Kafka principal `User:<username>`. Anonymous
 * readers are covered by nothing.
 */
export const SUBJECT_OF_TOPIC_SQL = `u.subject IN (t.name || '-value', t.name || '-key')`;

/** The topic a subject belongs to under TopicNameStrategy (NULL for other subjects). */
export const TOPIC_OF_SUBJECT_SQL = `substring(u.subject from '^(.+)-(?:value|key)$')`;

export const OWNER_MEMBER_SQL = `(u.authenticated AND EXISTS (SELECT 1 FROM team o WHERE o.id = t.owner_team_id AND o.slug = ANY(u.principal_teams)))`;

/** `$now` is the parameter holding the current time. */
export const grantCoversSql = (now: string) => `(u.authenticated AND EXISTS (
  SELECT 1 FROM access_request r JOIN team rt ON rt.id = r.requesting_team_id
   WHERE r.topic_id = t.id AND r.state = 'APPROVED' AND r.grant_end > ${now}
     AND (rt.slug = ANY(u.principal_teams) OR r.kafka_principal = 'User:' || u.principal)))`;

export const SHADOW_CLASSIFICATIONS = ['CONFIDENTIAL', 'RESTRICTED'];

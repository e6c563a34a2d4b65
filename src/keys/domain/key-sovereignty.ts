/**
 * Keys are sovereign: a KEK names a KMS in one jurisdiction, and its DEKs serve only topics whose
 * data lives there; a wrapped DEK goes only to the people the topic's owner let read it. Pure
 * decisions over facts the services gather, so the rules read in one place.
 */

/** What the catalogue says about the topic a DEK's subject belongs to (TopicNameStrategy). */
export interface KeyTopic {
  name: string;
  jurisdiction: string;
  ownerTeam: string;
}

/** Why a DEK may not be created under a KEK for a subject, or undefined when it may. */
export function dekPlacementProblem(
  kek: { name: string; jurisdiction: string },
  subject: string,
  topic: KeyTopic | undefined,
): string | undefined {
  if (!topic) {
    return `subject '${subject}' belongs to no catalogued topic, so the jurisdiction of its data is unknown; catalogue the topic first (subjects are '<topic>-value' and '<topic>-key')`;
  }
  if (topic.jurisdiction !== kek.jurisdiction) {
    return `subject '${subject}' belongs to topic '${topic.name}', whose data lives in jurisdiction ${topic.jurisdiction}, but KEK '${kek.name}' declares jurisdiction ${kek.jurisdiction}; a topic's data keys stay with a KMS of its own jurisdiction`;
  }
  return undefined;
}

export type DekReadDecision = { allowed: true; via: 'owner-team' | 'read-grant' } | { allowed: false; reason: string };

/**
 * Who may fetch a DEK: members of the team owning the topic, and principals of a team holding an
 * APPROVED, unexpired READ grant on it (`hasReadGrant`, looked up at the moment of the read, so
 * a revoked or expired grant stops reads at once). Roles give no keys: an admin or a steward
 * reads a DEK only as a member or a grantee, like anyone else.
 */
export function decideDekRead(
  teams: readonly string[],
  subject: string,
  topic: KeyTopic | undefined,
  hasReadGrant: boolean,
): DekReadDecision {
  if (!topic) return { allowed: false, reason: `subject '${subject}' belongs to no catalogued topic; its keys are served to no one` };
  if (teams.includes(topic.ownerTeam)) return { allowed: true, via: 'owner-team' };
  if (hasReadGrant) return { allowed: true, via: 'read-grant' };
  return {
    allowed: false,
    reason: `the data keys of topic '${topic.name}' are served to members of its owning team '${topic.ownerTeam}' and to teams with an approved, unexpired READ grant on it; ask for access to the topic`,
  };
}

/**
 * Who may write DEKs of a subject (create, delete, undelete): members of the owning team, the
 * producers of its data. Admins too, as for the subject's schemas.
 */
export function mayWriteDek(teams: readonly string[], isAdmin: boolean, topic: KeyTopic | undefined): boolean {
  return isAdmin || (topic !== undefined && teams.includes(topic.ownerTeam));
}

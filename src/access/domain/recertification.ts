import { Classification, CLASSIFICATIONS } from '../../catalogue/topics/domain/topic-vocabulary';
import { DomainError, invalidInput } from '../../kernel/domain-error';
import { AccessActor, AccessRequestSnapshot, DAY_MS, MAX_REASON_LENGTH } from './access-vocabulary';
import { canFill, effectiveState } from './decide';

/**
 * Grant recertification: a steward asks the owners of a set of grants to confirm each one or
 * revoke it before a deadline; a grant nobody answered for is suspended when the deadline passes.
 * Pure rules: who may start, who may answer, what an answer and the deadline do.
 */
export const RECERTIFICATION_SCOPES = ['TEAM', 'TOPIC', 'CLASSIFICATION'] as const;
export type RecertificationScopeKind = (typeof RECERTIFICATION_SCOPES)[number];

export const CAMPAIGN_STATES = ['OPEN', 'CLOSED'] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

/** OPEN until answered; SUSPENDED by the deadline; LAPSED when the grant ended otherwise before it. */
export const ITEM_STATES = ['OPEN', 'CONFIRMED', 'REVOKED', 'SUSPENDED', 'LAPSED'] as const;
export type ItemState = (typeof ITEM_STATES)[number];

export const RECERTIFICATION_DECISIONS = ['CONFIRM', 'REVOKE'] as const;
export type RecertificationDecision = (typeof RECERTIFICATION_DECISIONS)[number];

export const MIN_DEADLINE_DAYS = 1;
export const MAX_DEADLINE_DAYS = 365;
export const MAX_NOTE_LENGTH = 2000;

export interface RecertificationScope {
  kind: RecertificationScopeKind;
  /** A team slug (grants the team holds), a topic name, or a classification. */
  value: string;
}

/** The scope as the caller gave it: exactly one of the three. */
export interface ScopeInput {
  team?: string | null;
  topic?: string | null;
  classification?: string | null;
}

export function scopeOf(input: ScopeInput | null | undefined): RecertificationScope {
  const given = (
    [
      ['TEAM', input?.team],
      ['TOPIC', input?.topic],
      ['CLASSIFICATION', input?.classification],
    ] as const
  ).filter(([, v]) => v !== undefined && v !== null);
  if (given.length !== 1) {
    throw invalidInput('scope', 'exactly-one', `'scope' must name exactly one of 'team', 'topic' or 'classification'.`);
  }
  const [kind, value] = given[0];
  if (kind === 'CLASSIFICATION' && !(CLASSIFICATIONS as readonly string[]).includes(value!)) {
    throw invalidInput('scope.classification', 'enum', `'scope.classification' must be one of ${CLASSIFICATIONS.join(', ')}.`);
  }
  return { kind, value: value as string | Classification };
}

export function checkDeadlineDays(days: unknown): number {
  if (typeof days !== 'number' || !Number.isInteger(days) || days < MIN_DEADLINE_DAYS || days > MAX_DEADLINE_DAYS) {
    throw invalidInput(
      'deadlineDays',
      'range',
      `'deadlineDays' must be a whole number of days from ${MIN_DEADLINE_DAYS} to ${MAX_DEADLINE_DAYS}, not ${String(days)}.`,
    );
  }
  return days;
}

export function checkNote(note: string | null | undefined): string | null {
  const text = note?.trim() ? note.trim() : null;
  if (text && text.length > MAX_NOTE_LENGTH)
    throw invalidInput('note', 'max-length', `'note' must be at most ${MAX_NOTE_LENGTH} characters.`);
  return text;
}

export const deadlineAfter = (start: Date, days: number) => new Date(start.getTime() + days * DAY_MS);

/** Stewards start campaigns; admins can. */
export function assertMayStart(actor: AccessActor): void {
  if (actor.roles.includes('steward') || actor.roles.includes('admin')) return;
  throw new DomainError(
    'FORBIDDEN',
    `Only data stewards and admins can start a recertification campaign; '${actor.username}' is neither.`,
    {
      rule: 'steward-starts',
    },
  );
}

/**
 * The owner-side approver of a grant answers for it: whoever may fill the OWNER slot of an access
 * request on the topic (a member of the owning team), exactly as in the access workflow. Admins can.
 * Stewards who are not owners cannot: recertification asks the owners, and a steward started it.
 */
export function mayAnswer(grant: Pick<AccessRequestSnapshot, 'ownerTeam'>, actor: AccessActor): boolean {
  return actor.roles.includes('admin') || canFill('OWNER', grant, actor);
}

export interface ItemView {
  id: string;
  state: ItemState;
  deadline: Date;
}

export interface Answer {
  decision: RecertificationDecision;
  reason: string | null;
}

/** Checks an answer; returns it with its reason trimmed, or throws the rule it breaks. */
export function checkAnswer(
  item: ItemView,
  grant: AccessRequestSnapshot,
  decision: string,
  reason: string | null | undefined,
  actor: AccessActor,
  now: Date,
): Answer {
  if (!(RECERTIFICATION_DECISIONS as readonly string[]).includes(decision)) {
    throw invalidInput('decision', 'enum', `'decision' must be one of ${RECERTIFICATION_DECISIONS.join(', ')}.`);
  }
  if (!mayAnswer(grant, actor)) {
    throw new DomainError(
      'FORBIDDEN',
      `'${actor.username}' cannot answer recertification item ${item.id}: it needs a member of team '${grant.ownerTeam}' (the topic's owner, the OWNER approver of its grants) or an admin.`,
      { field: 'itemId', rule: 'owner-side-approver' },
    );
  }
  if (item.state !== 'OPEN') {
    throw new DomainError('CONFLICT', `Recertification item ${item.id} is ${item.state}; it was closed and cannot be answered again.`, {
      field: 'itemId',
      rule: 'item-closed',
      state: item.state,
    });
  }
  if (item.deadline <= now) {
    throw new DomainError(
      'CONFLICT',
      `The deadline of recertification item ${item.id} passed at ${item.deadline.toISOString()}; it can no longer be answered.`,
      { field: 'itemId', rule: 'deadline-passed' },
    );
  }
  const text = reason?.trim() ? reason.trim() : null;
  if (text && text.length > MAX_REASON_LENGTH) {
    throw invalidInput('reason', 'max-length', `'reason' must be at most ${MAX_REASON_LENGTH} characters.`);
  }
  if (decision === 'REVOKE' && !text) {
    throw invalidInput('reason', 'reason-required', `'reason' is required to revoke a grant; the requesting team sees it.`);
  }
  if (decision === 'CONFIRM' && effectiveState(grant, now) !== 'APPROVED') {
    throw new DomainError(
      'CONFLICT',
      `Grant ${grant.id} is ${effectiveState(grant, now)}, not an active grant; there is nothing to confirm.`,
      { field: 'itemId', rule: 'grant-not-active' },
    );
  }
  return { decision: decision as RecertificationDecision, reason: text };
}

/** What the deadline does to an unanswered item: suspend an active grant, or record that it lapsed. */
export function deadlineOutcome(grant: Pick<AccessRequestSnapshot, 'state' | 'grant'>, now: Date): 'SUSPENDED' | 'LAPSED' {
  return effectiveState(grant, now) === 'APPROVED' ? 'SUSPENDED' : 'LAPSED';
}

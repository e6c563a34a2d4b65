import { DomainError } from '../../kernel/domain-error';
import {
  AccessActor,
  AccessCommandKind,
  AccessRequestSnapshot,
  AccessState,
  ApprovalSlot,
  GrantWindow,
  MAX_REASON_LENGTH,
  SlotDecision,
  SlotKind,
} from './access-vocabulary';
import { grantWindow } from './approval-policy';
import { ActorRule, PAST_TENSE, Transition, TRANSITIONS } from './transitions';
import { assertVisible } from './visibility';

export interface AccessCommand {
  kind: AccessCommandKind;
  reason?: string | null;
  /** Which slot an approver fills, when they could fill more than one. */
  slot?: SlotKind | null;
}

export interface SlotFill {
  kind: SlotKind;
  decision: SlotDecision;
  decidedBy: string;
  decidedAt: Date;
}

/** What a command does to a request: the service writes exactly this, with the audit entry. */
export interface Decision {
  from: AccessState;
  to: AccessState;
  slot: SlotFill | null;
  /** The grant window that starts now, when the request becomes APPROVED from PENDING. */
  grant: GrantWindow | null;
  reason: string | null;
  audit: { action: string; details: Record<string, unknown> };
  /** The webhook event to send, or null when the move is internal (one slot of two approved). */
  notification: string | null;
}

export type DecideResult = { ok: true; decision: Decision } | { ok: false; error: DomainError };

/** What the messages call the request: an access request unless the workflow is reused for another kind. */
const nounOf = (request: Pick<AccessRequestSnapshot, 'noun'>) => request.noun ?? 'access request';
const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A granted request whose end has passed is inactive, whether or not the expiry job ran yet. */
export function effectiveState(request: Pick<AccessRequestSnapshot, 'state' | 'grant'>, now: Date): AccessState {
  if ((request.state === 'APPROVED' || request.state === 'SUSPENDED') && request.grant && request.grant.end <= now) return 'EXPIRED';
  return request.state;
}

export const isActiveGrant = (request: Pick<AccessRequestSnapshot, 'state' | 'grant'>, now: Date) =>
  effectiveState(request, now) === 'APPROVED';

/** The one function of the workflow: the transition table applied to a request, a command and an actor. */
export function decide(request: AccessRequestSnapshot, command: AccessCommand, actor: AccessActor, now: Date): DecideResult {
  try {
    return { ok: true, decision: decideOrThrow(request, command, actor, now) };
  } catch (err) {
    if (err instanceof DomainError) return { ok: false, error: err };
    throw err;
  }
}

function decideOrThrow(request: AccessRequestSnapshot, command: AccessCommand, actor: AccessActor, now: Date): Decision {
  assertVisible(request, actor);
  const transition = TRANSITIONS[request.state][command.kind];
  if (!transition) throw illegal(request, command.kind);
  if (transition.who.includes('slot-filler')) return fillSlot(request, command, transition, actor, now);
  if (!transition.who.some((rule) => satisfies(rule, request, actor))) throw notAllowed(request, command.kind, transition.who);
  checkGrantTime(request, command.kind, transition, now);
  const reason = checkReason(transition, command.reason);
  return {
    from: request.state,
    to: transition.to,
    slot: null,
    grant: null,
    reason,
    audit: { action: transition.action, details: { from: request.state, to: transition.to, ...(reason ? { reason } : {}) } },
    notification: transition.action,
  };
}

function fillSlot(request: AccessRequestSnapshot, command: AccessCommand, transition: Transition, actor: AccessActor, now: Date): Decision {
  if (actor.username === request.requestedBy) {
    throw new DomainError('FORBIDDEN', `'${actor.username}' submitted ${nounOf(request)} ${request.id} and cannot decide it.`, {
      rule: 'self-approval',
    });
  }
  const filled = request.slots.find((s) => s.decidedBy === actor.username);
  if (filled) {
    throw new DomainError(
      'FORBIDDEN',
      `'${actor.username}' already filled the ${filled.kind} slot of ${nounOf(request)} ${request.id}; another person must fill the other slot.`,
      { rule: 'one-person-one-slot', slot: filled.kind },
    );
  }
  const slot = chooseSlot(request, command.slot ?? null, actor);
  const reason = checkReason(transition, command.reason);
  const decision: SlotDecision = command.kind === 'approve' ? 'APPROVED' : 'REJECTED';
  const fill: SlotFill = { kind: slot.kind, decision, decidedBy: actor.username, decidedAt: now };
  const slots = request.slots.map((s) => (s.kind === slot.kind ? { ...s, decision, decidedBy: actor.username, decidedAt: now } : s));
  const done = decision === 'REJECTED' || slots.every((s) => s.decision === 'APPROVED');
  const to = done ? transition.to : request.state;
  const grant = done && to === 'APPROVED' ? grantWindow(now, request.durationDays) : null;
  const action = done ? transition.action : 'access.slot.approved';
  return {
    from: request.state,
    to,
    slot: fill,
    grant,
    reason,
    audit: {
      action,
      details: {
        from: request.state,
        to,
        slot: slot.kind,
        ...(reason ? { reason } : {}),
        ...(grant ? { grantStart: grant.start.toISOString(), grantEnd: grant.end.toISOString() } : {}),
      },
    },
    notification: done ? transition.action : null,
  };
}

function chooseSlot(request: AccessRequestSnapshot, wanted: SlotKind | null, actor: AccessActor): ApprovalSlot {
  const eligible = (s: ApprovalSlot) => canFill(s.kind, request, actor);
  if (wanted) {
    const slot = request.slots.find((s) => s.kind === wanted);
    if (!slot) {
      throw new DomainError('INVALID_INPUT', `${capitalised(nounOf(request))} ${request.id} has no ${wanted} slot.`, {
        field: 'slot',
        rule: 'existing-slot',
      });
    }
    if (!eligible(slot)) throw ineligible(request, actor, [slot]);
    if (slot.decision) throw slotFilled(request, slot);
    return slot;
  }
  const open = request.slots.find((s) => !s.decision && eligible(s));
  if (open) return open;
  const filledEligible = request.slots.find(eligible);
  if (filledEligible) throw slotFilled(request, filledEligible);
  throw ineligible(request, actor, request.slots);
}

/** Who may fill a slot of a request: OWNER a member of the owning team, STEWARD a data steward. */
export function canFill(kind: SlotKind, request: Pick<AccessRequestSnapshot, 'ownerTeam'>, actor: AccessActor): boolean {
  return kind === 'OWNER' ? actor.teams.includes(request.ownerTeam) : actor.roles.includes('steward');
}

function satisfies(rule: ActorRule, request: AccessRequestSnapshot, actor: AccessActor): boolean {
  switch (rule) {
    case 'requester':
      return actor.username === request.requestedBy || actor.teams.includes(request.requestingTeam);
    case 'owner':
      return actor.teams.includes(request.ownerTeam);
    case 'steward':
      return actor.roles.includes('steward');
    case 'admin':
      return actor.roles.includes('admin');
    case 'system':
      return actor.via === 'system';
    case 'slot-filler':
      return false;
  }
}

function checkReason(transition: Transition, reason: string | null | undefined): string | null {
  const text = reason?.trim() ? reason.trim() : null;
  if (transition.reason === 'required' && !text) {
    throw new DomainError('INVALID_INPUT', `'reason' is required to mark a request ${transition.to}; the requester sees it.`, {
      field: 'reason',
      rule: 'reason-required',
    });
  }
  if (text && text.length > MAX_REASON_LENGTH) {
    throw new DomainError('INVALID_INPUT', `'reason' must be at most ${MAX_REASON_LENGTH} characters.`, {
      field: 'reason',
      rule: 'max-length',
    });
  }
  return transition.reason === 'none' ? null : text;
}

function checkGrantTime(request: AccessRequestSnapshot, kind: AccessCommandKind, transition: Transition, now: Date) {
  if (!transition.grant || !request.grant) return;
  const ended = request.grant.end <= now;
  if (transition.grant === 'running' && ended) {
    throw new DomainError(
      'CONFLICT',
      `The grant of ${nounOf(request)} ${request.id} ended at ${request.grant.end.toISOString()}; it cannot be ${PAST_TENSE[kind]}.`,
      {
        field: 'state',
        rule: 'grant-ended',
      },
    );
  }
  if (transition.grant === 'ended' && !ended) {
    throw new DomainError(
      'CONFLICT',
      `The grant of ${nounOf(request)} ${request.id} runs until ${request.grant.end.toISOString()}; it cannot be expired yet.`,
      {
        field: 'state',
        rule: 'grant-running',
      },
    );
  }
}

function illegal(request: AccessRequestSnapshot, kind: AccessCommandKind): DomainError {
  const allowed = Object.keys(TRANSITIONS[request.state]);
  const hint = allowed.length
    ? `from ${request.state} it can only be ${allowed.map((k) => PAST_TENSE[k as AccessCommandKind]).join(', ')}`
    : `${request.state} is final`;
  return new DomainError(
    'CONFLICT',
    `${capitalised(nounOf(request))} ${request.id} is ${request.state} and cannot be ${PAST_TENSE[kind]}: ${hint}.`,
    {
      field: 'state',
      rule: 'illegal-transition',
      state: request.state,
      command: kind,
    },
  );
}

const WHO: Record<ActorRule, string> = {
  'slot-filler': 'an approver',
  requester: 'the requester or a member of the requesting team',
  owner: 'a member of the owning team',
  steward: 'a data steward',
  admin: 'an admin',
  system: 'Charter itself',
};

function notAllowed(request: AccessRequestSnapshot, kind: AccessCommandKind, who: readonly ActorRule[]): DomainError {
  return new DomainError(
    'FORBIDDEN',
    `Only ${who.map((w) => WHO[w]).join(' or ')} can mark ${nounOf(request)} ${request.id} ${PAST_TENSE[kind]}.`,
    {
      rule: 'actor-not-allowed',
    },
  );
}

function ineligible(request: AccessRequestSnapshot, actor: AccessActor, slots: readonly ApprovalSlot[]): DomainError {
  const who = slots.map((s) =>
    s.kind === 'OWNER' ? `a member of team '${request.ownerTeam}' (OWNER slot)` : 'a data steward (STEWARD slot)',
  );
  return new DomainError(
    'FORBIDDEN',
    `'${actor.username}' cannot decide ${nounOf(request)} ${request.id}: it needs ${who.join(' and ') || 'no approver'}.`,
    {
      rule: 'slot-eligibility',
    },
  );
}

function slotFilled(request: AccessRequestSnapshot, slot: ApprovalSlot): DomainError {
  return new DomainError(
    'CONFLICT',
    `The ${slot.kind} slot of ${nounOf(request)} ${request.id} is already filled by '${slot.decidedBy}'.`,
    {
      field: 'slot',
      rule: 'slot-filled',
    },
  );
}

import { DomainError } from '../../kernel/domain-error';

export const WAIVER_STATES = ['REQUESTED', 'GRANTED', 'REJECTED'] as const;
export type WaiverState = (typeof WAIVER_STATES)[number];

export type WaiverCommand = 'APPROVE' | 'REJECT';

/** The whole workflow: a request is decided once, by a steward. */
const TRANSITIONS: Record<WaiverState, Partial<Record<WaiverCommand, WaiverState>>> = {
  REQUESTED: { APPROVE: 'GRANTED', REJECT: 'REJECTED' },
  GRANTED: {},
  REJECTED: {},
};

export interface WaiverDecider {
  username: string;
  steward: boolean;
}

/**
 * The state a decision moves a waiver to, or why it may not: only a steward decides, never on
 * their own request (four eyes), and only while the request is open.
 */
export function decideWaiver(
  waiver: { state: WaiverState; requestedBy: string },
  command: WaiverCommand,
  actor: WaiverDecider,
): WaiverState {
  if (!actor.steward) {
    throw new DomainError('FORBIDDEN', 'Only a data steward can approve or reject a contract waiver.', { rule: 'steward-decides' });
  }
  if (actor.username === waiver.requestedBy) {
    throw new DomainError('FORBIDDEN', 'A waiver must be decided by someone other than the person who requested it.', {
      rule: 'four-eyes',
    });
  }
  const next = TRANSITIONS[waiver.state][command];
  if (!next) {
    throw new DomainError('CONFLICT', `This waiver is already ${waiver.state}; only a REQUESTED waiver can be decided.`, {
      field: 'id',
      rule: 'open-request',
    });
  }
  return next;
}

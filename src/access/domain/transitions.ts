import { AccessCommandKind, AccessState } from './access-vocabulary';

/**
 * Who may issue a command: `slot-filler` is someone who may fill one of the request's open slots
 * (see decide); `requester` is the submitting user or a member of the requesting team; `owner` a
 * member of the topic's owning team; `system` is Charter itself (expiry job, topic-change reaction).
 */
export type ActorRule = 'slot-filler' | 'requester' | 'owner' | 'steward' | 'admin' | 'system';

export interface Transition {
  /** The state the request moves to; `approve` moves only once every slot is approved. */
  to: AccessState;
  who: readonly ActorRule[];
  reason: 'required' | 'optional' | 'none';
  /** A guard on the grant window: `running` (end not reached) or `ended` (end reached). */
  grant?: 'running' | 'ended';
  /** The audit action and webhook event of the move. */
  action: string;
}

/**
 * The whole workflow. A (state, command) pair that is not listed is an illegal transition.
 * Terminal states list nothing.
 */
export const TRANSITIONS: Readonly<Record<AccessState, Partial<Record<AccessCommandKind, Transition>>>> = {
  PENDING: {
    approve: { to: 'APPROVED', who: ['slot-filler'], reason: 'optional', action: 'access.request.approved' },
    reject: { to: 'REJECTED', who: ['slot-filler'], reason: 'required', action: 'access.request.rejected' },
    withdraw: { to: 'WITHDRAWN', who: ['requester'], reason: 'optional', action: 'access.request.withdrawn' },
  },
  APPROVED: {
    revoke: { to: 'REVOKED', who: ['owner', 'steward', 'admin'], reason: 'required', grant: 'running', action: 'access.grant.revoked' },
    suspend: {
      to: 'SUSPENDED',
      who: ['steward', 'admin', 'system'],
      reason: 'required',
      grant: 'running',
      action: 'access.grant.suspended',
    },
    expire: { to: 'EXPIRED', who: ['system'], reason: 'none', grant: 'ended', action: 'access.grant.expired' },
  },
  SUSPENDED: {
    revoke: { to: 'REVOKED', who: ['owner', 'steward', 'admin'], reason: 'required', grant: 'running', action: 'access.grant.revoked' },
    reinstate: { to: 'APPROVED', who: ['steward', 'admin'], reason: 'required', grant: 'running', action: 'access.grant.reinstated' },
    expire: { to: 'EXPIRED', who: ['system'], reason: 'none', grant: 'ended', action: 'access.grant.expired' },
  },
  REJECTED: {},
  WITHDRAWN: {},
  REVOKED: {},
  EXPIRED: {},
};

export const PAST_TENSE: Readonly<Record<AccessCommandKind, string>> = {
  approve: 'approved',
  reject: 'rejected',
  withdraw: 'withdrawn',
  revoke: 'revoked',
  expire: 'expired',
  suspend: 'suspended',
  reinstate: 'reinstated',
};

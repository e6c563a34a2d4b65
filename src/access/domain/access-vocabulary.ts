/**
 * The access workflow's vocabulary: what a request asks for, the states it moves through, the
 * commands that move it and the legal bases that allow data to leave its jurisdiction. Pure data,
 * shared by the domain rules, the persistence constraints and the GraphQL enums.
 */
export const ACCESS_STATES = ['PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN', 'REVOKED', 'EXPIRED', 'SUSPENDED'] as const;
export type AccessState = (typeof ACCESS_STATES)[number];

/** States in which a request carries a grant window (it was approved at some point). */
export const GRANTED_STATES: readonly AccessState[] = ['APPROVED', 'SUSPENDED', 'REVOKED', 'EXPIRED'];

export const ACCESS_COMMANDS = ['approve', 'reject', 'withdraw', 'revoke', 'expire', 'suspend', 'reinstate'] as const;
export type AccessCommandKind = (typeof ACCESS_COMMANDS)[number];

export const OPERATIONS = ['READ', 'WRITE'] as const;
export type AccessOperation = (typeof OPERATIONS)[number];

export const SLOT_KINDS = ['OWNER', 'STEWARD'] as const;
export type SlotKind = (typeof SLOT_KINDS)[number];

export const SLOT_DECISIONS = ['APPROVED', 'REJECTED'] as const;
export type SlotDecision = (typeof SLOT_DECISIONS)[number];

export const LEGAL_BASIS_MECHANISMS = [
  'ADEQUACY_DECISION',
  'STANDARD_CONTRACTUAL_CLAUSES',
  'BINDING_CORPORATE_RULES',
  'DEROGATION',
] as const;
export type LegalBasisMechanism = (typeof LEGAL_BASIS_MECHANISMS)[number];

/** Why the consumer processes the data; free text says the rest (`purpose`). */
export const PURPOSE_CATEGORIES = [
  'SERVICE_DELIVERY',
  'FRAUD_PREVENTION',
  'SECURITY',
  'ANALYTICS',
  'REPORTING',
  'CUSTOMER_SUPPORT',
  'MARKETING',
  'LEGAL_COMPLIANCE',
  'TESTING',
  'OTHER',
] as const;
export type PurposeCategory = (typeof PURPOSE_CATEGORIES)[number];

export interface LegalBasis {
  mechanism: LegalBasisMechanism;
  /** A document id or URL that an auditor can follow. */
  reference: string;
}

export interface ApprovalSlot {
  kind: SlotKind;
  decision: SlotDecision | null;
  decidedBy: string | null;
  decidedAt: Date | null;
}

export interface GrantWindow {
  start: Date;
  end: Date;
}

/**
 * A request as the rules see it: who asked, for which topic owner, which slots exist and how they
 * are filled, and the grant window once approved.
 */
export interface AccessRequestSnapshot {
  id: string;
  state: AccessState;
  requestedBy: string;
  requestingTeam: string;
  ownerTeam: string;
  slots: readonly ApprovalSlot[];
  durationDays: number;
  grant: GrantWindow | null;
  version: number;
  /**
   * What messages call the request ('access request' when absent): the same workflow decides
   * other requests that carry approval slots and a grant window, such as topic mirrors.
   */
  noun?: string;
}

/** Who acts: a user or service account, or Charter itself (jobs, topic-change reactions). */
export interface AccessActor {
  username: string;
  teams: readonly string[];
  roles: readonly string[];
  via: string;
}

export const MAX_REASON_LENGTH = 2000;
export const MAX_PURPOSE_LENGTH = 2000;
export const MAX_REFERENCE_LENGTH = 500;
export const DAY_MS = 86_400_000;

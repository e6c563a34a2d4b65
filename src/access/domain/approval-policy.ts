import { AccessPolicy, Classification, Lifecycle } from '../../catalogue/topics/domain/topic-vocabulary';
import { DomainError, invalidInput } from '../../kernel/domain-error';
import {
  AccessOperation,
  DAY_MS,
  GrantWindow,
  LEGAL_BASIS_MECHANISMS,
  LegalBasis,
  MAX_PURPOSE_LENGTH,
  MAX_REFERENCE_LENGTH,
  OPERATIONS,
  PURPOSE_CATEGORIES,
  PurposeCategory,
  SLOT_KINDS,
  SlotKind,
} from './access-vocabulary';
import { checkApplicationName, checkKafkaPrincipal, isWildcardPrincipal } from './kafka-principal';
import { isCrossBorder, TransferRule } from './transfer-rules';

/** What the approval rules need to know about a topic. */
export interface TopicPolicyView {
  name: string;
  classification: Classification;
  jurisdiction: string;
  accessPolicy: AccessPolicy;
  maxGrantDays: number | null;
  lifecycle: Lifecycle;
}

export interface AccessPolicyContext {
  transferRules: readonly TransferRule[];
  jurisdictions: readonly string[];
  /** Upper bound on a grant when the topic sets none. */
  defaultMaxGrantDays: number;
}

/** What decides who approves, besides the topic: what is asked, for whom, and from where. */
export interface RequestShape {
  operation: AccessOperation;
  consumerJurisdiction: string;
  kafkaPrincipal: string;
}

export interface SubmissionInput extends RequestShape {
  applicationName: string;
  /** Required when an admin asks for a wildcard principal; audited. */
  wildcardReason?: string | null;
  purpose: string;
  purposeCategory: PurposeCategory;
  consumerJurisdiction: string;
  durationDays: number;
  legalBasis: LegalBasis | null;
}

export interface ApprovalRequirement {
  crossBorder: boolean;
  slots: SlotKind[];
  /** Why each slot is needed, in words a requester understands. */
  reasons: string[];
}

/** An access request's requirement, with each slot's causes for the approval preview. */
export interface AccessApprovalRequirement extends ApprovalRequirement {
  /** Each slot with the causes that demand it, as short phrases (`the classification RESTRICTED`). */
  approvers: Array<{ kind: SlotKind; causes: string[] }>;
}

/**
 * Who must approve, from the topic's policy, classification and jurisdiction and what is asked.
 * OPEN makes only READ by a named principal automatic: producing to a topic changes what its
 * consumers receive, and a wildcard principal reaches every Kafka user, so both need the owner.
 * A steward joins the owner for restricted data and for every cross-border transfer.
 *
 * Submission, the approval preview, topic changes and grant reviews all ask this one function, so
 * what a requester is told beforehand is what the request then gets.
 */
export function requiredApprovals(
  topic: TopicPolicyView,
  request: RequestShape,
  rules: readonly TransferRule[],
): AccessApprovalRequirement {
  const consumerJurisdiction = request.consumerJurisdiction;
  const crossBorder = isCrossBorder(topic.jurisdiction, consumerJurisdiction, rules);
  const demands: Array<{ slots: readonly SlotKind[]; cause: string; reason: string }> = [];
  const OWNER = ['OWNER'] as const;
  const BOTH = ['OWNER', 'STEWARD'] as const;
  if (topic.accessPolicy === 'OWNER_APPROVAL') {
    demands.push({
      slots: OWNER,
      cause: 'the access policy OWNER_APPROVAL',
      reason: 'access policy OWNER_APPROVAL: a member of the owning team approves',
    });
  }
  if (topic.accessPolicy === 'OWNER_AND_STEWARD_APPROVAL') {
    demands.push({
      slots: BOTH,
      cause: 'the access policy OWNER_AND_STEWARD_APPROVAL',
      reason: 'access policy OWNER_AND_STEWARD_APPROVAL: an owner and a data steward approve',
    });
  }
  if (topic.accessPolicy === 'OPEN' && request.operation !== 'READ') {
    demands.push({
      slots: OWNER,
      cause: `the access policy OPEN, which grants only READ on request`,
      reason: `access policy OPEN grants READ on request; ${request.operation} needs a member of the owning team`,
    });
  }
  if (isWildcardPrincipal(request.kafkaPrincipal)) {
    demands.push({
      slots: OWNER,
      cause: `the wildcard principal ${request.kafkaPrincipal}, which reaches every Kafka user`,
      reason: `principal ${request.kafkaPrincipal} is a wildcard (every Kafka user): a member of the owning team approves`,
    });
  }
  if (topic.classification === 'RESTRICTED') {
    demands.push({
      slots: BOTH,
      cause: 'the classification RESTRICTED',
      reason: 'classification RESTRICTED: an owner and a data steward approve',
    });
  }
  if (crossBorder) {
    demands.push({
      slots: BOTH,
      cause: `the cross-border transfer ${topic.jurisdiction} -> ${consumerJurisdiction}`,
      reason: `cross-border transfer ${topic.jurisdiction} -> ${consumerJurisdiction}: an owner and a data steward approve`,
    });
  }
  const reasons = demands.map((d) => d.reason);
  if (demands.length === 0) reasons.push('access policy OPEN, READ by a named principal, no cross-border transfer: granted on request');
  const approvers = SLOT_KINDS.map((kind) => ({ kind, causes: demands.filter((d) => d.slots.includes(kind)).map((d) => d.cause) })).filter(
    (a) => a.causes.length > 0,
  );
  return { crossBorder, slots: approvers.map((a) => a.kind), reasons, approvers };
}

/**
 * Whether the request must carry a legal basis, and the sentence that says why: data leaving its
 * jurisdiction without an allowed-transfer rule. Submission refuses a request without one with
 * this very sentence; the preview shows it beforehand.
 */
export function legalBasisRule(
  topic: Pick<TopicPolicyView, 'name' | 'jurisdiction'>,
  consumerJurisdiction: string,
  requirement: Pick<ApprovalRequirement, 'crossBorder'>,
): { required: boolean; reason: string | null } {
  if (!requirement.crossBorder) return { required: false, reason: null };
  return {
    required: true,
    reason:
      `Topic '${topic.name}' holds ${topic.jurisdiction} data and the consumer processes it in ${consumerJurisdiction}; ` +
      `${topic.jurisdiction} -> ${consumerJurisdiction} is not an allowed transfer, so the request needs a legal basis: ` +
      `a mechanism (${LEGAL_BASIS_MECHANISMS.join(', ')}) and a reference to the document.`,
  };
}

/** The checks of a request's shape that come before who approves; submission and preview share them. */
export function checkOperation(operation: string): void {
  if (!(OPERATIONS as readonly string[]).includes(operation)) {
    throw invalidInput('operation', 'enum', `'operation' must be one of ${OPERATIONS.join(', ')}.`);
  }
}

/**
 * A topic that is not catalogued, as every access path says it. Every catalogued topic is visible
 * to every signed-in caller, so this is also all a caller learns about a name they cannot use.
 */
export const unknownTopic = (name: string) =>
  new DomainError('NOT_FOUND', `Topic '${name}' does not exist.`, { field: 'topic', rule: 'exists' });

export function checkGrantable(topic: Pick<TopicPolicyView, 'name' | 'lifecycle'>): void {
  if (topic.lifecycle === 'RETIRED') {
    throw new DomainError('CONFLICT', `Topic '${topic.name}' is retired; it no longer grants access.`, {
      field: 'topic',
      rule: 'topic-retired',
    });
  }
}

export function checkJurisdiction(consumerJurisdiction: string, jurisdictions: readonly string[]): void {
  if (!jurisdictions.includes(consumerJurisdiction)) {
    throw invalidInput(
      'consumerJurisdiction',
      'known-jurisdiction',
      `'consumerJurisdiction' must be one of ${jurisdictions.join(', ')}, not ${echo(consumerJurisdiction, 32)}.`,
    );
  }
}

export interface SubmissionOutcome extends ApprovalRequirement {
  state: 'PENDING' | 'APPROVED';
  /** Set for an admin's wildcard principal: the reason, for the audit entry. */
  wildcardReason: string | null;
  /** Set when nobody needs to approve: the grant starts now. */
  grant: GrantWindow | null;
}

/**
 * Checks a new request against the topic, the transfer rules and who asks; refuses with the rule
 * it breaks.
 */
export function evaluateSubmission(
  topic: TopicPolicyView,
  input: SubmissionInput,
  ctx: AccessPolicyContext,
  now: Date,
  requester: { admin: boolean },
): SubmissionOutcome {
  checkOperation(input.operation);
  const principal = checkKafkaPrincipal(input.kafkaPrincipal, requester, input.wildcardReason);
  checkApplicationName(input.applicationName);
  checkGrantable(topic);
  checkText('purpose', input.purpose, MAX_PURPOSE_LENGTH);
  if (!PURPOSE_CATEGORIES.includes(input.purposeCategory)) {
    throw invalidInput('purposeCategory', 'enum', `'purposeCategory' must be one of ${PURPOSE_CATEGORIES.join(', ')}.`);
  }
  checkJurisdiction(input.consumerJurisdiction, ctx.jurisdictions);
  const maxDays = topic.maxGrantDays ?? ctx.defaultMaxGrantDays;
  if (!Number.isInteger(input.durationDays) || input.durationDays < 1 || input.durationDays > maxDays) {
    throw invalidInput(
      'durationDays',
      'max-grant-days',
      `'durationDays' must be a whole number from 1 to ${maxDays}: topic '${topic.name}' grants access for at most ${maxDays} days.`,
    );
  }
  const requirement = requiredApprovals(topic, input, ctx.transferRules);
  if (input.legalBasis) checkLegalBasis(input.legalBasis);
  const legalBasis = legalBasisRule(topic, input.consumerJurisdiction, requirement);
  if (legalBasis.required && !input.legalBasis) {
    throw new DomainError('INVALID_INPUT', legalBasis.reason!, {
      field: 'legalBasis',
      rule: 'legal-basis-required',
      from: topic.jurisdiction,
      to: input.consumerJurisdiction,
    });
  }
  const immediate = requirement.slots.length === 0;
  return {
    ...requirement,
    wildcardReason: principal.wildcardReason,
    state: immediate ? 'APPROVED' : 'PENDING',
    grant: immediate ? grantWindow(now, input.durationDays) : null,
  };
}

export function grantWindow(start: Date, durationDays: number): GrantWindow {
  return { start, end: new Date(start.getTime() + durationDays * DAY_MS) };
}

/** The legal basis's own rules; shared with every workflow that records one (grants, mirrors). */
export function checkLegalBasis(basis: LegalBasis) {
  if (!LEGAL_BASIS_MECHANISMS.includes(basis.mechanism)) {
    throw invalidInput('legalBasis.mechanism', 'enum', `'legalBasis.mechanism' must be one of ${LEGAL_BASIS_MECHANISMS.join(', ')}.`);
  }
  checkText('legalBasis.reference', basis.reference, MAX_REFERENCE_LENGTH);
}

export function checkText(field: string, value: string, max: number) {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > max) {
    throw invalidInput(field, 'required-text', `'${field}' is required: 1 to ${max} characters, not only spaces.`);
  }
}

/** A refused value, quoted back when it is short enough to help; a long one is only counted. */
export function echo(value: string, max: number): string {
  return value.length <= max ? `'${value}'` : `a value of ${value.length} characters`;
}

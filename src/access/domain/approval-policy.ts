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

/**
 * Who must approve, from the topic's policy, classification and jurisdiction and what is asked.
 * OPEN makes only READ by a named principal automatic: producing to a topic changes what its
 * consumers receive, and a wildcard principal reaches every Kafka user, so both need the owner.
 * A steward joins the owner for restricted data and for every cross-border transfer.
 */
export function requiredApprovals(topic: TopicPolicyView, request: RequestShape, rules: readonly TransferRule[]): ApprovalRequirement {
  const consumerJurisdiction = request.consumerJurisdiction;
  const crossBorder = isCrossBorder(topic.jurisdiction, consumerJurisdiction, rules);
  const reasons: string[] = [];
  let owner = false;
  let steward = false;
  if (topic.accessPolicy === 'OWNER_APPROVAL') {
    owner = true;
    reasons.push('access policy OWNER_APPROVAL: a member of the owning team approves');
  }
  if (topic.accessPolicy === 'OWNER_AND_STEWARD_APPROVAL') {
    owner = steward = true;
    reasons.push('access policy OWNER_AND_STEWARD_APPROVAL: an owner and a data steward approve');
  }
  if (topic.accessPolicy === 'OPEN' && request.operation !== 'READ') {
    owner = true;
    reasons.push(`access policy OPEN grants READ on request; ${request.operation} needs a member of the owning team`);
  }
  if (isWildcardPrincipal(request.kafkaPrincipal)) {
    owner = true;
    reasons.push(`principal ${request.kafkaPrincipal} is a wildcard (every Kafka user): a member of the owning team approves`);
  }
  if (topic.classification === 'RESTRICTED') {
    owner = steward = true;
    reasons.push('classification RESTRICTED: an owner and a data steward approve');
  }
  if (crossBorder) {
    owner = steward = true;
    reasons.push(`cross-border transfer ${topic.jurisdiction} -> ${consumerJurisdiction}: an owner and a data steward approve`);
  }
  if (!owner) reasons.push('access policy OPEN, READ by a named principal, no cross-border transfer: granted on request');
  const slots: SlotKind[] = [...(owner ? (['OWNER'] as const) : []), ...(steward ? (['STEWARD'] as const) : [])];
  return { crossBorder, slots, reasons };
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
  if (!(OPERATIONS as readonly string[]).includes(input.operation)) {
    throw invalidInput('operation', 'enum', `'operation' must be one of ${OPERATIONS.join(', ')}.`);
  }
  const principal = checkKafkaPrincipal(input.kafkaPrincipal, requester, input.wildcardReason);
  checkApplicationName(input.applicationName);
  if (topic.lifecycle === 'RETIRED') {
    throw new DomainError('CONFLICT', `Topic '${topic.name}' is retired; it no longer grants access.`, {
      field: 'topic',
      rule: 'topic-retired',
    });
  }
  checkText('purpose', input.purpose, MAX_PURPOSE_LENGTH);
  if (!PURPOSE_CATEGORIES.includes(input.purposeCategory)) {
    throw invalidInput('purposeCategory', 'enum', `'purposeCategory' must be one of ${PURPOSE_CATEGORIES.join(', ')}.`);
  }
  if (!ctx.jurisdictions.includes(input.consumerJurisdiction)) {
    throw invalidInput(
      'consumerJurisdiction',
      'known-jurisdiction',
      `'consumerJurisdiction' must be one of ${ctx.jurisdictions.join(', ')}, not '${input.consumerJurisdiction}'.`,
    );
  }
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
  if (requirement.crossBorder && !input.legalBasis) {
    throw new DomainError(
      'INVALID_INPUT',
      `Topic '${topic.name}' holds ${topic.jurisdiction} data and the consumer processes it in ${input.consumerJurisdiction}; ` +
        `${topic.jurisdiction} -> ${input.consumerJurisdiction} is not an allowed transfer, so the request needs a legal basis: ` +
        `a mechanism (${LEGAL_BASIS_MECHANISMS.join(', ')}) and a reference to the document.`,
      { field: 'legalBasis', rule: 'legal-basis-required', from: topic.jurisdiction, to: input.consumerJurisdiction },
    );
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

import { AccessOperation, SlotKind } from './access-vocabulary';
import {
  AccessPolicyContext,
  checkGrantable,
  checkJurisdiction,
  checkOperation,
  legalBasisRule,
  requiredApprovals,
  TopicPolicyView,
} from './approval-policy';
import { checkPrincipalFormat, checkPrincipalShape } from './kafka-principal';

/** What a requester has chosen so far; left-out answers take the usual case. */
export interface PreviewQuestion {
  operation: AccessOperation;
  /** Absent: the topic's own jurisdiction (no transfer). */
  consumerJurisdiction?: string | null;
  /** Absent: a named principal, as almost every request has. */
  kafkaPrincipal?: string | null;
}

export interface PreviewTopic extends TopicPolicyView {
  /** Slug of the owning team: its members fill the OWNER slot. */
  ownerTeam: string;
}

export interface PreviewSlot {
  kind: SlotKind;
  /** The team whose member fills the slot; null for a steward (a role, not a team). */
  team: string | null;
  /** One sentence: who approves, and every rule that asks for them. */
  reason: string;
}

export interface ApprovalPreview {
  topic: string;
  operation: AccessOperation;
  consumerJurisdiction: string;
  kafkaPrincipal: string | null;
  crossBorder: boolean;
  slots: PreviewSlot[];
  legalBasis: { required: boolean; reason: string | null };
  autoGranted: boolean;
  /** Exactly the `approvalReasons` a request submitted now would carry. */
  reasons: string[];
}

/**
 * Stands in for the principal while the requester has not typed one: any named principal is
 * treated alike by the rules, and only its shape (named or wildcard) changes who approves.
 */
export const ANY_NAMED_PRINCIPAL = 'User:any-named-principal';

/**
 * Who would have to approve a request, and why, before it is submitted. It refuses what
 * submission would refuse about the same answers (unknown jurisdiction, a blank or forbidden
 * principal, a retired topic) with the same error, and otherwise asks `requiredApprovals` and
 * `legalBasisRule` — the functions submission asks — so the two cannot disagree.
 */
export function previewApprovals(
  topic: PreviewTopic,
  question: PreviewQuestion,
  ctx: Pick<AccessPolicyContext, 'transferRules' | 'jurisdictions'>,
  requester: { admin: boolean },
): ApprovalPreview {
  checkOperation(question.operation);
  const principal = question.kafkaPrincipal ?? null;
  if (principal !== null) {
    checkPrincipalFormat(principal);
    checkPrincipalShape(principal, requester);
  }
  checkGrantable(topic);
  const consumerJurisdiction = question.consumerJurisdiction ?? topic.jurisdiction;
  checkJurisdiction(consumerJurisdiction, ctx.jurisdictions);
  const shape = { operation: question.operation, consumerJurisdiction, kafkaPrincipal: principal ?? ANY_NAMED_PRINCIPAL };
  const requirement = requiredApprovals(topic, shape, ctx.transferRules);
  return {
    topic: topic.name,
    operation: question.operation,
    consumerJurisdiction,
    kafkaPrincipal: principal,
    crossBorder: requirement.crossBorder,
    slots: requirement.approvers.map(({ kind, causes }) => ({
      kind,
      team: kind === 'OWNER' ? topic.ownerTeam : null,
      reason: slotSentence(kind, topic.ownerTeam, causes),
    })),
    legalBasis: legalBasisRule(topic, consumerJurisdiction, requirement),
    autoGranted: requirement.slots.length === 0,
    reasons: requirement.reasons,
  };
}

function slotSentence(kind: SlotKind, ownerTeam: string, causes: readonly string[]): string {
  const who =
    kind === 'OWNER' ? `A member of team '${ownerTeam}' approves` : 'A data steward (not the person who fills the owner slot) approves';
  const listed = causes.length > 1 ? `${causes.slice(0, -1).join(', ')} and ${causes[causes.length - 1]}` : causes[0];
  return `${who} because of ${listed}.`;
}

import { LegalBasis, SlotKind } from './access-vocabulary';
import { RequestShape, requiredApprovals, TopicPolicyView } from './approval-policy';
import { TransferRule } from './transfer-rules';

/** What was approved for a grant, to compare with what the topic would now demand. */
export interface GrantUnderReview extends RequestShape {
  legalBasis: LegalBasis | null;
  /** Slots approved when the grant was made. */
  approvedSlots: readonly SlotKind[];
}

export interface GrantReview {
  allowed: boolean;
  reasons: string[];
}

/**
 * Changes that decide whether grants are still legitimate: classification, jurisdiction, access
 * policy, retirement. A raise can make grants illegitimate; a lowering can clear earlier flags.
 * Other edits (description, tags, lifecycle short of retirement) never matter.
 */
export function topicChangeNeedsReview(before: TopicPolicyView, after: TopicPolicyView): boolean {
  return (
    after.classification !== before.classification ||
    after.jurisdiction !== before.jurisdiction ||
    after.accessPolicy !== before.accessPolicy ||
    (after.lifecycle === 'RETIRED' && before.lifecycle !== 'RETIRED')
  );
}

/** Would the topic as it is now have granted this? If not, why not. */
export function reviewGrant(grant: GrantUnderReview, topic: TopicPolicyView, rules: readonly TransferRule[]): GrantReview {
  const reasons: string[] = [];
  if (topic.lifecycle === 'RETIRED') reasons.push(`topic '${topic.name}' is retired`);
  const requirement = requiredApprovals(topic, grant, rules);
  const missing = requirement.slots.filter((slot) => !grant.approvedSlots.includes(slot));
  if (missing.length) {
    reasons.push(`the topic now needs ${missing.join(' and ')} approval, which this grant never had (${requirement.reasons.join('; ')})`);
  }
  if (requirement.crossBorder && !grant.legalBasis) {
    reasons.push(`${topic.jurisdiction} -> ${grant.consumerJurisdiction} is a cross-border transfer and the grant records no legal basis`);
  }
  return { allowed: reasons.length === 0, reasons };
}

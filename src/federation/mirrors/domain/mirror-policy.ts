import { DomainError, invalidInput } from '../../../kernel/domain-error';
import {
  LEGAL_BASIS_MECHANISMS,
  LegalBasis,
  MAX_PURPOSE_LENGTH,
  PURPOSE_CATEGORIES,
  PurposeCategory,
  SlotKind,
} from '../../../access/domain/access-vocabulary';
import {
  ApprovalRequirement,
  checkLegalBasis,
  checkText,
  requiredApprovals,
  TopicPolicyView,
} from '../../../access/domain/approval-policy';
import { GrantReview, reviewGrant } from '../../../access/domain/grant-review';
import { isCrossBorder } from '../../../access/domain/transfer-rules';

/** What the mirror rules need to know about a cluster. */
export interface ClusterView {
  name: string;
  region: string;
  jurisdiction: string;
}

export interface MirrorSubmissionInput {
  purpose: string;
  purposeCategory: PurposeCategory;
  durationDays: number;
  legalBasis: LegalBasis | null;
}

/**
 * MirrorMaker 2 reads the source topic as one Kafka principal; the approval rules see a mirror as
 * that principal reading the topic from the target's jurisdiction.
 */
const MIRROR_SHAPE = { operation: 'READ', kafkaPrincipal: 'User:mirrormaker2' } as const;

/**
 * A mirror leaves its jurisdiction when the target cluster's jurisdiction differs from the source
 * cluster's or from the topic's. No allowed-transfer rule waives this: a copy of the whole topic
 * on foreign ground always records its legal basis (an adequacy decision is one).
 */
export function mirrorCrossesBorder(topic: TopicPolicyView, source: ClusterView, target: ClusterView): boolean {
  return isCrossBorder(source.jurisdiction, target.jurisdiction, []) || isCrossBorder(topic.jurisdiction, target.jurisdiction, []);
}

/**
 * Who approves a mirror: the access rules for MirrorMaker reading the topic from the target's
 * jurisdiction, plus the owners always (a mirror copies every record, whatever the policy says
 * about single readers) and a steward whenever the copy crosses a border.
 */
export function requiredMirrorApprovals(topic: TopicPolicyView, source: ClusterView, target: ClusterView): ApprovalRequirement {
  const access = requiredApprovals(topic, { ...MIRROR_SHAPE, consumerJurisdiction: target.jurisdiction }, []);
  const slots = new Set<SlotKind>(access.slots);
  const reasons = access.reasons.filter((r) => !r.includes('granted on request'));
  if (!slots.has('OWNER')) {
    slots.add('OWNER');
    reasons.push(`a mirror copies every record of the topic to cluster '${target.name}': a member of the owning team approves`);
  }
  const crossBorder = mirrorCrossesBorder(topic, source, target);
  if (crossBorder && !access.crossBorder) {
    slots.add('STEWARD');
    reasons.push(`cross-border copy ${source.jurisdiction} -> ${target.jurisdiction}: an owner and a data steward approve`);
  }
  return { crossBorder, slots: (['OWNER', 'STEWARD'] as const).filter((k) => slots.has(k)), reasons };
}

export interface MirrorPolicyContext {
  /** Upper bound on a mirror's duration when the topic sets none. */
  defaultMaxGrantDays: number;
}

/** Checks a new mirror request; refuses with the field and the rule it breaks. */
export function evaluateMirrorSubmission(
  topic: TopicPolicyView,
  source: ClusterView,
  target: ClusterView,
  input: MirrorSubmissionInput,
  ctx: MirrorPolicyContext,
): ApprovalRequirement {
  if (source.name === target.name) {
    throw invalidInput(
      'targetCluster',
      'other-cluster',
      `'targetCluster' must be another cluster: topic '${topic.name}' already lives on '${source.name}'.`,
    );
  }
  if (topic.lifecycle === 'RETIRED') {
    throw new DomainError('CONFLICT', `Topic '${topic.name}' is retired; it cannot be mirrored.`, {
      field: 'topic',
      rule: 'topic-retired',
    });
  }
  checkText('purpose', input.purpose, MAX_PURPOSE_LENGTH);
  if (!PURPOSE_CATEGORIES.includes(input.purposeCategory)) {
    throw invalidInput('purposeCategory', 'enum', `'purposeCategory' must be one of ${PURPOSE_CATEGORIES.join(', ')}.`);
  }
  const maxDays = topic.maxGrantDays ?? ctx.defaultMaxGrantDays;
  if (!Number.isInteger(input.durationDays) || input.durationDays < 1 || input.durationDays > maxDays) {
    throw invalidInput(
      'durationDays',
      'max-grant-days',
      `'durationDays' must be a whole number from 1 to ${maxDays}: topic '${topic.name}' allows mirrors for at most ${maxDays} days.`,
    );
  }
  if (input.legalBasis) checkLegalBasis(input.legalBasis);
  const requirement = requiredMirrorApprovals(topic, source, target);
  if (requirement.crossBorder && !input.legalBasis) {
    throw new DomainError(
      'INVALID_INPUT',
      `Mirroring topic '${topic.name}' from '${source.name}' (${source.jurisdiction}) to '${target.name}' (${target.jurisdiction}) ` +
        `copies ${topic.jurisdiction} data across a border, so the request needs 'legalBasis': ` +
        `a mechanism (${LEGAL_BASIS_MECHANISMS.join(', ')}) and a reference to the document.`,
      { field: 'legalBasis', rule: 'legal-basis-required', from: source.jurisdiction, to: target.jurisdiction },
    );
  }
  return requirement;
}

/** What was approved for a mirror, to compare with what the topic would demand now. */
export interface MirrorUnderReview {
  target: ClusterView;
  legalBasis: LegalBasis | null;
  approvedSlots: readonly SlotKind[];
}

/**
 * Would the topic as it is now allow this mirror? The access workflow's review of a grant, for
 * MirrorMaker reading from the target's jurisdiction with no allowed-transfer rule.
 */
export function reviewMirror(mirror: MirrorUnderReview, topic: TopicPolicyView): GrantReview {
  return reviewGrant(
    {
      ...MIRROR_SHAPE,
      consumerJurisdiction: mirror.target.jurisdiction,
      legalBasis: mirror.legalBasis,
      approvedSlots: mirror.approvedSlots,
    },
    topic,
    [],
  );
}

/**
 * The access workflow names its audit actions and events after grants (`access.grant.revoked`);
 * a mirror's are the same moves under its own names (`mirror.revoked`, `mirror.request.approved`).
 */
export function mirrorAction(accessAction: string): string {
  return accessAction.replace(/^access\.grant\./, 'mirror.').replace(/^access\./, 'mirror.');
}

import { TopicPolicyView } from './approval-policy';
import { reviewGrant, topicChangeNeedsReview } from './grant-review';
import { DEFAULT_ALLOWED_TRANSFERS, parseTransferRules } from './transfer-rules';

const READ = { operation: 'READ' as const, kafkaPrincipal: 'User:svc-orders' };
const RULES = parseTransferRules(DEFAULT_ALLOWED_TRANSFERS, ['EU', 'EEA', 'UK', 'CH', 'JP', 'CA', 'US']).rules!;
const topic = (o: Partial<TopicPolicyView> = {}): TopicPolicyView => ({
  name: 'orders',
  classification: 'INTERNAL',
  jurisdiction: 'EU',
  accessPolicy: 'OWNER_APPROVAL',
  maxGrantDays: null,
  lifecycle: 'ACTIVE',
  ...o,
});

describe('grant review after a topic change', () => {
  it('reviews on a new classification, jurisdiction or policy, or retirement only', () => {
    expect(topicChangeNeedsReview(topic(), topic({ classification: 'CONFIDENTIAL' }))).toBe(true);
    expect(topicChangeNeedsReview(topic(), topic({ classification: 'PUBLIC' }))).toBe(true);
    expect(topicChangeNeedsReview(topic(), topic({ jurisdiction: 'US' }))).toBe(true);
    expect(topicChangeNeedsReview(topic(), topic({ accessPolicy: 'OWNER_AND_STEWARD_APPROVAL' }))).toBe(true);
    expect(topicChangeNeedsReview(topic(), topic({ lifecycle: 'RETIRED' }))).toBe(true);
    expect(topicChangeNeedsReview(topic(), topic({ lifecycle: 'DEPRECATED' }))).toBe(false);
    expect(topicChangeNeedsReview(topic(), topic({ name: 'orders', maxGrantDays: 10 }))).toBe(false);
  });

  it('keeps an owner-approved grant when the classification rises to CONFIDENTIAL', () => {
    const review = reviewGrant(
      { ...READ, consumerJurisdiction: 'EU', legalBasis: null, approvedSlots: ['OWNER'] },
      topic({ classification: 'CONFIDENTIAL' }),
      RULES,
    );
    expect(review).toEqual({ allowed: true, reasons: [] });
  });

  it('flags an owner-only grant once the topic is RESTRICTED', () => {
    const review = reviewGrant(
      { ...READ, consumerJurisdiction: 'EU', legalBasis: null, approvedSlots: ['OWNER'] },
      topic({ classification: 'RESTRICTED' }),
      RULES,
    );
    expect(review.allowed).toBe(false);
    expect(review.reasons[0]).toContain('now needs STEWARD approval');
  });

  it('flags a grant whose consumer is now across a border without a basis, and keeps one with a basis and both approvals', () => {
    const moved = topic({ jurisdiction: 'US' });
    const bare = reviewGrant({ ...READ, consumerJurisdiction: 'EU', legalBasis: null, approvedSlots: ['OWNER'] }, moved, RULES);
    expect(bare.reasons).toHaveLength(2);
    expect(bare.reasons[1]).toBe('US -> EU is a cross-border transfer and the grant records no legal basis');
    const covered = reviewGrant(
      {
        ...READ,
        consumerJurisdiction: 'EU',
        legalBasis: { mechanism: 'STANDARD_CONTRACTUAL_CLAUSES', reference: 'scc-1' },
        approvedSlots: ['OWNER', 'STEWARD'],
      },
      moved,
      RULES,
    );
    expect(covered.allowed).toBe(true);
  });

  it('flags every grant of a retired topic', () => {
    const review = reviewGrant(
      { ...READ, consumerJurisdiction: 'EU', legalBasis: null, approvedSlots: ['OWNER', 'STEWARD'] },
      topic({ lifecycle: 'RETIRED' }),
      RULES,
    );
    expect(review).toEqual({ allowed: false, reasons: ["topic 'orders' is retired"] });
  });

  it('flags a WRITE or wildcard grant that no owner approved, even on a topic that becomes OPEN', () => {
    const open = topic({ accessPolicy: 'OPEN' });
    const write = reviewGrant(
      { operation: 'WRITE', kafkaPrincipal: 'User:svc-orders', consumerJurisdiction: 'EU', legalBasis: null, approvedSlots: [] },
      open,
      RULES,
    );
    expect(write.allowed).toBe(false);
    expect(write.reasons[0]).toContain('now needs OWNER approval');
    const wildcard = reviewGrant(
      { operation: 'READ', kafkaPrincipal: 'User:*', consumerJurisdiction: 'EU', legalBasis: null, approvedSlots: [] },
      open,
      RULES,
    );
    expect(wildcard.allowed).toBe(false);
    const approved = reviewGrant(
      { operation: 'WRITE', kafkaPrincipal: 'User:*', consumerJurisdiction: 'EU', legalBasis: null, approvedSlots: ['OWNER'] },
      open,
      RULES,
    );
    expect(approved).toEqual({ allowed: true, reasons: [] });
    expect(reviewGrant({ ...READ, consumerJurisdiction: 'EU', legalBasis: null, approvedSlots: [] }, open, RULES).allowed).toBe(true);
  });
});

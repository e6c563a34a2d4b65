import { DomainError } from '../../../kernel/domain-error';
import { TopicPolicyView } from '../../../access/domain/approval-policy';
import { evaluateMirrorSubmission, mirrorAction, requiredMirrorApprovals, reviewMirror } from './mirror-policy';

const topic = (o: Partial<TopicPolicyView> = {}): TopicPolicyView => ({
  name: 'orders.placed',
  classification: 'INTERNAL',
  jurisdiction: 'EU',
  accessPolicy: 'OPEN',
  maxGrantDays: null,
  lifecycle: 'ACTIVE',
  ...o,
});
const eu = { name: 'eu-main', region: 'eu-west-1', jurisdiction: 'EU' };
const euDr = { name: 'eu-dr', region: 'eu-central-1', jurisdiction: 'EU' };
const uk = { name: 'uk-main', region: 'eu-west-2', jurisdiction: 'UK' };
const input = { purpose: 'disaster recovery', purposeCategory: 'SERVICE_DELIVERY' as const, durationDays: 30, legalBasis: null };
const ctx = { defaultMaxGrantDays: 365 };

function refusal(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return { code: err.code, field: err.details.field, rule: err.details.rule };
    throw err;
  }
  throw new Error('accepted');
}

describe('mirror policy', () => {
  it('always needs an owner, even on an OPEN topic; a steward joins across borders and for RESTRICTED data', () => {
    expect(requiredMirrorApprovals(topic(), eu, euDr)).toMatchObject({ crossBorder: false, slots: ['OWNER'] });
    expect(requiredMirrorApprovals(topic(), eu, uk)).toMatchObject({ crossBorder: true, slots: ['OWNER', 'STEWARD'] });
    expect(
      requiredMirrorApprovals(topic({ classification: 'RESTRICTED', accessPolicy: 'OWNER_AND_STEWARD_APPROVAL' }), eu, euDr).slots,
    ).toEqual(['OWNER', 'STEWARD']);
    // A topic of another regime sitting on an EU cluster still leaves its regime when copied.
    expect(requiredMirrorApprovals(topic({ jurisdiction: 'CH' }), eu, euDr).crossBorder).toBe(true);
  });

  it('refuses the same cluster, a retired topic, a missing legal basis and a long duration, naming the field', () => {
    expect(refusal(() => evaluateMirrorSubmission(topic(), eu, eu, input, ctx))).toEqual({
      code: 'INVALID_INPUT',
      field: 'targetCluster',
      rule: 'other-cluster',
    });
    expect(refusal(() => evaluateMirrorSubmission(topic({ lifecycle: 'RETIRED' }), eu, euDr, input, ctx))).toEqual({
      code: 'CONFLICT',
      field: 'topic',
      rule: 'topic-retired',
    });
    expect(refusal(() => evaluateMirrorSubmission(topic(), eu, uk, input, ctx))).toEqual({
      code: 'INVALID_INPUT',
      field: 'legalBasis',
      rule: 'legal-basis-required',
    });
    expect(refusal(() => evaluateMirrorSubmission(topic({ maxGrantDays: 10 }), eu, euDr, input, ctx))).toMatchObject({
      field: 'durationDays',
    });
    const basis = { mechanism: 'ADEQUACY_DECISION' as const, reference: 'EU 2021/1772' };
    expect(evaluateMirrorSubmission(topic(), eu, uk, { ...input, legalBasis: basis }, ctx).slots).toEqual(['OWNER', 'STEWARD']);
  });

  it('reviews an approved mirror against the topic as it is now', () => {
    const mirror = { target: euDr, legalBasis: null, approvedSlots: ['OWNER' as const] };
    expect(reviewMirror(mirror, topic()).allowed).toBe(true);
    expect(reviewMirror(mirror, topic({ classification: 'RESTRICTED' })).reasons[0]).toContain('STEWARD');
    expect(reviewMirror(mirror, topic({ jurisdiction: 'US' })).allowed).toBe(false);
  });

  it('names audit actions after mirrors', () => {
    expect(mirrorAction('access.request.approved')).toBe('mirror.request.approved');
    expect(mirrorAction('access.grant.revoked')).toBe('mirror.revoked');
    expect(mirrorAction('access.slot.approved')).toBe('mirror.slot.approved');
  });
});

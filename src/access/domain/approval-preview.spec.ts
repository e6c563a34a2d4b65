import { DomainError } from '../../kernel/domain-error';
import { ACCESS_POLICIES, CLASSIFICATIONS } from '../../catalogue/topics/domain/topic-vocabulary';
import { OPERATIONS } from './access-vocabulary';
import { AccessPolicyContext, evaluateSubmission, SubmissionInput } from './approval-policy';
import { ANY_NAMED_PRINCIPAL, previewApprovals, PreviewTopic } from './approval-preview';
import { DEFAULT_ALLOWED_TRANSFERS, parseTransferRules } from './transfer-rules';

const JURISDICTIONS = ['EU', 'EEA', 'UK', 'CH', 'US', 'CA', 'JP'];
const CTX: AccessPolicyContext = {
  transferRules: parseTransferRules(DEFAULT_ALLOWED_TRANSFERS, JURISDICTIONS).rules!,
  jurisdictions: JURISDICTIONS,
  defaultMaxGrantDays: 365,
};
const NOW = new Date('2030-01-01T00:00:00Z');
const BASIS = { mechanism: 'STANDARD_CONTRACTUAL_CLAUSES' as const, reference: 'SCC-1' };

const topic = (overrides: Partial<PreviewTopic> = {}): PreviewTopic => ({
  name: 'payments.settled',
  classification: 'INTERNAL',
  jurisdiction: 'EU',
  accessPolicy: 'OWNER_APPROVAL',
  maxGrantDays: 90,
  lifecycle: 'ACTIVE',
  ownerTeam: 'payments',
  ...overrides,
});

const submission = (overrides: Partial<SubmissionInput>): SubmissionInput => ({
  operation: 'READ',
  kafkaPrincipal: 'User:svc-fraud',
  applicationName: 'fraud-scoring',
  purpose: 'score payments for fraud',
  purposeCategory: 'FRAUD_PREVENTION',
  consumerJurisdiction: 'EU',
  durationDays: 30,
  legalBasis: null,
  wildcardReason: 'every broker tool reads it',
  ...overrides,
});

/** The error a call throws, as data, or the value it returns. */
function attempt<T>(fn: () => T): { value: T } | { error: { code: string; message: string; details: unknown } } {
  try {
    return { value: fn() };
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return { error: { code: err.code, message: err.message, details: err.details } };
  }
}

/** What a principal the requester gives looks like, and who gives it. */
const PRINCIPALS = {
  named: { principal: 'User:svc-fraud', admin: false },
  'absent (form not filled yet)': { principal: null, admin: false },
  'wildcard by an admin': { principal: 'User:*', admin: true },
  'wildcard by a member': { principal: 'User:*', admin: false },
} as const;

// EU topic: EU is the same jurisdiction, UK an allowed transfer, US a transfer that needs a legal basis.
const MATRIX = ACCESS_POLICIES.flatMap((accessPolicy) =>
  OPERATIONS.flatMap((operation) =>
    CLASSIFICATIONS.flatMap((classification) =>
      ['EU', 'UK', 'US'].flatMap((consumer) =>
        (Object.keys(PRINCIPALS) as Array<keyof typeof PRINCIPALS>).map(
          (shape) => [accessPolicy, operation, classification, consumer, shape] as const,
        ),
      ),
    ),
  ),
);

describe('the approval preview says what submission then decides', () => {
  it('covers every combination of the matrix', () => {
    expect(MATRIX).toHaveLength(3 * 2 * 4 * 3 * 4);
  });

  it.each(MATRIX)('%s, %s, %s topic in EU, consumer in %s, principal %s', (accessPolicy, operation, classification, consumer, shape) => {
    const { principal, admin } = PRINCIPALS[shape];
    const t = topic({ accessPolicy, classification });
    const preview = attempt(() =>
      previewApprovals(t, { operation, consumerJurisdiction: consumer, kafkaPrincipal: principal }, CTX, { admin }),
    );
    const asked = { operation, consumerJurisdiction: consumer, kafkaPrincipal: principal ?? ANY_NAMED_PRINCIPAL };
    const withBasis = attempt(() => evaluateSubmission(t, submission({ ...asked, legalBasis: BASIS }), CTX, NOW, { admin }));
    const withoutBasis = attempt(() => evaluateSubmission(t, submission(asked), CTX, NOW, { admin }));

    if ('error' in withBasis) {
      // Refused whatever the legal basis: the preview refuses with the very same error.
      expect(preview).toEqual(withBasis);
      return;
    }
    if (!('value' in preview)) throw new Error(`preview refused what submission accepts: ${JSON.stringify(preview.error)}`);
    const outcome = withBasis.value;
    const p = preview.value;
    expect(p.slots.map((s) => s.kind)).toEqual(outcome.slots);
    expect(p.reasons).toEqual(outcome.reasons);
    expect(p.crossBorder).toBe(outcome.crossBorder);
    expect(p.autoGranted).toBe(outcome.state === 'APPROVED');
    expect(p.slots.map((s) => s.team)).toEqual(outcome.slots.map((k) => (k === 'OWNER' ? 'payments' : null)));
    for (const slot of p.slots) expect(slot.reason).toMatch(/ approves because of .+\.$/);

    // The legal basis is required exactly when submission without one is refused for want of it.
    const refusedForBasis = 'error' in withoutBasis && (withoutBasis.error.details as { rule?: string }).rule === 'legal-basis-required';
    expect(p.legalBasis.required).toBe(refusedForBasis);
    expect(p.legalBasis.reason).toBe(refusedForBasis ? (withoutBasis as { error: { message: string } }).error.message : null);
    if (!refusedForBasis) expect(withoutBasis).toEqual(withBasis);
  });
});

describe('the approval preview', () => {
  it('explains each slot in one sentence naming the team and every cause', () => {
    const p = previewApprovals(topic({ classification: 'RESTRICTED' }), { operation: 'READ', consumerJurisdiction: 'US' }, CTX, {
      admin: false,
    });
    expect(p.slots).toEqual([
      {
        kind: 'OWNER',
        team: 'payments',
        reason:
          "A member of team 'payments' approves because of the access policy OWNER_APPROVAL, the classification RESTRICTED and the cross-border transfer EU -> US.",
      },
      {
        kind: 'STEWARD',
        team: null,
        reason:
          'A data steward (not the person who fills the owner slot) approves because of the classification RESTRICTED and the cross-border transfer EU -> US.',
      },
    ]);
    expect(p.legalBasis.required).toBe(true);
    expect(p.autoGranted).toBe(false);
  });

  it("takes the topic's own jurisdiction and a named principal when they are not given yet", () => {
    const p = previewApprovals(topic({ accessPolicy: 'OPEN' }), { operation: 'READ' }, CTX, { admin: false });
    expect(p).toMatchObject({ consumerJurisdiction: 'EU', kafkaPrincipal: null, autoGranted: true, slots: [], crossBorder: false });
    expect(p.reasons).toEqual(['access policy OPEN, READ by a named principal, no cross-border transfer: granted on request']);
  });

  it.each([
    ['an unknown jurisdiction', { consumerJurisdiction: 'MARS' }, 'consumerJurisdiction', 'known-jurisdiction'],
    ['a lower-case jurisdiction', { consumerJurisdiction: 'us' }, 'consumerJurisdiction', 'known-jurisdiction'],
    ['a principal without User:', { kafkaPrincipal: 'svc-fraud' }, 'kafkaPrincipal', 'principal-format'],
    ['a blank principal', { kafkaPrincipal: 'User:' }, 'kafkaPrincipal', 'principal-format'],
    ['a principal with a control character', { kafkaPrincipal: 'User:svc\nfraud' }, 'kafkaPrincipal', 'principal-format'],
  ])('refuses %s, naming the argument', (_, question, field, rule) => {
    const result = attempt(() => previewApprovals(topic(), { operation: 'READ', ...question }, CTX, { admin: false }));
    expect(result).toMatchObject({ error: { code: 'INVALID_INPUT', details: { field, rule } } });
    expect((result as { error: { message: string } }).error.message).toContain(`'${field}'`);
  });

  it('refuses an unknown jurisdiction exactly as submission does', () => {
    const preview = attempt(() => previewApprovals(topic(), { operation: 'READ', consumerJurisdiction: 'MARS' }, CTX, { admin: false }));
    const submitted = attempt(() => evaluateSubmission(topic(), submission({ consumerJurisdiction: 'MARS' }), CTX, NOW, { admin: false }));
    expect(preview).toEqual(submitted);
  });

  it('refuses a retired topic exactly as submission does', () => {
    const retired = topic({ lifecycle: 'RETIRED' });
    const preview = attempt(() => previewApprovals(retired, { operation: 'READ' }, CTX, { admin: false }));
    expect(preview).toEqual(attempt(() => evaluateSubmission(retired, submission({}), CTX, NOW, { admin: false })));
    expect(preview).toMatchObject({ error: { code: 'CONFLICT', details: { field: 'topic', rule: 'topic-retired' } } });
  });
});

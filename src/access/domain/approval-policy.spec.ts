import { DomainError } from '../../kernel/domain-error';
import { DAY_MS } from './access-vocabulary';
import { AccessPolicyContext, evaluateSubmission, requiredApprovals, SubmissionInput, TopicPolicyView } from './approval-policy';
import { DEFAULT_ALLOWED_TRANSFERS, parseTransferRules } from './transfer-rules';

const JURISDICTIONS = ['EU', 'EEA', 'UK', 'CH', 'US', 'CA', 'JP'];
const CTX: AccessPolicyContext = {
  transferRules: parseTransferRules(DEFAULT_ALLOWED_TRANSFERS, JURISDICTIONS).rules!,
  jurisdictions: JURISDICTIONS,
  defaultMaxGrantDays: 365,
};
const NOW = new Date('2030-01-01T00:00:00Z');

const topic = (overrides: Partial<TopicPolicyView> = {}): TopicPolicyView => ({
  name: 'payments.settled',
  classification: 'INTERNAL',
  jurisdiction: 'EU',
  accessPolicy: 'OWNER_APPROVAL',
  maxGrantDays: 90,
  lifecycle: 'ACTIVE',
  ...overrides,
});

const input = (overrides: Partial<SubmissionInput> = {}): SubmissionInput => ({
  operation: 'READ',
  purpose: 'score payments for fraud',
  purposeCategory: 'FRAUD_PREVENTION',
  consumerJurisdiction: 'EU',
  durationDays: 30,
  legalBasis: null,
  ...overrides,
});

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('who must approve', () => {
  it.each([
    ['OPEN', 'PUBLIC', 'EU', []],
    ['OPEN', 'CONFIDENTIAL', 'UK', []],
    ['OWNER_APPROVAL', 'INTERNAL', 'EU', ['OWNER']],
    ['OWNER_AND_STEWARD_APPROVAL', 'INTERNAL', 'EU', ['OWNER', 'STEWARD']],
    ['OWNER_APPROVAL', 'RESTRICTED', 'EU', ['OWNER', 'STEWARD']],
    ['OWNER_APPROVAL', 'INTERNAL', 'US', ['OWNER', 'STEWARD']],
    ['OPEN', 'PUBLIC', 'US', ['OWNER', 'STEWARD']],
    ['OWNER_APPROVAL', 'INTERNAL', 'CH', ['OWNER']],
  ] as const)('%s, %s topic in EU, consumer in %s -> %j', (accessPolicy, classification, consumer, slots) => {
    expect(requiredApprovals(topic({ accessPolicy, classification }), consumer, CTX.transferRules).slots).toEqual(slots);
  });

  it('says why each approver is needed', () => {
    const req = requiredApprovals(topic({ classification: 'RESTRICTED' }), 'US', CTX.transferRules);
    expect(req.crossBorder).toBe(true);
    expect(req.reasons).toEqual([
      'access policy OWNER_APPROVAL: a member of the owning team approves',
      'classification RESTRICTED: an owner and a data steward approve',
      'cross-border transfer EU -> US: an owner and a data steward approve',
    ]);
  });
});

describe('submission', () => {
  it('grants an OPEN request at once for the requested days', () => {
    const outcome = evaluateSubmission(topic({ accessPolicy: 'OPEN' }), input(), CTX, NOW);
    expect(outcome.state).toBe('APPROVED');
    expect(outcome.grant).toEqual({ start: NOW, end: new Date(NOW.getTime() + 30 * DAY_MS) });
  });

  it('leaves an approval request PENDING without a grant', () => {
    const outcome = evaluateSubmission(topic(), input(), CTX, NOW);
    expect(outcome).toMatchObject({ state: 'PENDING', grant: null, slots: ['OWNER'], crossBorder: false });
  });

  it('refuses a cross-border request without a legal basis and says why', () => {
    const err = refusal(() => evaluateSubmission(topic({ accessPolicy: 'OPEN' }), input({ consumerJurisdiction: 'US' }), CTX, NOW));
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.details).toMatchObject({ field: 'legalBasis', rule: 'legal-basis-required', from: 'EU', to: 'US' });
    expect(err.message).toContain('EU -> US is not an allowed transfer');
    expect(err.message).toContain('STANDARD_CONTRACTUAL_CLAUSES');
  });

  it('accepts a cross-border request with a legal basis, adding the steward slot', () => {
    const outcome = evaluateSubmission(
      topic({ accessPolicy: 'OPEN' }),
      input({ consumerJurisdiction: 'US', legalBasis: { mechanism: 'STANDARD_CONTRACTUAL_CLAUSES', reference: 'DPA-2030-17' } }),
      CTX,
      NOW,
    );
    expect(outcome).toMatchObject({ state: 'PENDING', slots: ['OWNER', 'STEWARD'], crossBorder: true });
  });

  it('needs no basis for an allowed transfer pair', () => {
    expect(evaluateSubmission(topic(), input({ consumerJurisdiction: 'UK' }), CTX, NOW).slots).toEqual(['OWNER']);
  });

  it('checks the legal basis it is given', () => {
    const bad = input({ consumerJurisdiction: 'US', legalBasis: { mechanism: 'DEROGATION', reference: '  ' } });
    expect(refusal(() => evaluateSubmission(topic(), bad, CTX, NOW)).details).toMatchObject({ field: 'legalBasis.reference', rule: 'required-text' });
    const unknown = input({ legalBasis: { mechanism: 'HANDSHAKE' as never, reference: 'x' } });
    expect(refusal(() => evaluateSubmission(topic(), unknown, CTX, NOW)).details).toMatchObject({ field: 'legalBasis.mechanism', rule: 'enum' });
  });

  it.each([0, -1, 91, 1.5])('bounds the duration by the topic maximum (%d days refused)', (durationDays) => {
    const err = refusal(() => evaluateSubmission(topic(), input({ durationDays }), CTX, NOW));
    expect(err.details).toMatchObject({ field: 'durationDays', rule: 'max-grant-days' });
    expect(err.message).toContain('at most 90 days');
  });

  it('falls back to the configured maximum when the topic sets none', () => {
    expect(evaluateSubmission(topic({ maxGrantDays: null }), input({ durationDays: 365 }), CTX, NOW).state).toBe('PENDING');
    expect(refusal(() => evaluateSubmission(topic({ maxGrantDays: null }), input({ durationDays: 366 }), CTX, NOW)).details.rule).toBe('max-grant-days');
  });

  it('refuses an unknown consumer jurisdiction, empty purpose and a retired topic', () => {
    expect(refusal(() => evaluateSubmission(topic(), input({ consumerJurisdiction: 'XX' }), CTX, NOW)).details).toMatchObject({
      field: 'consumerJurisdiction',
      rule: 'known-jurisdiction',
    });
    expect(refusal(() => evaluateSubmission(topic(), input({ purpose: ' ' }), CTX, NOW)).details).toMatchObject({ field: 'purpose' });
    const retired = refusal(() => evaluateSubmission(topic({ lifecycle: 'RETIRED' }), input(), CTX, NOW));
    expect(retired).toMatchObject({ code: 'CONFLICT', details: { rule: 'topic-retired' } });
  });
});

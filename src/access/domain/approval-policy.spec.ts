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
  kafkaPrincipal: 'User:svc-fraud',
  applicationName: 'fraud-scoring',
  purpose: 'score payments for fraud',
  purposeCategory: 'FRAUD_PREVENTION',
  consumerJurisdiction: 'EU',
  durationDays: 30,
  legalBasis: null,
  ...overrides,
});

const shape = (consumerJurisdiction: string) => ({ operation: 'READ' as const, kafkaPrincipal: 'User:svc-fraud', consumerJurisdiction });
const MEMBER = { admin: false };

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
    expect(requiredApprovals(topic({ accessPolicy, classification }), shape(consumer), CTX.transferRules).slots).toEqual(slots);
  });

  it('says why each approver is needed', () => {
    const req = requiredApprovals(topic({ classification: 'RESTRICTED' }), shape('US'), CTX.transferRules);
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
    const outcome = evaluateSubmission(topic({ accessPolicy: 'OPEN' }), input(), CTX, NOW, MEMBER);
    expect(outcome.state).toBe('APPROVED');
    expect(outcome.grant).toEqual({ start: NOW, end: new Date(NOW.getTime() + 30 * DAY_MS) });
  });

  it('leaves an approval request PENDING without a grant', () => {
    const outcome = evaluateSubmission(topic(), input(), CTX, NOW, MEMBER);
    expect(outcome).toMatchObject({ state: 'PENDING', grant: null, slots: ['OWNER'], crossBorder: false });
  });

  it('refuses a cross-border request without a legal basis and says why', () => {
    const err = refusal(() => evaluateSubmission(topic({ accessPolicy: 'OPEN' }), input({ consumerJurisdiction: 'US' }), CTX, NOW, MEMBER));
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
      MEMBER,
    );
    expect(outcome).toMatchObject({ state: 'PENDING', slots: ['OWNER', 'STEWARD'], crossBorder: true });
  });

  it('needs no basis for an allowed transfer pair', () => {
    expect(evaluateSubmission(topic(), input({ consumerJurisdiction: 'UK' }), CTX, NOW, MEMBER).slots).toEqual(['OWNER']);
  });

  it('checks the legal basis it is given', () => {
    const bad = input({ consumerJurisdiction: 'US', legalBasis: { mechanism: 'DEROGATION', reference: '  ' } });
    expect(refusal(() => evaluateSubmission(topic(), bad, CTX, NOW, MEMBER)).details).toMatchObject({
      field: 'legalBasis.reference',
      rule: 'required-text',
    });
    const unknown = input({ legalBasis: { mechanism: 'HANDSHAKE' as never, reference: 'x' } });
    expect(refusal(() => evaluateSubmission(topic(), unknown, CTX, NOW, MEMBER)).details).toMatchObject({
      field: 'legalBasis.mechanism',
      rule: 'enum',
    });
  });

  it.each([0, -1, 91, 1.5])('bounds the duration by the topic maximum (%d days refused)', (durationDays) => {
    const err = refusal(() => evaluateSubmission(topic(), input({ durationDays }), CTX, NOW, MEMBER));
    expect(err.details).toMatchObject({ field: 'durationDays', rule: 'max-grant-days' });
    expect(err.message).toContain('at most 90 days');
  });

  it('falls back to the configured maximum when the topic sets none', () => {
    expect(evaluateSubmission(topic({ maxGrantDays: null }), input({ durationDays: 365 }), CTX, NOW, MEMBER).state).toBe('PENDING');
    expect(
      refusal(() => evaluateSubmission(topic({ maxGrantDays: null }), input({ durationDays: 366 }), CTX, NOW, MEMBER)).details.rule,
    ).toBe('max-grant-days');
  });

  it('refuses an unknown consumer jurisdiction, empty purpose and a retired topic', () => {
    expect(refusal(() => evaluateSubmission(topic(), input({ consumerJurisdiction: 'XX' }), CTX, NOW, MEMBER)).details).toMatchObject({
      field: 'consumerJurisdiction',
      rule: 'known-jurisdiction',
    });
    expect(refusal(() => evaluateSubmission(topic(), input({ purpose: ' ' }), CTX, NOW, MEMBER)).details).toMatchObject({
      field: 'purpose',
    });
    const retired = refusal(() => evaluateSubmission(topic({ lifecycle: 'RETIRED' }), input(), CTX, NOW, MEMBER));
    expect(retired).toMatchObject({ code: 'CONFLICT', details: { rule: 'topic-retired' } });
  });
});

describe('policy x operation x principal shape x requester', () => {
  const POLICIES = ['OPEN', 'OWNER_APPROVAL', 'OWNER_AND_STEWARD_APPROVAL'] as const;
  const OPERATIONS = ['READ', 'WRITE'] as const;
  /** Every shape a Kafka principal can take, by what an ACL makes of it. */
  const PRINCIPALS = {
    named: 'User:svc-fraud',
    namedDn: 'User:CN=svc fraud,O=shop',
    wildcard: 'User:*',
    partialWildcard: 'User:svc-*',
    bareWildcard: '*',
    typedWildcard: 'Group:*',
    empty: '',
    blank: '   ',
    emptyName: 'User:',
    blankName: 'User:  ',
  } as const;
  type PrincipalName = keyof typeof PRINCIPALS;
  const WILDCARDS: PrincipalName[] = ['wildcard', 'partialWildcard', 'bareWildcard', 'typedWildcard'];
  const BLANKS: PrincipalName[] = ['empty', 'blank', 'emptyName', 'blankName'];
  const REQUESTERS = {
    member: { admin: false, wildcardReason: null },
    memberWithReason: { admin: false, wildcardReason: 'every consumer on the cluster reads prices' },
    admin: { admin: true, wildcardReason: null },
    adminWithReason: { admin: true, wildcardReason: 'every consumer on the cluster reads prices' },
  } as const;
  type Requester = keyof typeof REQUESTERS;

  /** The slots, written out: OPEN is automatic for a named READ only. */
  const SLOTS: Record<(typeof POLICIES)[number], Record<(typeof OPERATIONS)[number], Record<'named' | 'wildcard', string>>> = {
    OPEN: { READ: { named: 'APPROVED []', wildcard: 'PENDING [OWNER]' }, WRITE: { named: 'PENDING [OWNER]', wildcard: 'PENDING [OWNER]' } },
    OWNER_APPROVAL: {
      READ: { named: 'PENDING [OWNER]', wildcard: 'PENDING [OWNER]' },
      WRITE: { named: 'PENDING [OWNER]', wildcard: 'PENDING [OWNER]' },
    },
    OWNER_AND_STEWARD_APPROVAL: {
      READ: { named: 'PENDING [OWNER,STEWARD]', wildcard: 'PENDING [OWNER,STEWARD]' },
      WRITE: { named: 'PENDING [OWNER,STEWARD]', wildcard: 'PENDING [OWNER,STEWARD]' },
    },
  };

  function expected(
    policy: (typeof POLICIES)[number],
    op: (typeof OPERATIONS)[number],
    principal: PrincipalName,
    requester: Requester,
  ): string {
    if (BLANKS.includes(principal)) return 'INVALID_INPUT kafkaPrincipal principal-format';
    if (WILDCARDS.includes(principal)) {
      if (!REQUESTERS[requester].admin) return 'FORBIDDEN kafkaPrincipal wildcard-principal';
      if (!REQUESTERS[requester].wildcardReason) return 'INVALID_INPUT wildcardReason reason-required';
      return SLOTS[policy][op].wildcard;
    }
    return SLOTS[policy][op].named;
  }

  const cases = POLICIES.flatMap((policy) =>
    OPERATIONS.flatMap((op) =>
      (Object.keys(PRINCIPALS) as PrincipalName[]).flatMap((principal) =>
        (Object.keys(REQUESTERS) as Requester[]).map((r) => [policy, op, principal, r] as const),
      ),
    ),
  );

  it('covers 3 policies x 2 operations x 10 principal shapes x 4 requesters', () => {
    expect(cases).toHaveLength(3 * 2 * 10 * 4);
  });

  it.each(cases)('%s, %s for %s by %s', (accessPolicy, operation, principal, requester) => {
    const { admin, wildcardReason } = REQUESTERS[requester];
    let got: string;
    try {
      const outcome = evaluateSubmission(
        topic({ accessPolicy, classification: 'PUBLIC' }),
        input({ operation, kafkaPrincipal: PRINCIPALS[principal], wildcardReason }),
        CTX,
        NOW,
        { admin },
      );
      got = `${outcome.state} [${outcome.slots.join(',')}]`;
      expect(outcome.grant === null).toBe(outcome.state === 'PENDING');
      expect(outcome.wildcardReason).toBe(WILDCARDS.includes(principal) ? wildcardReason : null);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      got = `${err.code} ${err.details.field} ${err.details.rule}`;
    }
    expect(got).toBe(expected(accessPolicy, operation, principal, requester));
  });

  it('says why WRITE and a wildcard need the owner under OPEN', () => {
    const write = requiredApprovals(topic({ accessPolicy: 'OPEN' }), { ...shape('EU'), operation: 'WRITE' }, CTX.transferRules);
    expect(write.reasons).toEqual(['access policy OPEN grants READ on request; WRITE needs a member of the owning team']);
    const everyone = requiredApprovals(topic({ accessPolicy: 'OPEN' }), { ...shape('EU'), kafkaPrincipal: 'User:*' }, CTX.transferRules);
    expect(everyone.reasons).toEqual(['principal User:* is a wildcard (every Kafka user): a member of the owning team approves']);
  });

  it('refuses an unknown operation instead of treating it as READ', () => {
    const err = refusal(() =>
      evaluateSubmission(topic({ accessPolicy: 'OPEN' }), input({ operation: 'ALTER' as never }), CTX, NOW, MEMBER),
    );
    expect(err.details).toMatchObject({ field: 'operation', rule: 'enum' });
  });
});

describe('application names (consumer-group prefixes)', () => {
  it.each(['fraud-scoring', 'abc', 'a.b', 'svc_1', 'x'.repeat(64), 'order-risk-2'])('accepts %j', (applicationName) => {
    expect(evaluateSubmission(topic(), input({ applicationName }), CTX, NOW, MEMBER).state).toBe('PENDING');
  });

  it.each(['', 'a', 'ab', '-abc', 'abc-', '.abc', 'abc.', 'Fraud', 'fraud scoring', 'fraud*', 'x'.repeat(65), 'fr\u0000aud'])(
    'refuses %j',
    (applicationName) => {
      const err = refusal(() => evaluateSubmission(topic(), input({ applicationName }), CTX, NOW, MEMBER));
      expect(err.details).toMatchObject({ field: 'applicationName', rule: 'application-name' });
      expect(err.message).toContain('3-64');
    },
  );
});

import { TOPIC_INTENTS } from '../../catalogue/topics/domain/topic-vocabulary';
import { validateContract, validateLimits } from './contract-validation';
import { defaultContract, defaultLimits, effectiveDefault, PayloadContract, withinLimits } from './payload-contract';

const event = (change: Partial<PayloadContract> = {}): PayloadContract => ({ ...defaultContract('EVENT'), ...change });
const problems = (contract: PayloadContract, limits = defaultLimits()) =>
  validateContract(contract, limits).map((p) => `${p.field}: ${p.rule}`);

describe('default contracts', () => {
  it.each(TOPIC_INTENTS)('%s defaults are valid under the default limits', (intent) => {
    expect(validateContract(defaultContract(intent), defaultLimits())).toEqual([]);
  });

  it('are strict for EVENT, lenient on field count for STATE, in between for COMMAND', () => {
    const [e, c, s] = (['EVENT', 'COMMAND', 'STATE'] as const).map(defaultContract);
    expect(e.maxLeafFields).toBeLessThan(c.maxLeafFields);
    expect(c.maxLeafFields).toBeLessThan(s.maxLeafFields);
    expect(e.maxFieldsAddedPerVersion).toBeLessThan(c.maxFieldsAddedPerVersion);
    expect(e.requiredFields.map((r) => r.label)).toEqual(['event id', 'occurrence time']);
    expect(s.requiredFields).toEqual([]);
    expect(e.allowedTags).toEqual({
      PUBLIC: [],
      INTERNAL: ['FINANCIAL'],
      CONFIDENTIAL: ['PII', 'FINANCIAL', 'HEALTH'],
      RESTRICTED: ['PII', 'FINANCIAL', 'HEALTH'],
    });
  });

  it('are tightened to lower steward ceilings when no contract was written', () => {
    const allowedTags = { PUBLIC: [], INTERNAL: [], CONFIDENTIAL: ['PII'], RESTRICTED: ['PII', 'FINANCIAL', 'HEALTH'] };
    const limits = { ...defaultLimits(), maxLeafFields: 10, maxFieldsAddedPerVersion: 2, maxFieldsAddedTotal: 2, allowedTags };
    expect(validateLimits(limits)).toEqual([]);
    const contract = effectiveDefault('EVENT', limits);
    expect(contract).toMatchObject({ maxLeafFields: 10, maxFieldsAddedTotal: 2, maxFieldsAddedPerVersion: 2 });
    expect(contract.allowedTags).toEqual(allowedTags);
    expect(validateContract(contract, limits)).toEqual([]);
  });
});

describe('validateContract: contradictory limits', () => {
  it('rejects more growth per version than in total', () => {
    expect(problems(event({ maxFieldsAddedPerVersion: 5, maxFieldsAddedTotal: 4 }))).toEqual(['maxFieldsAddedPerVersion: at-most-total']);
    expect(problems(event({ maxFieldsAddedPerVersion: 4, maxFieldsAddedTotal: 4 }))).toEqual([]);
  });

  it('rejects a field budget smaller than the required fields', () => {
    expect(problems(event({ maxLeafFields: 1 }))).toEqual(['maxLeafFields: fits-required-fields']);
    expect(problems(event({ maxLeafFields: 2, maxFieldsAddedTotal: 2, maxFieldsAddedPerVersion: 2 }))).toEqual([]);
  });

  it('rejects negative, fractional and zero counts where they make no sense', () => {
    expect(problems(event({ maxFieldsAddedPerVersion: -1 }))).toEqual(['maxFieldsAddedPerVersion: non-negative-integer']);
    expect(problems(event({ maxDepth: 0 }))).toEqual(['maxDepth: positive-integer']);
    expect(problems(event({ maxLeafFields: 2.5 }))).toEqual(['maxLeafFields: positive-integer']);
    expect(problems(event({ maxFieldsAddedPerVersion: 0 }))).toEqual([]);
  });

  it.each([0, -0.1, 1.01, Number.NaN])('rejects an overlap threshold of %s outside (0, 1]', (threshold) => {
    expect(problems(event({ entityOverlapThreshold: threshold }))).toEqual(['entityOverlapThreshold: share']);
  });

  it('accepts the threshold bounds that make sense', () => {
    expect(problems(event({ entityOverlapThreshold: 1 }))).toEqual([]);
    expect(problems(event({ entityOverlapThreshold: 0.01 }))).toEqual([]);
  });

  it('never lets a contract allow CREDENTIAL', () => {
    const allowedTags = { ...defaultContract('EVENT').allowedTags, RESTRICTED: ['PII', 'FINANCIAL', 'HEALTH', 'credential'] };
    expect(validateContract(event({ allowedTags }))).toEqual([
      expect.objectContaining({
        field: 'allowedTags.RESTRICTED',
        rule: 'credential-never-allowed',
        message: expect.stringContaining('secrets never belong'),
      }),
    ]);
  });

  it('rejects a tag allowed on a less sensitive classification but not on a more sensitive one', () => {
    const allowedTags = { PUBLIC: [], INTERNAL: ['PII'], CONFIDENTIAL: ['FINANCIAL'], RESTRICTED: ['PII', 'FINANCIAL'] };
    expect(validateContract(event({ allowedTags }))).toEqual([
      expect.objectContaining({
        field: 'allowedTags.CONFIDENTIAL',
        rule: 'monotonic-tags',
        message: 'PII is allowed on INTERNAL topics but not on CONFIDENTIAL ones, which are more sensitive.',
      }),
    ]);
  });

  it('rejects unknown classifications, blank tags, bad required fields and enforcement', () => {
    const contract = event({
      allowedTags: { ...defaultContract('EVENT').allowedTags, SECRET: ['PII'], PUBLIC: [' '] } as never,
      requiredFields: [
        { label: '', names: [] },
        { label: 'time', names: ['occurred at!'] },
      ],
      enforcement: 'MAYBE' as never,
    });
    expect(problems(contract).sort()).toEqual([
      'allowedTags.PUBLIC: tag-name',
      'allowedTags.SECRET: classification',
      'enforcement: one-of',
      'requiredFields[0].label: required',
      'requiredFields[0].names: required',
      'requiredFields[1].names: name-pattern',
    ]);
  });
});

describe('validateContract: steward ceilings', () => {
  const limits = {
    ...defaultLimits(),
    maxLeafFields: 30,
    maxFieldsAddedTotal: 12,
    maxEntityOverlapThreshold: 0.6,
    allowWarnEnforcement: false,
  };

  it('accepts a contract at the ceilings and rejects one above them', () => {
    expect(problems(event({ maxLeafFields: 30, entityOverlapThreshold: 0.6 }), limits)).toEqual([]);
    expect(problems(event({ maxLeafFields: 31, maxFieldsAddedTotal: 13, entityOverlapThreshold: 0.61 }), limits)).toEqual([
      'maxLeafFields: steward-ceiling',
      'maxFieldsAddedTotal: steward-ceiling',
      'entityOverlapThreshold: steward-ceiling',
    ]);
  });

  it('rejects WARN enforcement when the steward requires blocking', () => {
    expect(problems(event({ enforcement: 'WARN' }), limits)).toEqual(['enforcement: steward-ceiling']);
    expect(problems(event({ enforcement: 'WARN' }))).toEqual([]);
  });

  it('rejects allowing a tag the steward does not allow for that classification', () => {
    const allowedTags = { ...defaultContract('EVENT').allowedTags, INTERNAL: ['FINANCIAL', 'PII'] };
    expect(validateContract(event({ allowedTags }), limits)).toEqual([
      expect.objectContaining({
        field: 'allowedTags.INTERNAL',
        rule: 'steward-ceiling',
        message: "PII may not be allowed on INTERNAL topics: the steward's ceiling allows FINANCIAL.",
      }),
    ]);
  });

  it('checks the limits themselves', () => {
    expect(
      validateLimits({ ...defaultLimits(), maxFieldsAddedPerVersion: 600, maxDepth: -2, maxEntityOverlapThreshold: 2 }).map(
        (p) => `${p.field}: ${p.rule}`,
      ),
    ).toEqual(['maxDepth: positive-integer', 'maxFieldsAddedPerVersion: at-most-total', 'maxEntityOverlapThreshold: share']);
  });
});

describe('withinLimits', () => {
  it('applies ceilings a steward lowered after the owner wrote the contract', () => {
    const contract = event({ maxLeafFields: 40, enforcement: 'WARN', entityOverlapThreshold: 0.9 });
    const limits = { ...defaultLimits(), maxLeafFields: 30, maxEntityOverlapThreshold: 0.6, allowWarnEnforcement: false };
    expect(withinLimits(contract, limits)).toMatchObject({ maxLeafFields: 30, entityOverlapThreshold: 0.6, enforcement: 'BLOCK' });
    // The limits also carry the steward's settings of personal-data-unencrypted into the enforced contract.
    expect(withinLimits(contract, defaultLimits())).toEqual({
      ...contract,
      personalTags: [],
      unencryptedPersonalData: { CONFIDENTIAL: 'WARN', RESTRICTED: 'BLOCK' },
    });
  });
});

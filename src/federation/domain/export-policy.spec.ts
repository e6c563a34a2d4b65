import { DEFAULT_ALLOWED_TRANSFERS, parseTransferRules } from '../../access/domain/transfer-rules';
import { decideSubject, exporterCrossesBorder, exporterGate, TopicFacts } from './export-policy';

const rules = parseTransferRules(DEFAULT_ALLOWED_TRANSFERS, ['EU', 'EEA', 'UK', 'CH', 'US', 'JP', 'CA']).rules!;
const topic = (classification: TopicFacts['classification'], extra: Partial<TopicFacts> = {}): TopicFacts => ({
  name: 'orders',
  classification,
  jurisdiction: 'EU',
  residency: [],
  lifecycle: 'ACTIVE',
  ...extra,
});
const ask = (t: TopicFacts | undefined, jurisdiction: string | null, extra: Partial<Parameters<typeof decideSubject>[0]> = {}) =>
  decideSubject({
    subject: 'orders-value',
    patterns: ['*'],
    topic: t,
    destination: { jurisdiction, region: null },
    rules,
    topicApproved: false,
    ...extra,
  });

describe('export policy', () => {
  it('lets PUBLIC and INTERNAL go anywhere (the exporter itself is what needs approval across a border)', () => {
    for (const c of ['PUBLIC', 'INTERNAL'] as const) {
      for (const j of ['EU', 'UK', 'US', null]) expect(ask(topic(c), j)).toEqual({ export: true });
    }
  });

  it('keeps CONFIDENTIAL on its side of a border unless in residency or approved', () => {
    expect(ask(topic('CONFIDENTIAL'), 'EU')).toEqual({ export: true });
    expect(ask(topic('CONFIDENTIAL'), 'UK')).toEqual({ export: true });
    expect(ask(topic('CONFIDENTIAL'), 'US')).toMatchObject({ export: false, rule: 'confidential-cross-border' });
    expect(ask(topic('CONFIDENTIAL'), null)).toMatchObject({ export: false, rule: 'confidential-cross-border' });
    expect(ask(topic('CONFIDENTIAL', { residency: ['US'] }), 'US')).toEqual({ export: true });
    expect(ask(topic('CONFIDENTIAL'), 'US', { topicApproved: true })).toEqual({ export: true });
  });

  it('never lets RESTRICTED leave its jurisdiction, not even for an allowed transfer, unless a steward approved the topic', () => {
    expect(ask(topic('RESTRICTED'), 'EU')).toEqual({ export: true });
    expect(ask(topic('RESTRICTED'), 'UK')).toMatchObject({ export: false, rule: 'restricted-topic' });
    expect(ask(topic('RESTRICTED'), 'UK', { topicApproved: true })).toEqual({ export: true });
  });

  it('exports a subject with no topic only when listed by name, and nothing of a RETIRED topic', () => {
    expect(ask(undefined, 'EU', { subject: 'shared', patterns: ['*'] })).toMatchObject({ export: false, rule: 'subject-without-topic' });
    expect(ask(undefined, 'EU', { subject: 'shared', patterns: ['sh*', 'shared'] })).toEqual({ export: true });
    expect(ask(topic('PUBLIC', { lifecycle: 'RETIRED' }), 'EU')).toMatchObject({ export: false, rule: 'retired-topic' });
  });

  it('treats an unknown jurisdiction as crossing a border, and gates a crossing exporter on a legal basis then an approval', () => {
    expect(exporterCrossesBorder('EU', { jurisdiction: null, region: null }, rules)).toBe(true);
    expect(exporterCrossesBorder(undefined, { jurisdiction: 'EU', region: null }, rules)).toBe(true);
    expect(exporterCrossesBorder('EU', { jurisdiction: 'CH', region: null }, rules)).toBe(false);
    expect(exporterCrossesBorder('EU', { jurisdiction: 'US', region: null }, rules)).toBe(true);
    const base = {
      crossBorder: true,
      createdBy: 'ada',
      legalBasis: null,
      approvedBy: null,
      approvedJurisdiction: null,
      destination: { jurisdiction: 'US', region: null },
    };
    expect(exporterGate(base)).toMatchObject({ runnable: false, reason: expect.stringMatching(/^awaiting-legal-basis/) });
    const withBasis = { ...base, legalBasis: { mechanism: 'STANDARD_CONTRACTUAL_CLAUSES' as const, reference: 'DPA-1' } };
    expect(exporterGate(withBasis)).toMatchObject({ runnable: false, reason: expect.stringMatching(/^awaiting-approval.*other than ada/) });
    expect(exporterGate({ ...withBasis, approvedBy: 'sam', approvedJurisdiction: 'US' })).toEqual({ runnable: true });
    // Approved for the US; the destination now says CH: a new approval is needed.
    expect(
      exporterGate({ ...withBasis, approvedBy: 'sam', approvedJurisdiction: 'US', destination: { jurisdiction: 'CH', region: null } })
        .runnable,
    ).toBe(false);
    expect(exporterGate({ ...base, crossBorder: false })).toEqual({ runnable: true });
  });
});

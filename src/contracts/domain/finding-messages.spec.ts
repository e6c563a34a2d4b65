import { contractViolationMessage } from './finding-messages';
import { Finding } from './finding';

describe('contractViolationMessage', () => {
  it('lists every finding with its path and hint, then how to get a waiver', () => {
    const findings: Finding[] = [
      { rule: 'entity-replica', severity: 'BLOCK', path: '', message: 'Copies Customer.', hint: 'Carry `customerId`.' },
      { rule: 'untagged-personal-field', severity: 'WARN', path: 'email', message: 'Looks personal.', hint: 'Tag it PII.' },
    ];
    expect(contractViolationMessage({ topic: 'crm.customer-changed', subject: 'crm.customer-changed-value', version: 4 }, findings)).toBe(
      [
        'Schema being registered as version 4 of subject "crm.customer-changed-value" breaks the payload contract of topic "crm.customer-changed" (1 blocking finding):',
        '- [BLOCK] entity-replica: Copies Customer. Instead: Carry `customerId`.',
        '- [WARN] untagged-personal-field at `email`: Looks personal. Instead: Tag it PII.',
        'To register it anyway, an owner of the topic can request a waiver for version 4 (rule entity-replica) and a steward approve it.',
      ].join('\n'),
    );
  });
});

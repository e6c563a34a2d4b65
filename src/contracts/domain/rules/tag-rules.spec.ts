import { defaultContract } from '../payload-contract';
import { checkShape, summary } from '../../../../test/support/contract-fixtures/contract-check';
import { FORMATS, Shape } from '../../../../test/support/contract-fixtures/schema-shapes';

const envelope: Shape = { eventId: 'string', occurredAt: 'long' };

describe.each(FORMATS)('tag rules (%s)', (format) => {
  // PII inside a referenced record, FINANCIAL inside a repeated record.
  const tagged: Shape = {
    ...envelope,
    contact: { reference: true, fields: { handle: { type: 'string', tags: ['PII'] } } },
    payments: { repeated: true, fields: { account: { type: 'string', tags: ['financial'] } } },
  };

  describe('tag-not-allowed', () => {
    it('blocks PII on an INTERNAL topic, naming the field and the classification that would allow it', () => {
      const findings = checkShape(format, tagged, { classification: 'INTERNAL' });
      expect(summary(findings)).toEqual(['tag-not-allowed@contact.handle']);
      expect(findings[0].message).toBe('Field `contact.handle` is tagged PII, which a INTERNAL topic may not carry.');
      expect(findings[0].hint).toMatch(/carry a reference .* raise the topic's classification to CONFIDENTIAL/);
    });

    it('accepts the same tags on a CONFIDENTIAL topic', () => {
      expect(checkShape(format, tagged, { classification: 'CONFIDENTIAL' })).toEqual([]);
    });

    it('blocks every governed tag on a PUBLIC topic, in repeated records too', () => {
      expect(summary(checkShape(format, tagged, { classification: 'PUBLIC' }))).toEqual([
        'tag-not-allowed@contact.handle',
        'tag-not-allowed@payments[].account',
      ]);
    });

    it('ignores tags the contract does not govern, and governs those it names', () => {
      const custom: Shape = { ...envelope, note: { type: 'string', tags: ['GDPR'] } };
      expect(checkShape(format, custom, { classification: 'PUBLIC' })).toEqual([]);
      const allowedTags = { ...defaultContract('EVENT').allowedTags, RESTRICTED: ['PII', 'FINANCIAL', 'HEALTH', 'GDPR'] };
      expect(summary(checkShape(format, custom, { classification: 'CONFIDENTIAL', contract: { allowedTags } }))).toEqual([
        'tag-not-allowed@note',
      ]);
      expect(checkShape(format, custom, { classification: 'RESTRICTED', contract: { allowedTags } })).toEqual([]);
    });
  });

  describe('credential-field', () => {
    it('blocks a CREDENTIAL-tagged field whatever the classification', () => {
      const shape: Shape = { ...envelope, session: { optional: true, fields: { token: { type: 'string', tags: ['CREDENTIAL'] } } } };
      const findings = checkShape(format, shape, { classification: 'RESTRICTED' });
      expect(summary(findings)).toEqual(['credential-field@session.token']);
      expect(findings[0].message).toMatch(/secrets never travel in events/);
    });
  });

  describe('untagged-personal-field', () => {
    it('warns about personal-looking leaves without a tag, at any depth', () => {
      const shape: Shape = {
        ...envelope,
        billingEmail: 'string',
        holder: { reference: true, fields: { date_of_birth: 'string', iban: 'string' } },
        items: { repeated: true, fields: { description: 'string' } },
      };
      const findings = checkShape(format, shape);
      expect(summary(findings)).toEqual([
        'untagged-personal-field@billingEmail (WARN)',
        'untagged-personal-field@holder.date_of_birth (WARN)',
        'untagged-personal-field@holder.iban (WARN)',
      ]);
      expect(findings[0].message).toBe('Field `billingEmail` looks like an email address but carries no tag.');
      expect(findings[2].hint).toMatch(/Tag it FINANCIAL/);
    });

    it('counts a tag on an enclosing record, and stays quiet for tagged fields', () => {
      const shape: Shape = {
        ...envelope,
        email: { type: 'string', tags: ['PII'] },
        person: { tags: ['PII'], fields: { phoneNumber: 'string', lastName: 'string' } },
      };
      expect(checkShape(format, shape)).toEqual([]);
    });

    it('only warns, even on a PUBLIC topic', () => {
      const findings = checkShape(format, { ...envelope, email: 'string' }, { classification: 'PUBLIC' });
      expect(summary(findings)).toEqual(['untagged-personal-field@email (WARN)']);
    });
  });
});

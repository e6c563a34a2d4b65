import { checkShape, summary } from '../../../../test/support/contract-fixtures/contract-check';
import { FORMATS, Shape } from '../../../../test/support/contract-fixtures/schema-shapes';

const envelope: Shape = { eventId: 'string', occurredAt: 'long' };

describe.each(FORMATS)('size rules (%s)', (format) => {
  // Six leaves: two envelope fields, a nested record, a repeated record and a nullable referenced record.
  const six: Shape = {
    ...envelope,
    order: { fields: { number: 'string', total: 'double' } },
    lines: { repeated: true, fields: { sku: 'string' } },
    buyer: { reference: true, optional: true, fields: { buyerId: 'string' } },
  };
  const seven: Shape = { ...six, lines: { repeated: true, fields: { sku: 'string', quantity: 'int' } } };
  const eight: Shape = { ...seven, order: { fields: { number: 'string', total: 'double', currency: 'string' } } };

  describe('field-budget', () => {
    const contract = { maxLeafFields: 6 };

    it('accepts a schema at the budget, counting leaves in nested, repeated and referenced records', () => {
      expect(checkShape(format, six, { contract })).toEqual([]);
    });

    it('blocks one leaf over the budget', () => {
      const findings = checkShape(format, seven, { contract });
      expect(summary(findings)).toEqual(['field-budget@']);
      expect(findings[0].message).toBe('The schema has 7 leaf fields; the contract allows 6.');
      expect(findings[0].hint).toMatch(/references \(ids\)/);
    });

    it('only warns when the previous version was already over and this one is not bigger', () => {
      expect(summary(checkShape(format, seven, { contract, history: [seven] }))).toEqual(['field-budget@ (WARN)']);
      expect(summary(checkShape(format, seven, { contract, history: [eight] }))).toEqual(['field-budget@ (WARN)']);
      expect(summary(checkShape(format, eight, { contract, history: [seven] }))).toEqual(['field-budget@']);
    });
  });

  describe('growth-per-version', () => {
    const contract = { maxFieldsAddedPerVersion: 2 };

    it('accepts adding as many leaves as allowed, nested and repeated ones included', () => {
      expect(
        checkShape(format, six, { contract, history: [{ ...envelope, order: { fields: { number: 'string', total: 'double' } } }] }),
      ).toEqual([]);
    });

    it('blocks one leaf more than allowed and names the added fields', () => {
      const findings = checkShape(format, seven, {
        contract,
        history: [{ ...envelope, order: { fields: { number: 'string', total: 'double' } } }],
      });
      expect(summary(findings)).toEqual(['growth-per-version@']);
      expect(findings[0].message).toBe(
        'This version adds 3 leaf fields (`lines[].sku`, `lines[].quantity`, `buyer.buyerId`); the contract allows 2 per version.',
      );
    });

    it('does not apply to the first version', () => {
      expect(checkShape(format, eight, { contract })).toEqual([]);
    });
  });

  describe('growth-total', () => {
    const contract = { maxFieldsAddedTotal: 4, maxFieldsAddedPerVersion: 2 };
    const first: Shape = { ...envelope, order: { fields: { number: 'string' } } };
    const second: Shape = {
      ...envelope,
      order: { fields: { number: 'string', total: 'double' } },
      lines: { repeated: true, fields: { sku: 'string' } },
    };

    it('accepts as many leaves since the first version as allowed', () => {
      const third: Shape = {
        ...second,
        buyer: { reference: true, optional: true, fields: { buyerId: 'string' } },
        lines: { repeated: true, fields: { sku: 'string', quantity: 'int' } },
      };
      expect(checkShape(format, third, { contract, history: [first, second] })).toEqual([]);
    });

    it('blocks one leaf more than allowed since the first version, even when this version adds few', () => {
      const findings = checkShape(format, eight, { contract, history: [first, six] });
      expect(summary(findings)).toEqual(['growth-total@']);
      expect(findings[0].message).toMatch(
        /^Since the topic's first version the schema has gained 5 leaf fields \(`order.total`, .*\); the contract allows 4 in total.$/,
      );
    });

    it('only warns when the previous version had already gained too much and this one gains no more', () => {
      expect(summary(checkShape(format, eight, { contract, history: [first, eight] }))).toEqual(['growth-total@ (WARN)']);
    });
  });

  describe('max-depth', () => {
    const contract = { maxDepth: 3 };
    const nested = (levels: number, leaf: Shape = { value: 'string' }): Shape => {
      let shape = leaf;
      for (let i = levels - 1; i >= 1; i--) shape = { [`level${i}`]: { fields: shape, repeated: i === 1 } };
      return { ...envelope, ...shape };
    };

    it('accepts fields at the maximum depth, through repeated records', () => {
      expect(checkShape(format, nested(3), { contract })).toEqual([]);
    });

    it('blocks one level deeper and points at the first field that is too deep', () => {
      const findings = checkShape(format, nested(4), { contract });
      expect(summary(findings)).toEqual(['max-depth@level1[].level2.level3.value']);
      expect(findings[0].message).toBe('Fields are nested 4 levels deep (`level1[].level2.level3.value`); the contract allows 3.');
    });
  });

  it('turns every finding into a warning under WARN enforcement', () => {
    const findings = checkShape(format, eight, {
      contract: { maxLeafFields: 6, maxFieldsAddedPerVersion: 1, enforcement: 'WARN' },
      history: [six],
    });
    expect(summary(findings)).toEqual(['field-budget@ (WARN)', 'growth-per-version@ (WARN)']);
  });
});

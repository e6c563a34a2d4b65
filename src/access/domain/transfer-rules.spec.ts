import { DEFAULT_ALLOWED_TRANSFERS, isCrossBorder, parseTransferRules } from './transfer-rules';

const JURISDICTIONS = ['EU', 'EEA', 'UK', 'CH', 'US', 'CA', 'JP', 'AU', 'BR', 'IN', 'SG'];

describe('transfer rules', () => {
  const defaults = parseTransferRules(DEFAULT_ALLOWED_TRANSFERS, JURISDICTIONS).rules!;

  it('treats the same jurisdiction as no transfer at all', () => {
    expect(isCrossBorder('US', 'US', [])).toBe(false);
  });

  it.each([
    ['EU', 'EEA'],
    ['EEA', 'EU'],
    ['EU', 'UK'],
    ['UK', 'EU'],
    ['EEA', 'CH'],
    ['JP', 'EU'],
    ['EU', 'CA'],
  ])('allows %s -> %s by default', (from, to) => {
    expect(isCrossBorder(from, to, defaults)).toBe(false);
  });

  it.each([
    ['EU', 'US'],
    ['US', 'EU'],
    ['UK', 'CH'],
    ['EU', 'IN'],
    ['CH', 'US'],
  ])('calls %s -> %s cross-border by default', (from, to) => {
    expect(isCrossBorder(from, to, defaults)).toBe(true);
  });

  it('reads one-way rules as one-way', () => {
    const { rules } = parseTransferRules(['UK>US'], JURISDICTIONS);
    expect(isCrossBorder('UK', 'US', rules!)).toBe(false);
    expect(isCrossBorder('US', 'UK', rules!)).toBe(true);
  });

  it('names each bad entry and why', () => {
    const parsed = parseTransferRules(['EU-UK', 'EU<>XX', 'US<>US'], JURISDICTIONS);
    expect(parsed.rules).toBeNull();
    expect(parsed.problems).toEqual([
      "'EU-UK' is not a transfer rule; write FROM>TO or A<>B, e.g. EU<>UK",
      "'EU<>XX' names 'XX', which is not in CHARTER_JURISDICTIONS",
      "'US<>US' names the same jurisdiction twice",
    ]);
  });
});

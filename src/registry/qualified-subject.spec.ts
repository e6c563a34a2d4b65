import {
  contextOf,
  isContextOnly,
  matchesPrefix,
  nameOf,
  normalizeSubject,
  parseSubject,
  qualify,
  referenceTarget,
} from './qualified-subject';

describe('qualified subjects (Confluent contexts)', () => {
  it('reads :.ctx:name, keeps colons of the name, and puts everything else in the default context', () => {
    expect(parseSubject(':.eu:orders-value')).toEqual({ context: '.eu', name: 'orders-value' });
    expect(parseSubject(':.eu:sub:ject')).toEqual({ context: '.eu', name: 'sub:ject' });
    expect(parseSubject(':.eu')).toEqual({ context: '.eu', name: '' });
    expect(parseSubject(':*:orders')).toEqual({ context: '*', name: 'orders' });
    // A context needs its leading dot: these are default-context names, as in Confluent.
    expect(parseSubject(':eu:orders')).toEqual({ context: '.', name: ':eu:orders' });
    expect(parseSubject('::orders')).toEqual({ context: '.', name: '::orders' });
    expect(parseSubject('orders-value')).toEqual({ context: '.', name: 'orders-value' });
  });

  it('stores one spelling: the default context unprefixed, a context alone with its closing colon', () => {
    expect(normalizeSubject(':.:orders-value')).toBe('orders-value');
    expect(normalizeSubject(':.eu')).toBe(':.eu:');
    expect(normalizeSubject(':.eu:x')).toBe(':.eu:x');
    expect(normalizeSubject(':*:x')).toBe(':*:x');
    expect(qualify('.', 'x')).toBe('x');
    expect(qualify('.eu', 'x')).toBe(':.eu:x');
  });

  it('knows the context and the unqualified name of a subject', () => {
    expect([contextOf(':.eu:orders-value'), nameOf(':.eu:orders-value')]).toEqual(['.eu', 'orders-value']);
    expect([contextOf('orders-value'), nameOf('orders-value')]).toEqual(['.', 'orders-value']);
    expect([isContextOnly(':.eu:'), isContextOnly(':.eu:x'), isContextOnly('x')]).toEqual([true, false, false]);
  });

  it('reads unqualified references in the referrer context', () => {
    expect(referenceTarget(':.eu:orders-value', 'common')).toBe(':.eu:common');
    expect(referenceTarget(':.eu:orders-value', ':.us:common')).toBe(':.us:common');
    expect(referenceTarget('orders-value', 'common')).toBe('common');
  });

  it('matches listing prefixes: literal, or by name in every context after :*:', () => {
    expect(matchesPrefix(':.eu:orders', ':.eu:')).toBe(true);
    expect(matchesPrefix(':.eu:orders', 'orders')).toBe(false);
    expect(matchesPrefix(':.eu:orders', ':*:ord')).toBe(true);
    expect(matchesPrefix('orders', ':*:ord')).toBe(true);
    expect(matchesPrefix(':.eu:orders', undefined)).toBe(true);
  });
});

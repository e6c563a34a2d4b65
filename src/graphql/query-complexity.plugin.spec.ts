import { priceOrRefuse } from './query-complexity.plugin';
import { PageSizeError } from './query-cost';

describe('priceOrRefuse', () => {
  it('passes an estimate through', () => {
    expect(priceOrRefuse(() => 42)).toBe(42);
  });

  it('fails closed: an estimator that throws refuses the query with a 400 naming the reason', () => {
    let refusal: any;
    try {
      priceOrRefuse(() => {
        throw new Error('the query has more than 10000 nodes');
      });
    } catch (err) {
      refusal = err;
    }
    expect(refusal.message).toBe("The query's cost could not be estimated, so it is refused: the query has more than 10000 nodes.");
    expect(refusal.extensions).toEqual({ code: 'QUERY_COST_UNKNOWN', http: { status: 400 } });
  });

  it('answers a page size that cannot be priced as bad input naming the field and the rule', () => {
    expect(() =>
      priceOrRefuse(() => {
        throw new PageSizeError('last', -3, 'auditLog');
      }),
    ).toThrow(
      expect.objectContaining({
        message: "'last' must be an integer of at least 1 (auditLog(last: -3)).",
        extensions: { code: 'BAD_USER_INPUT', field: 'last', rule: 'range', http: { status: 400 } },
      }),
    );
  });
});

import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { depthLimitRule } from './depth-limit.rule';

const schema = buildSchema(`
  type Query { node: Node, list: [Node] }
  type Node { name: String, child: Node }
`);
const depthErrors = (query: string, max = 3) => validate(schema, parse(query), [depthLimitRule(max)]).map((e) => e.message);

describe('depthLimitRule', () => {
  it('counts nested fields, leaves as 0, and refuses beyond the limit', () => {
    expect(depthErrors('{ node { child { child { name } } } }')).toEqual([]);
    expect(depthErrors('query Deep { node { child { child { child { name } } } } }')).toEqual([
      "'Deep' exceeds maximum operation depth of 3 (it is 4 deep).",
    ]);
  });

  it('counts through named and inline fragments', () => {
    const viaFragments =
      'query Q { node { ...A } } fragment A on Node { child { ... on Node { child { ...B } } } } fragment B on Node { child { name } }';
    expect(depthErrors(viaFragments)).toEqual(["'Q' exceeds maximum operation depth of 3 (it is 4 deep)."]);
    expect(depthErrors(viaFragments, 4)).toEqual([]);
  });

  it('does not count introspection fields', () => {
    expect(depthErrors('{ __schema { types { fields { type { ofType { ofType { name } } } } } } }', 1)).toEqual([]);
  });

  it('takes linear time on a chain of fragments that each spread the previous one twice', () => {
    const lines = ['{ node { ...F60 } }', 'fragment F0 on Node { child { name } }'];
    for (let i = 1; i <= 60; i++) lines.push(`fragment F${i} on Node { ...F${i - 1} ...F${i - 1} }`);
    const start = performance.now();
    expect(depthErrors(lines.join('\n'))).toEqual([]);
    expect(performance.now() - start).toBeLessThan(1_000); // unmemoised, 2^60 expansions would never end
  });

  it('tolerates unknown fragments and cycles, which graphql-js reports itself', () => {
    const query = '{ node { ...Missing ...A } } fragment A on Node { child { ...B } } fragment B on Node { child { ...A } }';
    expect(depthErrors(query)).toEqual([]);
    const all = validate(schema, parse(query), [...specifiedRules, depthLimitRule(3)]).map((e) => e.message);
    expect(all).toEqual(
      expect.arrayContaining(['Unknown fragment "Missing".', expect.stringMatching(/Cannot spread fragment "A" within itself/)]),
    );
  });
});
